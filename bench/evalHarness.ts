/**
 * Figures of the `forge eval` harness (not a pass/fail test): the built-in suite's self-test time,
 * the eval's wall time per task with the scripted reference model (so the figure is the harness's
 * own overhead: temp folder, git, agent, check), and the size of report.html.
 *   npx tsx bench/evalHarness.ts [jobs]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEval } from '../src/cli/eval/evalCommand';
import { readResults } from '../src/cli/eval/resultsFiles';
import { selfTestTask } from '../src/cli/eval/selfTest';
import { builtinSuiteDir, loadSuites } from '../src/cli/eval/suite';
import { evalContestants } from '../test/support/evalModels';
import { startModelServer } from '../test/support/modelServer';

async function main(): Promise<void> {
  const jobs = Number(process.argv[2] ?? 1);
  const tasks = loadSuites([builtinSuiteDir()]);
  let t0 = Date.now();
  for (const t of tasks) {
    const r = await selfTestTask(t);
    if (!r.ok) throw new Error(`${t.id}: ${r.problem}`);
  }
  const selfTestMs = Date.now() - t0;
  const srv = await startModelServer({ script: evalContestants(tasks) });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-eval-bench-'));
  try {
    const io = { cwd: tmp, stdout: () => undefined, stderr: () => undefined, readStdin: async () => '' };
    t0 = Date.now();
    await runEval(['--endpoint', srv.url, '--model', 'reference', '--jobs', String(jobs), '--out', 'out'], io, { env: {}, tty: false });
    const evalMs = Date.now() - t0;
    const r = readResults(path.join(tmp, 'out'));
    const walls = r.runs.map((x) => x.wallMs).sort((a, b) => a - b);
    const html = fs.statSync(path.join(tmp, 'out', 'report.html')).size;
    const json = fs.statSync(path.join(tmp, 'out', 'results.json')).size;
    console.log(`built-in suite: ${tasks.length} tasks`);
    console.log(`suite self-test (check on repo/ fails, on repo/+solution/ passes): ${(selfTestMs / 1000).toFixed(1)} s total, ${(selfTestMs / tasks.length).toFixed(0)} ms per task`);
    console.log(`eval, scripted reference model, --jobs ${jobs}: ${(evalMs / 1000).toFixed(1)} s for ${r.runs.length} runs (${r.summary.passed} passed), ${(evalMs / r.runs.length).toFixed(0)} ms per task end to end`);
    console.log(`  per-run wall time (agent + check): median ${walls[Math.floor(walls.length / 2)]} ms, min ${walls[0]} ms, max ${walls[walls.length - 1]} ms`);
    for (const x of r.runs) console.log(`    ${x.task.padEnd(30)} ${String(x.wallMs).padStart(6)} ms  ${x.passed ? 'pass' : 'FAIL'}`);
    console.log(`report.html: ${(html / 1024).toFixed(1)} KiB; results.json: ${(json / 1024).toFixed(1)} KiB`);
  } finally {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
