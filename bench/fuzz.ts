/**
 * The reliability suite's fuzzing at full size: 100,000 fast-check inputs (default) over the edit
 * parsers, settings, webview messages and tool arguments (test/reliability/fuzzTargets.ts), with
 * inputs per second and failures per target. The test run fuzzes a 2,000-input sample.
 *
 *   npx tsx bench/fuzz.ts [inputs] [seed]
 */
import { fuzzAll } from '../test/reliability/fuzzTargets';

async function main(): Promise<void> {
  const total = Number(process.argv[2]) || 100_000;
  const seed = Number(process.argv[3]) || Date.now() % 2 ** 31;
  console.log(`fuzzing ${total} inputs, seed ${seed}`);
  const t0 = Date.now();
  const r = await fuzzAll(total, seed, (name, runs, ms, failure) => {
    console.log(`  ${name.padEnd(36)} ${String(runs).padStart(7)} inputs  ${String(Math.round(runs / (ms / 1000))).padStart(7)} inputs/s  ${failure ? `FAILED: ${failure}` : '0 failures'}`);
  });
  const s = (Date.now() - t0) / 1000;
  console.log(`total: ${r.inputs} inputs in ${s.toFixed(1)} s (${Math.round(r.inputs / s)} inputs/s), ${r.failures.length} failures`);
  for (const f of r.failures) console.log(`  ${f}`);
  process.exitCode = 0;
}

void main();
