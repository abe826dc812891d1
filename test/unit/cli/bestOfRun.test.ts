/**
 * `forge run --best-of N`: real git repositories in temp folders, the scripted model server answering
 * each endpoint (model) differently, the real openai SDK; the pick's exact bytes in the checkout, the
 * preference record through `forge export`, a dead endpoint, and a killed run left to `forge worktrees`.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/commands';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { worktrees } from '../../../src/cli/run/worktreesCommand';
import { preferenceExportLineSchema } from '../../../src/core/usage/decisionExport';
import { DecisionLog } from '../../../src/node/decisionLog';
import { startModelServer, type ModelServer, type ScriptedResponse } from '../../support/modelServer';
import { call } from '../agent/harness';
import { GREET, makeRepo, sh } from '../../support/gitRepo';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

const REPO = path.resolve(__dirname, '../../..');
const sr = (p: string, from: string, to: string) => `${p}\n<<<<<<< SEARCH\n${from}\n=======\n${to}\n>>>>>>> REPLACE\n`;
const HI = "exports.hi = () => 'hi';";
const BYE = "exports.bye = () => 'bye';";
/** alpha: hi takes a name; beta: hi says hello and bye says goodbye; gamma: a new file. */
const ANSWERS: Record<string, ScriptedResponse[]> = {
  m1: [call('propose_edits', { edit: sr('greet.js', HI, 'exports.hi = (n) => `hi ${n}`;') }), call('finish', { summary: 'alpha done' }), call('finish', { summary: 'alpha again' })],
  m2: [call('propose_edits', { edit: sr('greet.js', HI, "exports.hi = () => 'hello';") + sr('greet.js', BYE, "exports.bye = () => 'goodbye';") }), call('finish', { summary: 'beta done' }), call('finish', { summary: 'beta again' })],
  m3: [call('propose_edits', { edit: 'notes.txt\n```\nfrom gamma\n```\n' }), call('finish', { summary: 'gamma done' }), call('finish', { summary: 'gamma again' })],
};

