/** Limits and records on a suite that is not the built-in one: steps, timeouts, commands, --json, usage errors. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEval } from '../../../src/cli/eval/evalCommand';
import type { EvalResultsFile } from '../../../src/core/eval/results';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import type { RecordedRequest, ScriptedResponse } from '../../support/modelServer/types';
import { captureIo } from './evalSupport';

function writeTask(root: string, id: string, spec: object, files: Record<string, string> = { 'a.txt': 'a\n' }): void {
  fs.mkdirSync(path.join(root, id, 'repo'), { recursive: true });
  fs.writeFileSync(path.join(root, id, 'task.json'), JSON.stringify({ id, ...spec }));
  for (const [p, t] of Object.entries(files)) fs.writeFileSync(path.join(root, id, 'repo', p), t);
}

describe('forge eval limits and records', function () {
  this.timeout(60_000);
  let srv: ModelServer;
  let tmp: string;
  before(async () => {
    srv = await startModelServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-eval-limits-'));
    const suite = path.join(tmp, 'suite');
    // The check passes on the untouched repo: only the limits can fail these runs.
    writeTask(suite, 'loops', { instruction: 'Loop forever.', check: 'true', maxSteps: 3 });
    writeTask(suite, 'stalls', { instruction: 'Stall.', check: 'true', timeoutSeconds: 1 });
    // `node make.js` runs project code the task allows; `node -e CODE` would ask (inline code), and an eval denies what asks.
    writeTask(suite, 'runs-commands', { instruction: 'Run commands.', check: 'test -f made.txt', allow: ['node'] }, { 'a.txt': 'a\n', 'make.js': "require('fs').writeFileSync('made.txt', 'x');\n" });
  });
  after(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a run over its step budget or its timeout fails with the reason; commands run and denied are recorded', async () => {
    srv.script((req: RecordedRequest): ScriptedResponse => {
      const first = req.body.messages.find((m: any) => m.role === 'user').content as string;
      const tools = req.body.messages.filter((m: any) => m.role === 'tool').length;
      if (first.includes('Stall.')) return { fault: { kind: 'stallBeforeFirstByte', ms: 10_000 } };
      if (first.includes('Loop forever.')) return { toolCalls: [{ name: 'list_dir', arguments: { path: '', depth: tools + 1 } }] };
      if (tools === 0) return { toolCalls: [{ name: 'run_command', arguments: { command: 'node make.js' } }] };
      if (tools === 1) return { toolCalls: [{ name: 'run_command', arguments: { command: 'rm -rf a.txt' } }] };
      return { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
    });
    const { io, out, err } = captureIo(tmp);
    const code = await runEval(['suite', '--endpoint', srv.url, '--model', 'm', '--jobs', '3', '--json', '--out', 'out'], io, { env: {}, tty: false, clientOptions: { retry: { maxAttempts: 1 } } });
    assert.equal(code, 0, err.join(''));
    const r = JSON.parse(out.join('')) as EvalResultsFile;
    const by = new Map(r.runs.map((x) => [x.task, x]));
    assert.equal(by.get('loops')!.passed, false);
    assert.equal(by.get('loops')!.ended, 'limitReached');
    assert.match(by.get('loops')!.error!, /Stopped after 3 steps/);
    assert.deepEqual(by.get('loops')!.toolCalls, { list_dir: 3 });
    assert.equal(by.get('stalls')!.passed, false);
    assert.equal(by.get('stalls')!.ended, 'timeout');
    assert.equal(by.get('stalls')!.error, 'timed out after 1 s (the task\'s timeoutSeconds)');
    const cmd = by.get('runs-commands')!;
    assert.ok(cmd.passed, cmd.error);
    assert.equal(cmd.commands.length, 2);
    assert.equal(cmd.commands[0], 'node make.js');
    assert.match(cmd.commands[1], /^rm -rf a\.txt {2}\(denied: .*not on the allowlist/);
    assert.match(cmd.diff, /made\.txt/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'results.json'), 'utf8')).runs, r.runs);
  });

  it('an interrupted eval records the runs so far (the running one as stopped) and skips the rest', async () => {
    const { io, err } = captureIo(tmp);
    writeTask(path.join(tmp, 'suite2'), 'stalls-long', { instruction: 'Stall.', check: 'true', timeoutSeconds: 60 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 1500);
    const code = await runEval(['suite2', '--repeat', '2', '--endpoint', srv.url, '--model', 'm', '--out', 'cut'], io, { env: {}, tty: false, signal: ctrl.signal, clientOptions: { retry: { maxAttempts: 1 } } });
    assert.equal(code, 0, err.join(''));
    assert.match(err.join(''), /interrupted; 1 of 2 runs are recorded/);
    const r = JSON.parse(fs.readFileSync(path.join(tmp, 'cut', 'results.json'), 'utf8')) as EvalResultsFile;
    assert.deepEqual(r.runs.map((x) => [x.repeat, x.passed, x.ended]), [[1, false, 'stopped']]);
  });

  it('--self-test reports a task whose check already passes, or that has no solution/', async () => {
    const suite = path.join(tmp, 'suite3');
    writeTask(suite, 'sound', { instruction: 'i', check: 'test -f b.txt' });
    fs.mkdirSync(path.join(suite, 'sound', 'solution'));
    fs.writeFileSync(path.join(suite, 'sound', 'solution', 'b.txt'), 'b\n');
    writeTask(suite, 'trivial', { instruction: 'i', check: 'test -f a.txt' });
    fs.mkdirSync(path.join(suite, 'trivial', 'solution'));
    writeTask(suite, 'unsolved', { instruction: 'i', check: 'false' });
    const { io, out, err } = captureIo(tmp);
    assert.equal(await runEval(['suite3', '--self-test', '--jobs', '2'], io, { env: {} }), 1);
    assert.equal(out.join(''), '1 of 3 tasks are sound; not: trivial, unsolved\n');
    assert.match(err.join(''), /BAD  trivial .*: the check passes on repo\/ alone: `test -f a\.txt`/);
    assert.match(err.join(''), /BAD  unsolved .*: the task has no solution\/ folder/);
    assert.match(err.join(''), /ok   sound/);
  });

  it('usage errors name the problem', async () => {
    const { io, err } = captureIo(tmp);
    assert.equal(await runEval(['suite', '--endpoint', srv.url, '--model', 'm', '--task', 'nope'], io, { env: {} }), 2);
    assert.match(err.join(''), /no task has the id nope/);
    writeTask(path.join(tmp, 'bad'), 'x', { instruction: 'i' });
    assert.equal(await runEval(['bad', '--endpoint', srv.url, '--model', 'm'], io, { env: {} }), 2);
    assert.match(err.join(''), /task\.json is not a valid task: check: /);
  });
});
