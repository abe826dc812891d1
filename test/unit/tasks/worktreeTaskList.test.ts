import { strict as assert } from 'node:assert';
import { actionsFor, canMove, elapsedOf, formatElapsed, stateLabel, waitsForEngineer, WorktreeTaskList, type WorktreeTaskRecord } from '../../../src/core/tasks/worktreeTaskList';

const base = { title: 'Rename foo', startedAt: 1_000, repo: '/r', branch: 'forge/t1', worktree: '/r/.git/forge/worktrees/t1' };

describe('worktree task list', () => {
  it('adds a task as running, newest first, with Stop as its only action', () => {
    const l = new WorktreeTaskList();
    l.add({ ...base, id: 't1' });
    const t2 = l.add({ ...base, id: 't2', branch: 'forge/t2' });
    assert.deepEqual(l.all().map((t) => t.id), ['t2', 't1']);
    assert.equal(t2.state, 'running');
    assert.deepEqual(actionsFor(t2), ['stop']);
    assert.throws(() => l.add({ ...base, id: 't1' }), /already/);
  });

  it('moves running -> review -> done, stamping the end once and dropping the worktree on done', () => {
    const l = new WorktreeTaskList();
    l.add({ ...base, id: 't1' });
    const r = l.move('t1', 'review', { now: 61_000 });
    assert.equal(stateLabel(r), 'waiting for review');
    assert.deepEqual(actionsFor(r), ['review', 'discard']);
    assert.equal(elapsedOf(r, 999_999), '1m 00s');
    l.move('t1', 'review', { note: 'kept', now: 120_000 });
    assert.equal(r.endedAt, 61_000);
    assert.equal(stateLabel(r), 'waiting for review (kept)');
    l.move('t1', 'done', { worktree: null });
    assert.equal(r.worktree, undefined);
    assert.deepEqual(actionsFor(r), []);
  });

  it('refuses moves the table does not allow', () => {
    const l = new WorktreeTaskList();
    l.add({ ...base, id: 't1' });
    l.move('t1', 'done');
    assert.throws(() => l.move('t1', 'running'), /cannot go from done to running/);
    assert.equal(canMove('review', 'running'), false);
    assert.throws(() => l.move('nope', 'done'), /No task nope/);
    assert.equal(canMove('review', 'failed'), false);
    assert.equal(canMove('stopped', 'review'), true);
    assert.equal(canMove('failed', 'done'), true);
  });

  it('after a window reload a running task is stopped (window reloaded) with its worktree to review or discard', () => {
    const l = new WorktreeTaskList();
    l.add({ ...base, id: 't1' });
    l.add({ ...base, id: 't2' });
    l.move('t2', 'failed', { note: 'model error', now: 5_000 });
    const saved = JSON.parse(JSON.stringify(l.toJSON())) as WorktreeTaskRecord[];
    const back = new WorktreeTaskList([...saved, { junk: true } as unknown as WorktreeTaskRecord], 9_000);
    assert.equal(back.all().length, 2);
    const t1 = back.get('t1')!;
    assert.equal(t1.state, 'stopped');
    assert.equal(stateLabel(t1), 'stopped (window reloaded)');
    assert.equal(t1.endedAt, 9_000);
    assert.deepEqual(actionsFor(t1), ['continue', 'review', 'discard']);
    assert.equal(stateLabel(back.get('t2')!), 'failed (model error)');
    assert.deepEqual(actionsFor(back.get('t2')!), ['continue', 'review', 'discard']);
    back.remove('t2');
    assert.deepEqual(back.all().map((t) => t.id), ['t1']);
  });

  it('a task waiting for an approval says so and counts as waiting, as does one waiting for review; a reload clears the wait', () => {
    const l = new WorktreeTaskList();
    const r = l.add({ ...base, id: 't1' });
    assert.equal(waitsForEngineer(r), false);
    r.waiting = true;
    assert.equal(stateLabel(r), 'waiting for approval');
    assert.equal(waitsForEngineer(r), true);
    const back = new WorktreeTaskList(l.toJSON(), 9_000);
    assert.equal(back.get('t1')!.waiting, undefined);
    assert.equal(waitsForEngineer(back.get('t1')!), false);
    l.move('t1', 'review', { now: 2_000 });
    assert.equal(r.waiting, undefined, 'the wait ends with the run');
    assert.equal(waitsForEngineer(r), true);
  });

  it('Continue runs a stopped task again; its elapsed time goes on from where it stopped', () => {
    const l = new WorktreeTaskList();
    const r = l.add({ ...base, id: 't1' });
    l.move('t1', 'stopped', { now: 31_000 }); // ran 30 s
    assert.equal(elapsedOf(r, 500_000), '30s');
    l.move('t1', 'running', { now: 400_000 });
    assert.equal(r.endedAt, undefined);
    assert.equal(elapsedOf(r, 410_000), '40s', '30 s before, 10 s since Continue');
    assert.deepEqual(actionsFor(r), ['stop']);
    l.move('t1', 'review', { now: 420_000 });
    assert.equal(elapsedOf(r, 999_999), '50s');
  });

  it('a stopped task that cannot be continued says why and offers no Continue', () => {
    const l = new WorktreeTaskList();
    const r = l.add({ ...base, id: 't1' });
    l.move('t1', 'stopped', { note: 'window reloaded', now: 2_000 });
    r.cannotContinue = 'nothing was saved before it stopped';
    assert.equal(stateLabel(r), 'stopped (window reloaded; cannot continue: nothing was saved before it stopped)');
    assert.deepEqual(actionsFor(r), ['review', 'discard']);
  });

  it('formats elapsed time', () => {
    assert.equal(formatElapsed(42_400), '42s');
    assert.equal(formatElapsed(185_000), '3m 05s');
    assert.equal(formatElapsed(3_720_000), '1h 02m');
    assert.equal(formatElapsed(-5), '0s');
  });
});