describe('forge run --best-of', function () {
  this.timeout(90_000);
  let srv: ModelServer;
  let repo: string;
  let tmp: string;
  let log: string;
  let deadPort = 0;
  beforeEach(async () => {
    srv = await startModelServer();
    const queues = Object.fromEntries(Object.entries(ANSWERS).map(([m, a]) => [m, [...a]]));
    srv.script((req) => queues[req.body.model as string]?.shift() ?? { text: 'nothing more' });
    repo = makeRepo();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bo-'));
    log = path.join(tmp, 'decisions.jsonl');
    const profile = (id: string, model: string, extra: object = {}) => fs.writeFileSync(path.join(tmp, `${id}.json`), JSON.stringify({ id, label: id, baseUrl: srv.url, model, ...extra }));
    profile('alpha', 'm1', { pricing: { inputPerMillion: 1, outputPerMillion: 2 } });
    profile('beta', 'm2');
    profile('gamma', 'm3');
    // A port nothing listens on: a server that was there and closed.
    const gone = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => gone.once('listening', r));
    deadPort = (gone.address() as net.AddressInfo).port;
    await new Promise((r) => gone.close(r));
    fs.writeFileSync(path.join(tmp, 'dead.json'), JSON.stringify({ id: 'dead', label: 'dead', baseUrl: `http://127.0.0.1:${deadPort}/v1`, model: 'm9' }));
  });
  afterEach(async () => {
    await srv.close();
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const args = (endpoints: string, ...more: string[]) => ['--endpoints', endpoints.split(',').map((e) => path.join(tmp, `${e}.json`)).join(','), '--state', tmp, '--root', repo, '--decisions-log', log, ...more];
  const answering = (answers: string[]) => async () => answers.shift() ?? null;
  const noWorktreesLeft = () => {
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*').trim(), '');
  };

  it('3 candidates side by side; picking one writes exactly its accepted hunks, records the pick, removes every worktree', async () => {
    const { io, out, err } = captureIo(repo);
    const code = await runTask([...args('alpha,beta,gamma', '--check', 'grep -q goodbye greet.js'), '--best-of', '3', 'Improve greet'], io, { env: {}, prompt: answering(['c2', 'y', 'n', 'beta says goodbye']) });
    const text = out.join('');
    assert.equal(code, 0, text + err.join(''));
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET.replace(HI, "exports.hi = () => 'hello';"));
    assert.equal(fs.existsSync(path.join(repo, 'notes.txt')), false);
    // The side-by-side table: one row per candidate, with its check, cost (alpha has prices) and result.
    const table = /Candidates:\n(.*\n){4}/.exec(text)![0];
    assert.match(table, /^ +endpoint +model +files +\+\/- +check +cost +tokens +time +result$/m);
    assert.match(table, /^ {2}c1 +alpha +m1 +1 +\+1 -1 +failed +\$0\.\d{4} +[\d,]+ +\d+\.\d s +done$/m);
    assert.match(table, /^ {2}c2 +beta +m2 +1 +\+2 -2 +passed +- +[\d,]+ +\d+\.\d s +done$/m);
    assert.match(table, /^ {2}c3 +gamma +m3 +1 +\+1 -0 +failed +- +[\d,]+ +\d+\.\d s +done$/m);
    assert.match(text, /\[c1\] ✗ check `grep -q goodbye greet\.js` failed \(exit code 1\); sent back to the model/);
    assert.match(text, /Removed the worktrees and branches of c1, c3\./);
    noWorktreesLeft();

    const read = await new DecisionLog(log).read();
    assert.equal(read.preferences.length, 1);
    const p = read.preferences[0]!;
    assert.deepEqual([p.chosen, p.taken, p.reason, p.task], ['c2', [{ candidateId: 'c2', path: 'greet.js', hunkIndex: 0 }], 'beta says goodbye', 'Improve greet']);
    assert.deepEqual(p.candidates.map((c) => [c.id, c.endpoint, c.model, c.check, c.outcome, c.files]), [['c1', 'alpha', 'm1', 'failed', 'done', 1], ['c2', 'beta', 'm2', 'passed', 'done', 1], ['c3', 'gamma', 'm3', 'failed', 'done', 1]]);
    assert.ok(p.candidates[0]!.costUsd! > 0 && p.candidates[1]!.costUsd === null && p.candidates.every((c) => c.tokens! > 0 && c.durationMs > 0));
    assert.deepEqual(read.records.map((r) => [r.model, r.path, r.hunkIndex, r.decision]), [['m2', 'greet.js', 0, 'accept'], ['m2', 'greet.js', 1, 'reject']]);

    // forge export carries the pick with all three endpoints next to the hunk lines.
    const e = captureIo(tmp);
    assert.equal(await runCli(['export', '--log', log, '--user', 'alice'], e.io), 0, e.err.join(''));
    const lines = e.out.join('').trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    assert.deepEqual(lines.map((l) => l.kind), ['hunk', 'hunk', 'preference']);
    const pick = preferenceExportLineSchema.parse(lines[2]);
    assert.deepEqual(pick.candidates.map((c) => c.endpoint), ['alpha', 'beta', 'gamma']);
    assert.deepEqual([pick.user, pick.chosen, pick.groupId], ['alice', 'c2', p.groupId]);
  });

  it('hunks from two candidates: an overlapping pick is refused, the others are written exactly', async () => {
    const { io, out, err } = captureIo(repo);
    // Order: greet.js line 1 (c1, then c2's alternative), greet.js line 14 (c2), notes.txt (c3).
    const code = await runTask([...args('alpha,beta,gamma'), 'Improve greet'], io, { env: {}, prompt: answering(['h', 'y', 'y', 'y', 'n', '']) });
    const text = out.join('');
    assert.equal(code, 0, text + err.join(''));
    assert.match(text, /Not taken: c2's hunk 1 of greet\.js \(lines 1-1\) overlaps c1's hunk 1 of greet\.js \(lines 1-1\), which you took \(they change the same lines\)\./);
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET.replace(HI, 'exports.hi = (n) => `hi ${n}`;').replace(BYE, "exports.bye = () => 'goodbye';"));
    assert.equal(fs.existsSync(path.join(repo, 'notes.txt')), false);
    noWorktreesLeft();
    const read = await new DecisionLog(log).read();
    const p = read.preferences[0]!;
    assert.deepEqual([p.chosen, p.reason], [null, null]);
    assert.deepEqual(p.taken, [{ candidateId: 'c1', path: 'greet.js', hunkIndex: 0 }, { candidateId: 'c2', path: 'greet.js', hunkIndex: 1 }]);
    assert.deepEqual(read.records.map((r) => [r.model, r.hunkIndex, r.decision]), [['m1', 0, 'accept'], ['m2', 1, 'accept'], ['m3', 0, 'reject']]);
  });

  it('a dead endpoint is shown as failed; the other candidates stay usable', async () => {
    const { io, out, err } = captureIo(repo);
    const code = await runTask([...args('alpha,dead,gamma'), 'Improve greet'], io, { env: {}, prompt: answering(['1', 'y', '']) });
    const text = out.join('');
    assert.equal(code, 0, text + err.join(''));
    assert.match(text, /^ {2}c2 +dead +m9 +0 +\+0 -0 +none +- +- +\d+\.\d s +failed$/m);
    assert.match(text, new RegExp(`^  c2: Nothing is listening at http://127\\.0\\.0\\.1:${deadPort}/v1\\.$`, 'm'));
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET.replace(HI, 'exports.hi = (n) => `hi ${n}`;'));
    noWorktreesLeft();
    const p = (await new DecisionLog(log).read()).preferences[0]!;
    assert.deepEqual(p.candidates.map((c) => [c.endpoint, c.outcome, c.changeSetId === null]), [['alpha', 'done', false], ['dead', 'failed', true], ['gamma', 'done', false]]);
    assert.equal(p.chosen, 'c1');
  });

  it('hunks taken from a file you changed meanwhile: nothing is written, nothing recorded, the worktrees stay', async () => {
    fs.writeFileSync(path.join(repo, 'greet.js'), `${GREET}// mine\n`);
    const { io, out } = captureIo(repo);
    const code = await runTask([...args('alpha,gamma'), 'Improve greet'], io, { env: {}, prompt: answering(['h', 'y', 'y']) });
    const text = out.join('');
    assert.equal(code, 1, text);
    assert.match(text, /The hunks you took could not be written \(.*greet\.js.*\); nothing was written\.\nThe candidates' worktrees stay/);
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), `${GREET}// mine\n`);
    assert.equal(fs.existsSync(path.join(repo, 'notes.txt')), false, 'all or nothing: the other file was not written either');
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 3);
    assert.equal(fs.existsSync(log), false);
  });

  it('with nobody to pick, nothing is written and every worktree stays for forge worktrees', async () => {
    const { io, out } = captureIo(repo);
    assert.equal(await runTask([...args('alpha,beta'), 'Improve greet'], io, { env: {} }), 1);
    assert.match(out.join(''), /Nobody to pick \(no terminal to ask\), so nothing was written\.\nThe candidates' worktrees stay/);
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET);
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 3);
    assert.equal(fs.existsSync(log), false, 'no pick, no record');
  });

  it('--endpoints names profiles by their id in ~/.forge/settings.json', async () => {
    const profiles = ['alpha', 'gamma'].map((id) => JSON.parse(fs.readFileSync(path.join(tmp, `${id}.json`), 'utf8')));
    fs.mkdirSync(path.join(tmp, '.forge'));
    fs.writeFileSync(path.join(tmp, '.forge', 'settings.json'), JSON.stringify({ 'forge.endpoints': profiles }));
    const { io, out, err } = captureIo(repo);
    const code = await runTask(['--endpoints', 'gamma,alpha', '--state', tmp, '--root', repo, '--decisions-log', log, 'Improve greet'], io, { env: { HOME: tmp }, prompt: answering(['c1', 'y', '']) });
    assert.equal(code, 0, out.join('') + err.join(''));
    assert.match(out.join(''), /^ {2}c1 +gamma +m3 .*\n {2}c2 +alpha +m1 /m);
    assert.equal(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8'), 'from gamma\n');
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET);
    noWorktreesLeft();
  });

  it('a killed run leaves its candidates\' worktrees to review or remove with forge worktrees', async () => {
    // Slow replies, so the run is killed while the candidates work.
    const slow = (r: ScriptedResponse): ScriptedResponse => ({ ...r, text: 'Working. '.repeat(20), textChunkSize: 4, chunkDelayMs: 40 });
    const queues: Record<string, ScriptedResponse[]> = { m1: [ANSWERS.m1![0]!, slow(call('finish', { summary: 'x' }))], m2: [ANSWERS.m2![0]!, slow(call('finish', { summary: 'y' }))] };
    srv.script((req) => queues[req.body.model as string]?.shift() ?? slow({ text: 'more' }));
    const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'src/cli/main.ts'), 'run', ...args('alpha,beta'), 'Improve greet'], { cwd: repo, env: { ...process.env, FORGE_API_KEY: 'k', NO_COLOR: '1' } });
    let text = '';
    child.stdout.on('data', (b) => (text += b));
    // Both candidates asked their second turn, so both edits are in their worktrees: kill the run mid-turn.
    const poll = setInterval(() => {
      if (srv.chatRequests.length >= 4) child.kill('SIGKILL');
    }, 20);
    await new Promise<void>((resolve, reject) => {
      child.on('close', () => resolve());
      child.on('error', reject);
    }).finally(() => clearInterval(poll));
    assert.match(text, /Best of 2 \((bo-\S+)\)/, text);
    const group = /Best of 2 \((bo-\S+)\)/.exec(text)![1]!;
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET, 'nothing half-applied in the checkout');
    const list = captureIo(repo);
    assert.equal(await runCli(['worktrees'], list.io), 0);
    assert.match(list.out.join(''), new RegExp(`^${group}-c1  forge/${group}-c1 .* 1 changed file, 0 commits$`, 'm'));
    assert.match(list.out.join(''), new RegExp(`^${group}-c2  forge/${group}-c2 .* 1 changed file, 0 commits$`, 'm'));
    const review = captureIo(repo);
    assert.equal(await worktrees(['review', `${group}-c2`], review.io, { prompt: answering(['n', 'y']) }), 0, review.out.join(''));
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET.replace(BYE, "exports.bye = () => 'goodbye';"));
    const discard = captureIo(repo);
    assert.equal(await runCli(['worktrees', 'discard', `${group}-c1`, '--force'], discard.io), 0, discard.err.join(''));
    noWorktreesLeft();
  });

  it('refuses what cannot go with --best-of in one sentence', async () => {
    const cases: [string[], RegExp][] = [
      [[...args('alpha,beta'), '--yes', 't'], /--yes cannot pick for you/],
      [[...args('alpha,beta'), '--best-of', '3', 't'], /--best-of 3 does not match the 2 endpoints/],
      [['--endpoint', srv.url, '--model', 'm1', '--root', repo, '--best-of', '1', 't'], /2 to 8 candidates/],
      [['--endpoints', 'nosuch,other', '--root', repo, '--state', tmp, 't'], /"nosuch" is neither a profile file nor the id of a profile/],
    ];
    for (const [a, re] of cases) {
      const { io, err } = captureIo(repo);
      assert.equal(await runTask(a, io, { env: { HOME: tmp } }), 2, a.join(' '));
      assert.match(err.join(''), re);
    }
    assert.equal(srv.chatRequests.length, 0);
  });
});
