/** `forge run --worktree` and the task worktrees under it: real git in temp folders, the scripted model server, the real openai SDK. */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/commands';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { worktrees } from '../../../src/cli/run/worktreesCommand';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { call } from '../agent/harness';
import { GREET, makeRepo, sh } from '../../support/gitRepo';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

const REPO = path.resolve(__dirname, '../../..');
const EDIT_BOTH = "greet.js\n<<<<<<< SEARCH\nexports.hi = () => 'hi';\n=======\nexports.hi = (n) => `hi ${n}`;\n>>>>>>> REPLACE\ngreet.js\n<<<<<<< SEARCH\nexports.bye = () => 'bye';\n=======\nexports.bye = () => 'goodbye';\n>>>>>>> REPLACE\n";

describe('forge run --worktree', function () {
  this.timeout(60_000);
  let srv: ModelServer;
  let repo: string;
  let state: string;
  const original = () => GREET;
  beforeEach(async () => {
    srv = await startModelServer();
    repo = makeRepo();
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-wt-state-'));
  });
  afterEach(async () => {
    await srv.close();
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });
  const base = () => ['--endpoint', srv.url, '--model', 'm', '--state', state, '--root', repo, '--no-decisions-log'];

  it('edits in its own worktree; the checkout is unchanged until review, then holds exactly the accepted hunk', async () => {
    srv.script([
      call('propose_edits', { edit: EDIT_BOTH }),
      call('propose_edits', { edit: 'notes.txt\n```\nnew file\n```\n' }),
      call('finish', { summary: 'greet changed' }),
    ]);
    const { io, out, err } = captureIo(repo);
    let seenAtReview: { main: string; wt: string } | undefined;
    const answers = ['y', 'n: keep bye', 'n'];
    const prompt = async () => {
      if (!seenAtReview) {
        const wtDir = /own worktree (\S+) /.exec(out.join(''))![1]!;
        seenAtReview = { main: fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), wt: fs.readFileSync(path.join(wtDir, 'greet.js'), 'utf8') };
      }
      return answers.shift() ?? null;
    };
    const code = await runTask([...base(), '--worktree', 'Change greet'], io, { env: {}, prompt });
    const text = out.join('');
    assert.equal(code, 0, text + err.join(''));
    assert.equal(seenAtReview!.main, original(), 'the checkout was untouched while the task worked');
    assert.match(seenAtReview!.wt, /goodbye/);
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), original().replace("exports.hi = () => 'hi';", 'exports.hi = (n) => `hi ${n}`;'));
    assert.equal(fs.existsSync(path.join(repo, 'notes.txt')), false, 'the rejected new file was not written');
    assert.match(text, /Removed the task's worktree and branch forge\/task-/);
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*').trim(), '');
  });

  it('--commit keeps the work as a commit on the task branch and leaves the checkout alone', async () => {
    srv.script([call('propose_edits', { edit: EDIT_BOTH }), call('finish', { summary: 'greet changed' })]);
    const { io, out } = captureIo(repo);
    const code = await runTask([...base(), '--worktree', '--commit', 'Change greet'], io, { env: {} });
    assert.equal(code, 0, out.join(''));
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), original());
    const branch = sh(repo, 'branch', '--list', 'forge/*').trim();
    assert.match(branch, /^forge\/task-/);
    assert.match(sh(repo, 'show', `${branch}:greet.js`), /goodbye/);
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
  });

  it('two tasks at once on the same repository each work in their own worktree', async () => {
    const srv2 = await startModelServer();
    try {
      srv.script([call('propose_edits', { edit: 'a.txt\n```\nfrom one\n```\n' }), call('run_command', { command: 'ls' }), call('finish', { summary: 'one' })]);
      srv2.script([call('propose_edits', { edit: 'b.txt\n```\nfrom two\n```\n' }), call('run_command', { command: 'ls' }), call('finish', { summary: 'two' })]);
      const one = captureIo(repo);
      const two = captureIo(repo);
      const [c1, c2] = await Promise.all([
        runTask([...base(), '--worktree', '--yes', 'one'], one.io, { env: {} }),
        runTask(['--endpoint', srv2.url, '--model', 'm', '--state', state, '--root', repo, '--no-decisions-log', '--worktree', '--yes', 'two'], two.io, { env: {} }),
      ]);
      assert.equal(c1, 0, one.out.join('') + one.err.join(''));
      assert.equal(c2, 0, two.out.join('') + two.err.join(''));
      assert.equal(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8'), 'from one\n');
      assert.equal(fs.readFileSync(path.join(repo, 'b.txt'), 'utf8'), 'from two\n');
      // Each task saw only its own file.
      const ls1 = srv.chatRequests[2]!.body.messages.at(-1).content as string;
      assert.match(ls1, /a\.txt/);
      assert.doesNotMatch(ls1, /b\.txt/);
      assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
    } finally {
      await srv2.close();
    }
  });

  it('a file the engineer changed meanwhile: nothing is written, the worktree and branch stay', async () => {
    srv.script([call('propose_edits', { edit: EDIT_BOTH }), call('run_command', { command: 'make it' }), call('finish', { summary: 'done' })]);
    const { io, out } = captureIo(repo);
    // The engineer edits greet.js while the task waits for a command approval.
    const prompt = async () => {
      fs.writeFileSync(path.join(repo, 'greet.js'), 'mine\n');
      return 'n';
    };
    const code = await runTask([...base(), '--worktree', '--yes', 'Change greet'], io, { env: {}, prompt });
    const text = out.join('');
    assert.equal(code, 1, text);
    assert.match(text, /greet\.js changed in your checkout since the task started from HEAD, so its change set was not applied; nothing was written\.\nThe task's worktree stays at \S+ \(branch forge\/task-/);
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), 'mine\n');
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 2);
  });

  it('forge worktrees lists a kept worktree, refuses to discard its unreviewed work, and removes it with --force', async () => {
    srv.script([call('propose_edits', { edit: EDIT_BOTH }), call('finish', { summary: 'done' })]);
    const run = captureIo(repo);
    assert.equal(await runTask([...base(), '--worktree', '--yes', '--keep-worktree', 'Change greet'], run.io, { env: {} }), 0, run.out.join(''));
    // Kept: the checkout got the change, the worktree still holds it as unreviewed work.
    assert.match(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), /goodbye/);
    const id = /Task (task-\S+) works/.exec(run.out.join(''))![1]!;
    const list = captureIo(repo);
    assert.equal(await runCli(['worktrees'], list.io), 0);
    assert.match(list.out.join(''), new RegExp(`^${id}  forge/${id}  from HEAD \\([0-9a-f]{12}\\)  1 changed file, 0 commits\n  \\S+/\\.git/forge/worktrees/${id}\n$`));
    const refused = captureIo(repo);
    assert.equal(await runCli(['worktrees', 'discard', id], refused.io), 1);
    assert.match(refused.err.join(''), new RegExp(`^forge worktrees: Task ${id} has unreviewed work in \\S+: 1 changed file \\(greet\\.js\\); nothing was removed\\. Review it first, or run it again with --force to lose it\\.\n$`));
    const forced = captureIo(repo);
    assert.equal(await runCli(['worktrees', 'discard', id, '--force'], forced.io), 0, forced.err.join(''));
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*'), '');
  });

  it('a folder that is not a git repository gets one clear error', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-plain-'));
    try {
      const { io, err } = captureIo(plain);
      const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', state, '--root', plain, '--worktree', 'x'], io, { env: {} });
      assert.equal(code, 1);
      assert.equal(err.join(''), `forge run: ${plain} is not a git repository, so a task cannot get its own worktree there (run \`git init\` and commit first, or run the task without --worktree).\n`);
      assert.equal(srv.chatRequests.length, 0);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('--check: a failure goes back to the model once; the second finish passes', async () => {
    srv.script([
      call('finish', { summary: 'done already' }),
      call('propose_edits', { edit: 'ok.txt\n```\nfixed\n```\n' }),
      call('finish', { summary: 'fixed it' }),
    ]);
    const { io, out } = captureIo(repo);
    const code = await runTask([...base(), '--worktree', '--yes', '--check', 'cat ok.txt', 'Make the check pass'], io, { env: {} });
    const text = out.join('');
    assert.equal(code, 0, text);
    assert.match(text, /✗ check `cat ok\.txt` failed \(exit code 1\); sent back to the model\n {2}cat: ok\.txt: No such file or directory/);
    assert.match(text, /✓ check `cat ok\.txt` passed/);
    assert.match(text, /Done: fixed it\n\nCheck `cat ok\.txt` passed\./);
    const back = srv.chatRequests[1]!.body.messages.at(-1);
    assert.equal(back.role, 'user');
    assert.match(back.content, /its check `cat ok\.txt` ran and failed \(exit code 1\)[\s\S]*No such file/);
    assert.equal(fs.readFileSync(path.join(repo, 'ok.txt'), 'utf8'), 'fixed\n');
    const saved = JSON.parse(fs.readFileSync(path.join(state, fs.readdirSync(state).find((f) => f.endsWith('.json'))!), 'utf8'));
    assert.deepEqual(saved.state.checks.map((c: { passed: boolean; attempt: number }) => [c.passed, c.attempt]), [[false, 1], [true, 2]]);
  });

  it('--check failing twice ends the task with the failure in its summary', async () => {
    srv.script([call('finish', { summary: 'one' }), call('finish', { summary: 'two' })]);
    const { io, out } = captureIo(repo);
    const code = await runTask([...base(), '--yes', '--check', 'exit 3', 'x'], io, { env: {} });
    assert.equal(code, 0);
    assert.match(out.join(''), /Done: two\n\nCheck `exit 3` failed \(exit code 3\) after one retry\./);
    assert.equal(srv.chatRequests.length, 2);
  });

  it('--check: the retry after a failure stays within the step budget', async () => {
    srv.script([call('finish', { summary: 'one' }), call('finish', { summary: 'two' })]);
    const { io, out } = captureIo(repo);
    const code = await runTask([...base(), '--yes', '--max-steps', '1', '--check', 'exit 1', 'x'], io, { env: {} });
    assert.equal(code, 1);
    assert.match(out.join(''), /✗ check `exit 1` failed \(exit code 1\); sent back to the model[\s\S]*Limit reached: Stopped after 1 steps/);
    assert.equal(srv.chatRequests.length, 1);
  });

  it('a task nobody could review keeps its worktree; forge worktrees review writes it later', async () => {
    srv.script([call('propose_edits', { edit: EDIT_BOTH }), call('finish', { summary: 'done' })]);
    const run = captureIo(repo);
    assert.equal(await runTask([...base(), '--worktree', 'Change greet'], run.io, { env: {} }), 1);
    assert.match(run.out.join(''), /The task's change set was not reviewed \(no terminal to ask, and no --yes\), so nothing was written\.\nThe task's worktree stays at/);
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET);
    const id = /Task (task-\S+) works/.exec(run.out.join(''))![1]!;
    const answers = ['n', 'y'];
    const review = captureIo(repo);
    assert.equal(await worktrees(['review', id], review.io, { prompt: async () => answers.shift() ?? null }), 0, review.out.join(''));
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), GREET.replace("exports.bye = () => 'bye';", "exports.bye = () => 'goodbye';"));
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*'), '');
  });

  it('the check runs in the sandbox: it can write in the task\'s worktree and not in the checkout', async function () {
    if (!fs.existsSync('/usr/bin/bwrap')) this.skip();
    srv.script([call('finish', { summary: 'one' }), call('finish', { summary: 'two' })]);
    const { io, out } = captureIo(repo);
    const code = await runTask([...base(), '--worktree', '--yes', '--keep-worktree', '--check', `echo ok > inside.txt && echo x > ${repo}/escaped.txt`, 'x'], io, { env: {} });
    const text = out.join('');
    assert.equal(code, 0, text);
    // (The repository lies under /tmp, which is the sandbox's own: the write lands there, never in the checkout.)
    assert.match(text, /✓ check `echo ok > inside\.txt && echo x > \S+\/escaped\.txt` passed/);
    assert.equal(fs.existsSync(path.join(repo, 'escaped.txt')), false, 'the check could not write in the checkout');
    const wtDir = /own worktree (\S+) /.exec(text)![1]!;
    assert.equal(fs.readFileSync(path.join(wtDir, 'inside.txt'), 'utf8'), 'ok\n');
  });

  it('two forge run --worktree processes at once on the same repository both work', async () => {
    const srv2 = await startModelServer();
    try {
      // Slow replies (~0.3 s per turn), so the two tasks overlap.
      const slow = (r: ReturnType<typeof call>) => ({ ...r, text: 'Working on it. '.repeat(4), textChunkSize: 6, chunkDelayMs: 30 });
      srv.script([slow(call('propose_edits', { edit: 'a.txt\n```\nfrom one\n```\n' })), slow(call('finish', { summary: 'one' }))]);
      srv2.script([slow(call('propose_edits', { edit: 'b.txt\n```\nfrom two\n```\n' })), slow(call('finish', { summary: 'two' }))]);
      const cli = (url: string) => new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'src/cli/main.ts'), 'run', '--worktree', '--yes', '--no-decisions-log', '--endpoint', url, '--model', 'm', '--state', state, 'task'], { cwd: repo, env: { ...process.env, FORGE_API_KEY: 'k', NO_COLOR: '1' } });
        let out = '';
        child.stdout.on('data', (b) => (out += b));
        child.stderr.on('data', (b) => (out += b));
        child.on('close', (code) => resolve({ code, out }));
      });
      const [one, two] = await Promise.all([cli(srv.url), cli(srv2.url)]);
      assert.equal(one.code, 0, one.out);
      assert.equal(two.code, 0, two.out);
      assert.equal(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8'), 'from one\n');
      assert.equal(fs.readFileSync(path.join(repo, 'b.txt'), 'utf8'), 'from two\n');
      assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
      assert.equal(sh(repo, 'branch', '--list', 'forge/*'), '');
    } finally {
      await srv2.close();
    }
  });

  it('--check also runs when the model ends with a plain answer instead of the finish tool', async () => {
    srv.script([{ text: 'All done.' }, call('propose_edits', { edit: 'ok.txt\n```\nfixed\n```\n' }), { text: 'Fixed.' }]);
    const { io, out } = captureIo(repo);
    const code = await runTask([...base(), '--yes', '--check', 'cat ok.txt', 'x'], io, { env: {} });
    assert.equal(code, 0, out.join(''));
    assert.match(out.join(''), /sent back to the model[\s\S]*✓ check `cat ok\.txt` passed[\s\S]*Done: Fixed\.\n\nCheck `cat ok\.txt` passed\./);
    assert.equal(srv.chatRequests.length, 3);
  });
});
