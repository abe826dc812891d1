/** Task worktrees (src/node/worktrees) on real git repositories in temp folders. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_DEFAULTS } from '../../../src/core/settings/sandboxSettings';
import { ShellSandbox } from '../../../src/node/sandbox/shellSandbox';
import { commitTaskWork, createTaskWorktree, discardTaskWorktree, listTaskWorktrees, staleInCheckout, UnreviewedWorkError, worktreeChanges } from '../../../src/node/worktrees';
import { makeRepo, sh } from '../../support/gitRepo';

describe('task worktrees', function () {
  this.timeout(30_000);
  let repo: string;
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('creates branch forge/<id> in the git folder, outside the checkout, from HEAD or a base ref', async () => {
    const first = sh(repo, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(repo, 'README.md'), '# demo 2\n');
    sh(repo, 'commit', '-qam', 'second');
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1', base: first });
    assert.equal(wt.path, path.join(repo, '.git', 'forge', 'worktrees', 't1'));
    assert.equal(wt.branch, 'forge/t1');
    assert.equal(wt.baseCommit, first);
    assert.equal(fs.readFileSync(path.join(wt.path, 'README.md'), 'utf8'), '# demo\n');
    assert.equal(sh(repo, 'status', '--porcelain'), '', 'the checkout does not see the worktree');
    assert.deepEqual((await listTaskWorktrees(repo)).map((w) => w.taskId), ['t1']);
    await assert.rejects(createTaskWorktree({ folder: repo, taskId: 't2', base: 'nope' }), /"nope" is not a commit, branch or tag/);
  });

  it('24 tasks starting at once each get their worktree (git worktree add is serialised per repository)', async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const made = await Promise.all(ids.map((taskId) => createTaskWorktree({ folder: repo, taskId })));
    assert.deepEqual(made.map((w) => fs.readFileSync(path.join(w.path, 'README.md'), 'utf8')), ids.map(() => '# demo\n'));
    assert.deepEqual((await listTaskWorktrees(repo)).map((w) => w.taskId).sort(), ids);
  });

  it('discard refuses with unreviewed work and removes worktree and branch when forced', async () => {
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1' });
    fs.writeFileSync(path.join(wt.path, 'greet.js'), 'changed\n');
    fs.writeFileSync(path.join(wt.path, 'new.txt'), 'new\n');
    await assert.rejects(discardTaskWorktree(wt), (e: Error) => {
      assert.ok(e instanceof UnreviewedWorkError);
      assert.equal(e.message, `Task t1 has unreviewed work in ${wt.path}: 2 changed files (greet.js, new.txt); nothing was removed. Review it first, or discard with force to lose it.`);
      return true;
    });
    assert.ok(fs.existsSync(wt.path));
    await discardTaskWorktree(wt, { force: true });
    assert.equal(fs.existsSync(wt.path), false);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*'), '');
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
  });

  it('commits on the branch count as unreviewed work too; a clean worktree is discarded without force', async () => {
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1' });
    fs.writeFileSync(path.join(wt.path, 'greet.js'), 'changed\n');
    assert.match(await commitTaskWork(wt, 'work') ?? '', /^[0-9a-f]{40}$/);
    await assert.rejects(discardTaskWorktree(wt), /1 commit on forge\/t1; nothing was removed/);
    await discardTaskWorktree(wt, { keepBranch: true });
    assert.match(sh(repo, 'branch', '--list', 'forge/*'), /forge\/t1/);
    const clean = await createTaskWorktree({ folder: repo, taskId: 't2' });
    await discardTaskWorktree(clean);
    assert.equal(fs.existsSync(clean.path), false);
  });

  it('sparse paths, copied untracked files and a setup command; the change set leaves copied files out', async () => {
    fs.mkdirSync(path.join(repo, 'big/deep'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'big/deep/x.txt'), 'x\n');
    fs.mkdirSync(path.join(repo, 'src'));
    fs.writeFileSync(path.join(repo, 'src/a.js'), 'a\n');
    sh(repo, 'add', '-A');
    sh(repo, 'commit', '-qm', 'more');
    fs.writeFileSync(path.join(repo, '.env'), 'TOKEN=1\n');
    const runner = (cwd: string) => new ShellSandbox(SANDBOX_DEFAULTS, { roots: [cwd] });
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1', sparse: ['src'], copy: ['.env'], setup: { command: 'cat .env > setup.out', runner } });
    assert.ok(fs.existsSync(path.join(wt.path, 'src/a.js')));
    assert.ok(fs.existsSync(path.join(wt.path, 'greet.js')), 'top-level files come with cone mode');
    assert.equal(fs.existsSync(path.join(wt.path, 'big')), false, 'outside the sparse paths');
    assert.equal(fs.readFileSync(path.join(wt.path, 'setup.out'), 'utf8'), 'TOKEN=1\n', 'the setup ran in the worktree, after the copy');
    fs.writeFileSync(path.join(wt.path, 'src/a.js'), 'a2\n');
    const ch = await worktreeChanges(wt);
    assert.deepEqual(ch.changeSet.files.map((f) => [f.action, f.path]).sort(), [['add', 'setup.out'], ['update', 'src/a.js']]);
    assert.deepEqual(staleInCheckout(wt, ch), []);
    fs.writeFileSync(path.join(repo, 'src/a.js'), 'mine\n');
    assert.deepEqual(staleInCheckout(wt, ch), ['src/a.js']);
  });

  it('a .git file the task rewrote does not steer the host\'s git: the recorded git folder is used', async () => {
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1' });
    fs.mkdirSync(path.join(wt.path, 'evil'));
    fs.writeFileSync(path.join(wt.path, 'evil', 'config'), '[core]\n\tfsmonitor = touch PWNED\n');
    fs.writeFileSync(path.join(wt.path, '.git'), `gitdir: ${path.join(wt.path, 'evil')}\n`);
    fs.writeFileSync(path.join(wt.path, 'greet.js'), 'changed\n');
    const ch = await worktreeChanges(wt);
    assert.deepEqual(ch.changeSet.files.map((f) => f.path).sort(), ['evil/config', 'greet.js'], 'git never tracks a .git entry');
    assert.equal(fs.existsSync(path.join(wt.path, 'PWNED')), false);
    assert.deepEqual((await listTaskWorktrees(repo)).map((w) => w.gitDir), [wt.gitDir]);
    await discardTaskWorktree(wt, { force: true });
    assert.equal(fs.existsSync(wt.path), false);
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
  });

  it('a failing setup command leaves no worktree or branch behind', async () => {
    const runner = (cwd: string) => new ShellSandbox(SANDBOX_DEFAULTS, { roots: [cwd] });
    await assert.rejects(createTaskWorktree({ folder: repo, taskId: 't1', setup: { command: 'echo broken; exit 4', runner } }), /The setup command `echo broken; exit 4` failed \(exit code 4\)[\s\S]*broken/);
    assert.equal(sh(repo, 'worktree', 'list').trim().split('\n').length, 1);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*'), '');
    await assert.rejects(createTaskWorktree({ folder: repo, taskId: 't2', copy: ['missing.env'] }), /missing\.env \(listed to copy into the task's worktree\) does not exist/);
  });

  it('a folder that is not a git repository', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-plain-'));
    try {
      await assert.rejects(createTaskWorktree({ folder: plain, taskId: 't1' }), new RegExp(`^Error: ${plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a git repository`.replace('^Error: ', '')));
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
