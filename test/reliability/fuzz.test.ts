/**
 * Bad input, with fast-check: a sample of ~2,000 generated inputs over the edit parsers, settings,
 * webview messages and tool arguments (bench/fuzz.ts runs 100,000). No throw, no unhandled
 * rejection, every refusal a clear message. The seed is fixed per run date so a failure reproduces
 * (FORGE_FUZZ_SEED overrides it).
 */
import { strict as assert } from 'node:assert';
import { figures } from './figures';
import { fuzzAll } from './fuzzTargets';

describe('reliability: bad input (fast-check)', function () {
  this.timeout(60_000);
  it('2,000 generated inputs: no crash, no unhandled rejection, every refusal a clear message', async () => {
    const seed = Number(process.env.FORGE_FUZZ_SEED) || 20261207;
    const r = await fuzzAll(Number(process.env.FORGE_FUZZ_RUNS) || 2_000, seed);
    figures.inputsFuzzed += r.inputs;
    figures.fuzzFailures += r.failures.length;
    assert.deepEqual(r.failures, []);
    assert.ok(r.inputs >= 1_900, `${r.inputs} inputs`);
  });
});
