/**
 * --shard and `forge eval merge`: N shard processes (the real CLI, in child processes, against one
 * scripted model server) merge into the same results as one run of everything.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEval } from '../../../src/cli/eval/evalCommand';
import { readResults } from '../../../src/cli/eval/resultsFiles';
import { builtinSuiteDir, loadSuites } from '../../../src/cli/eval/suite';
import type { EvalResultsFile } from '../../../src/core/eval/results';
import { evalContestants } from '../../support/evalModels';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { captureIo, reportCells } from './evalSupport';

const REPO = path.resolve(__dirname, '../../..');

function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(REPO, 'src/cli/main.ts'), ...args], { cwd, env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The parts of a results file that must not depend on how the work was split (times do). */
function comparable(r: EvalResultsFile) {
  return {
    contestants: r.contestants, tasks: r.tasks, repeat: r.repeat,
    runs: r.runs.map(({ wallMs: _w, ...x }) => x),
    summary: { ...r.summary, contestants: r.summary.contestants.map(({ wallMs: _w, ...c }) => c), tasks: r.summary.tasks.map((t) => Object.keys(t.byContestant).map((k) => [t.task, k, t.byContestant[k].passed, t.byContestant[k].runs])) },
  };
}

describe('forge eval --shard and merge', function () {
  this.timeout(300_000);
  const TASKS = ['build-to-find-break', 'config-and-code', 'fix-failing-test', 'remove-duplication'];
  let srv: ModelServer;
  let tmp: string;
  before(async () => {
    srv = await startModelServer({ script: evalContestants(loadSuites([builtinSuiteDir()]), ['remove-duplication']) });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-eval-shard-'));
  });
  after(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('3 shard processes merged give the results of one run', async () => {
    const common = ['--endpoint', srv.url, '--model', 'reference', '--endpoint', srv.url, '--model', 'broken', '--repeat', '2', ...TASKS.flatMap((t) => ['--task', t])];
    const shards = await Promise.all([1, 2, 3].map((i) => cli(['eval', ...common, '--shard', `${i}/3`, '--out', `shard-${i}`], tmp)));
    for (const s of shards) assert.equal(s.code, 0, s.stderr);
    const sizes = [1, 2, 3].map((i) => readResults(path.join(tmp, `shard-${i}`)).runs.length);
    assert.deepEqual(sizes, [6, 5, 5], 'round-robin slices of the 16 runs');
    const merged = await cli(['eval', 'merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged'], tmp);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /1\s+reference\s.*8\/8\s+100\.0%/);

    const { io, err } = captureIo(tmp);
    assert.equal(await runEval([...common, '--jobs', '2', '--out', 'single'], io, { env: {}, tty: false }), 0, err.join(''));
    const one = readResults(path.join(tmp, 'single'));
    const all = readResults(path.join(tmp, 'merged'));
    assert.deepEqual(comparable(all), comparable(one));
    for (const r of all.runs) assert.ok(fs.existsSync(path.join(tmp, 'merged', r.transcript!)), `merged transcript ${r.transcript}`);

    const broken = all.summary.contestants.find((c) => c.model === 'broken')!;
    assert.deepEqual(broken.passAtK, [{ k: 1, value: 0.75 }, { k: 2, value: 0.75 }]);
    const html = fs.readFileSync(path.join(tmp, 'merged', 'report.html'), 'utf8');
    assert.equal(reportCells(html, 'passAtK').get(broken.contestant)!['pass@2'], '75.0%');
  });

  it('merge refuses a run that two folders both hold', async () => {
    const r = await cli(['eval', 'merge', 'shard-1', 'shard-1', '--out', 'twice'], tmp);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is in two of the folders \(was a shard run twice\?\)/);
  });
});
