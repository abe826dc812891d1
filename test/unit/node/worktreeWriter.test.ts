/** A worktree task's edits written into its worktree (writeIntoWorktree), on a real repository in a temp folder. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changeSetFromTexts } from '../../../src/core/edits/changeSet/textChanges';
import { createTaskWorktree, staleInCheckout, worktreeChanges, writeIntoWorktree } from '../../../src/node/worktrees';
import { makeRepo } from '../../support/gitRepo';

describe('writeIntoWorktree', function () {
  this.timeout(30_000);
  let repo: string;
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('writes the whole change set into the worktree only, reported as accepted; the task change set then names it workspace-relative', async () => {
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1' });
    const before = fs.readFileSync(path.join(repo, 'greet.js'), 'utf8');
    const after = `${before}// edited by the task\n`;
    const { changeSet } = changeSetFromTexts('p1', 'edit', [{ path: 'greet.js', before, after }, { path: 'src/new.txt', before: null, after: 'new\nbytes\n' }]);
    const out = writeIntoWorktree(fs.realpathSync(wt.path), changeSet);
    assert.equal(out.completed, true);
    assert.equal(out.applyError, undefined);
    assert.ok(out.files.every((f) => f.decisions.every((d) => d.decision.kind === 'accept')));
    assert.equal(fs.readFileSync(path.join(wt.path, 'greet.js'), 'utf8'), after);
    assert.equal(fs.readFileSync(path.join(wt.path, 'src/new.txt'), 'utf8'), 'new\nbytes\n');
    assert.equal(fs.readFileSync(path.join(repo, 'greet.js'), 'utf8'), before, 'the checkout is untouched');
    assert.equal(fs.existsSync(path.join(repo, 'src/new.txt')), false);
    const ch = await worktreeChanges(wt);
    assert.deepEqual(ch.changeSet.files.map((f) => f.path).sort(), ['greet.js', 'src/new.txt']);
    assert.deepEqual(staleInCheckout(wt, ch), []);
  });

  it('refuses a path outside the worktree, and a change set located on text the file no longer holds, writing nothing', async () => {
    const wt = await createTaskWorktree({ folder: repo, taskId: 't1' });
    const root = fs.realpathSync(wt.path);
    const outside = changeSetFromTexts('p2', 'x', [{ path: '../../../../escape.txt', before: null, after: 'x' }]).changeSet;
    const r1 = writeIntoWorktree(root, outside);
    assert.equal(r1.completed, false);
    assert.ok(r1.applyError);
    const stale = changeSetFromTexts('p3', 'x', [{ path: 'greet.js', before: 'not what is there\n', after: 'y\n' }, { path: 'other.txt', before: null, after: 'z' }]).changeSet;
    const r2 = writeIntoWorktree(root, stale);
    assert.equal(r2.completed, false);
    assert.match(r2.applyError!, /greet\.js/);
    assert.equal(fs.existsSync(path.join(root, 'other.txt')), false, 'all or nothing');
  });
});
