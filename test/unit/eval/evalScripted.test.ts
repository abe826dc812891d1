/**
 * `forge eval` is honest by construction: scripted contestants through the real client and the
 * real agent, on the built-in suite. The reference solution passes every task, only calling
 * finish passes none, a broken edit fails its task; the report shows results.json's numbers.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEval } from '../../../src/cli/eval/evalCommand';
import { readResults } from '../../../src/cli/eval/resultsFiles';
import { builtinSuiteDir, loadSuites } from '../../../src/cli/eval/suite';
import type { EvalResultsFile } from '../../../src/core/eval/results';
import { formatPercent, formatSeconds, formatUsd } from '../../../src/core/eval/summary';
import { evalContestants } from '../../support/evalModels';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { captureIo, reportCells } from './evalSupport';

describe('forge eval with scripted contestants', function () {
  this.timeout(300_000);
  const tasks = loadSuites([builtinSuiteDir()]);
  const BROKEN = 'remove-duplication';
  let srv: ModelServer;
  let tmp: string;
  let results: EvalResultsFile;
  let html: string;
  let stdout: string;
  let ms: number;

  before(async () => {
    srv = await startModelServer({ script: evalContestants(tasks, [BROKEN]) });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-eval-test-'));
    fs.writeFileSync(path.join(tmp, 'reference.json'), JSON.stringify({ id: 'ref', label: 'Reference', baseUrl: srv.url, model: 'reference', supportsTools: true, pricing: { inputPerMillion: 1, outputPerMillion: 2 } }));
    const { io, out, err } = captureIo(tmp);
    const t0 = Date.now();
    const code = await runEval(['--profile', 'reference.json', '--endpoint', srv.url, '--model', 'broken', '--endpoint', srv.url, '--model', 'finish', '--jobs', '3', '--out', 'out'], io, { env: {}, tty: false, clientOptions: { retry: { maxAttempts: 1 } } });
    ms = Date.now() - t0;
    assert.equal(code, 0, err.join(''));
    stdout = out.join('');
    results = readResults(path.join(tmp, 'out'));
    html = fs.readFileSync(path.join(tmp, 'out', 'report.html'), 'utf8');
  });
  after(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const runsOf = (contestant: string) => results.runs.filter((r) => r.model === contestant);

  it('the reference solution, carried out with Forge\'s tools, passes every task', () => {
    const runs = runsOf('reference');
    assert.equal(runs.length, tasks.length);
    for (const r of runs) {
      assert.ok(r.passed, `${r.task}: ${r.error}\n${r.checkOutput ?? ''}`);
      assert.equal(r.ended, 'finished');
      assert.deepEqual(r.toolCalls, { propose_edits: 1, finish: 1 });
      assert.equal(r.steps, 2);
      assert.equal(r.editRefusals, 0);
      assert.deepEqual(r.tokens, { input: 2000, output: 200 });
      assert.equal(r.costUsd, (2000 * 1 + 200 * 2) / 1e6);
      assert.match(r.diff, /^diff --git /);
      assert.ok(r.transcript && fs.existsSync(path.join(tmp, 'out', r.transcript)), `transcript of ${r.task}`);
    }
    const crlf = runs.find((r) => r.task === 'crlf-file-edit')!;
    assert.match(crlf.diff, /\+MaxConnections=64\r\n\+Timeout=30\r\n/, 'the CRLF file kept its line endings');
  });

  it('a contestant that only calls finish passes no task, and each failure says why', () => {
    const runs = runsOf('finish');
    assert.equal(runs.length, tasks.length);
    for (const r of runs) {
      assert.equal(r.passed, false, r.task);
      assert.equal(r.diff, '');
      assert.match(r.error ?? '', /^the check exited with [1-9]/);
    }
  });

  it('a broken edit fails that task and only that task', () => {
    const runs = runsOf('broken');
    assert.deepEqual(runs.filter((r) => !r.passed).map((r) => r.task), [BROKEN]);
  });

  it('ranks by pass rate, then cost; the stdout table ends the output', () => {
    assert.deepEqual(results.summary.contestants.map((c) => c.model), ['reference', 'broken', 'finish']);
    const [ref, broken, finish] = results.summary.contestants;
    assert.equal(ref.passRate, 1);
    assert.equal(broken.passed, tasks.length - 1);
    assert.equal(finish.passRate, 0);
    assert.ok(Math.abs(ref.costUsd! - tasks.length * 0.0024) < 1e-12, String(ref.costUsd));
    assert.equal(broken.costUsd, null);
    const last = stdout.trimEnd().split('\n').slice(-3);
    assert.match(last[0], /^\s*1\s+Reference \(ref\)\s+13\/13\s+100\.0%\s+\$0\.0312/);
    assert.match(last[2], /^\s*3\s+finish \(finish@127\.0\.0\.1:\d+\)\s+0\/13\s+0\.0%\s+-/);
  });

  it('report.html is self-contained and shows exactly the numbers of results.json', () => {
    assert.doesNotMatch(html, /<script|<link|<img|@import|url\(|\s(?:src|href)=/, 'loads nothing from outside the page');
    assert.match(html, /prefers-color-scheme:dark/);
    const rows = reportCells(html, 'contestants');
    for (const c of results.summary.contestants) {
      const row = rows.get(c.contestant)!;
      assert.equal(row.passed, `${c.passed}/${c.runs}`);
      assert.equal(row.passRate, formatPercent(c.passRate));
      assert.equal(row.costUsd, formatUsd(c.costUsd));
      assert.equal(row.wall, formatSeconds(c.wallMs));
    }
    const bars = [...html.matchAll(/<svg class="chart" role="img" aria-label="Pass rate per contestant"[\s\S]*?<\/svg>/g)][0][0];
    assert.deepEqual([...bars.matchAll(/data-value="([^"]+)"/g)].map((m) => Number(m[1])), results.summary.contestants.map((c) => c.passRate));
    const taskRows = reportCells(html, 'tasks');
    for (const t of results.summary.tasks) {
      for (const [id, cell] of Object.entries(t.byContestant)) {
        assert.equal(taskRows.get(t.task)![`passed:${id}`], `${cell.passed}/${cell.runs}`);
        assert.equal(taskRows.get(t.task)![`wall:${id}`], formatSeconds(cell.meanWallMs));
      }
    }
    assert.equal((html.match(/<tr data-key="[^"]+\/[^"]+\/\d+">/g) ?? []).length, results.runs.length);
    process.stderr.write(`      (eval: ${results.runs.length} runs in ${(ms / 1000).toFixed(1)} s with --jobs 3, ${(ms / results.runs.length).toFixed(0)} ms per run; report.html ${(Buffer.byteLength(html) / 1024).toFixed(1)} KiB)\n`);
  });
});
