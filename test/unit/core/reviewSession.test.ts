import { strict as assert } from 'node:assert';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import { hashText } from '../../../src/core/edits/changeSet/textDoc';
import { ReviewSession } from '../../../src/core/review/reviewSession';
import { buildReviewView } from '../../../src/core/review/reviewView';

const A = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n';

function fixture(): { cs: ChangeSet; bases: Map<string, string | null> } {
  const cs: ChangeSet = {
    id: 'cs1',
    title: 't',
    files: [
      {
        action: 'update',
        path: 'a.txt',
        baseHash: hashText(A),
        hunks: [
          { index: 0, baseStart: 1, oldLines: ['two'], newLines: ['TWO', 'two and a half'], strategy: 'exact', confidence: 1 },
          { index: 1, baseStart: 6, oldLines: ['seven'], newLines: [], strategy: 'fuzzy', confidence: 0.9 },
        ],
      },
      { action: 'add', path: 'new.txt', baseHash: null, hunks: [{ index: 0, baseStart: 0, oldLines: [], newLines: ['hi'], strategy: 'create', confidence: 1 }] },
      { action: 'rename', path: 'old.txt', newPath: 'moved.txt', baseHash: hashText('x\n'), hunks: [] },
    ],
  };
  return { cs, bases: new Map<string, string | null>([['a.txt', A], ['new.txt', null], ['old.txt', 'x\n'], ['moved.txt', null]]) };
}

describe('ReviewSession', () => {
  it('turns per-hunk decisions into transitions from what is on disk to what was decided', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    assert.deepEqual(s.transitions('a.txt'), []);
    s.decide('a.txt', 0, { kind: 'accept' });
    const t1 = s.transitions('a.txt');
    assert.deepEqual(t1, [{ path: 'a.txt', expected: A, next: 'one\nTWO\ntwo and a half\nthree\nfour\nfive\nsix\nseven\neight\n' }]);
    s.markApplied('a.txt');
    assert.equal(s.status('a.txt'), 'partly');
    s.decide('a.txt', 1, { kind: 'reject' }, 'keep seven');
    assert.deepEqual(s.transitions('a.txt'), [], 'a reject writes nothing');
    s.markApplied('a.txt');
    assert.equal(s.status('a.txt'), 'partly');
    assert.equal(s.outcome(true).files[0].decisions[1].reason, 'keep seven');
  });

  it('applies an edited hunk with the user text and accounts new files and renames', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    s.decide('a.txt', undefined, { kind: 'edit', newLines: ['2'] });
    assert.equal(s.transitions('a.txt')[0].next, 'one\n2\nthree\nfour\nfive\nsix\n2\neight\n');
    s.decide('new.txt', undefined, { kind: 'accept' });
    assert.deepEqual(s.transitions('new.txt'), [{ path: 'new.txt', expected: null, next: 'hi\n' }]);
    s.decide('old.txt', undefined, { kind: 'accept' });
    assert.deepEqual(s.transitions('old.txt'), [
      { path: 'old.txt', expected: 'x\n', next: null },
      { path: 'moved.txt', expected: null, next: 'x\n' },
    ]);
    assert.equal(s.complete, true);
  });

  it('reverts decisions refused by a conflict and reports the conflict', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    s.decideAll({ kind: 'accept' });
    s.revert('a.txt');
    s.setConflict('a.txt', 'a.txt changed on disk');
    assert.equal(s.status('a.txt'), 'conflict');
    assert.deepEqual(s.transitions('a.txt'), []);
    assert.equal(s.hunkState('a.txt', 0)?.decision, undefined);
  });

  it('builds a view with numbered diff lines, context and fuzzy flags', () => {
    const { cs, bases } = fixture();
    const v = buildReviewView(new ReviewSession(cs, bases));
    const a = v.files[0];
    assert.equal(a.added, 2);
    assert.equal(a.removed, 2);
    assert.deepEqual(a.hunks[0].lines, [
      { op: '-', text: 'two', oldNo: 2 },
      { op: '+', text: 'TWO', newNo: 2 },
      { op: '+', text: 'two and a half', newNo: 3 },
    ]);
    assert.deepEqual(a.hunks[0].before, [{ op: ' ', text: 'one', oldNo: 1, newNo: 1 }]);
    assert.equal(a.hunks[1].newStart, 8);
    assert.equal(a.hunks[1].fuzzy, true);
    assert.equal(a.hunks[1].after.length, 1);
    assert.equal(a.hunks[1].moreBelow, false);
    assert.equal(v.files[1].action, 'add');
  });
});

describe('ReviewSession snapshots', () => {
  it('restores decisions, what is on disk, reasons and conflicts through JSON', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    s.decide('a.txt', 0, { kind: 'edit', newLines: ['2'] });
    s.markApplied('a.txt');
    s.decide('a.txt', 1, { kind: 'reject' }, 'no');
    s.setConflict('old.txt', 'old.txt changed on disk');
    const r = ReviewSession.restore(JSON.parse(JSON.stringify(s.snapshot())));
    assert.deepEqual(r.snapshot(), s.snapshot());
    assert.deepEqual(r.transitions('a.txt'), s.transitions('a.txt'));
    assert.equal(r.status('old.txt'), 'conflict');
    assert.equal(r.hunkState('a.txt', 1)?.reason, 'no');
  });
});

describe('ReviewSession placements', () => {
  it('places undecided hunks in the text on disk, shifted by the hunks already applied', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    assert.deepEqual(s.pendingPlacements('a.txt').map((p) => p.line), [1, 6]);
    s.decide('a.txt', 0, { kind: 'accept' });
    s.markApplied('a.txt');
    assert.deepEqual(s.pendingPlacements('a.txt').map((p) => [p.hunk.index, p.line]), [[1, 7]]);
    const disk = s.transitions('a.txt').length === 0 ? 'one\nTWO\ntwo and a half\nthree\nfour\nfive\nsix\nseven\neight\n' : '';
    assert.equal(disk.split('\n')[7], 'seven');
  });
});

describe('ReviewSession rebase', () => {
  it('re-locates hunks not yet on disk in a file someone changed, keeping their decisions', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    s.decide('a.txt', 0, { kind: 'accept' });
    s.markApplied('a.txt');
    s.decide('a.txt', 1, { kind: 'accept' });
    // On disk: hunk 0 applied, then someone added a header line.
    const changed = 'HEADER\none\nTWO\ntwo and a half\nthree\nfour\nfive\nsix\nseven\neight\n';
    assert.deepEqual(s.rebase('a.txt', changed), []);
    assert.equal(s.bases.get('a.txt'), changed);
    assert.deepEqual(s.file('a.txt')!.hunks.map((h) => [h.index, h.baseStart]), [[1, 8]]);
    assert.deepEqual(s.transitions('a.txt'), [{ path: 'a.txt', expected: changed, next: changed.replace('seven\n', '') }]);
  });

  it('refuses when the lines a hunk replaces were changed, and changes nothing', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    const refusals = s.rebase('a.txt', 'one\nzwei\nthree\nfour\nfive\nsix\nsieben\neight\n');
    assert.ok(refusals.length > 0);
    assert.match(refusals[0].reason, /a\.txt/);
    assert.equal(s.bases.get('a.txt'), A);
    assert.equal(s.file('a.txt')!.hunks.length, 2);
  });
});

describe('ReviewSession file- and set-level decisions', () => {
  it('apply only to undecided hunks: an edited hunk already written is not replaced by Accept All', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    s.decide('a.txt', 0, { kind: 'edit', newLines: ['2'] });
    s.markApplied('a.txt');
    s.decideAll({ kind: 'accept' });
    assert.deepEqual(s.hunkState('a.txt', 0)?.decision, { kind: 'edit', newLines: ['2'] });
    assert.deepEqual(s.hunkState('a.txt', 1)?.decision, { kind: 'accept' });
    assert.equal(s.transitions('a.txt')[0].next, 'one\n2\nthree\nfour\nfive\nsix\neight\n');
  });

  it('says what disk holds for a file now and whether it still has undecided hunks (for the file watcher)', () => {
    const { cs, bases } = fixture();
    const s = new ReviewSession(cs, bases);
    assert.deepEqual(s.onDisk('a.txt'), { path: 'a.txt', text: A });
    assert.equal(s.hasPending('a.txt'), true);
    s.decide('a.txt', 0, { kind: 'accept' });
    s.markApplied('a.txt');
    assert.deepEqual(s.onDisk('a.txt'), { path: 'a.txt', text: 'one\nTWO\ntwo and a half\nthree\nfour\nfive\nsix\nseven\neight\n' });
    s.decide('a.txt', 1, { kind: 'reject' });
    assert.equal(s.hasPending('a.txt'), false);
    assert.deepEqual(s.onDisk('new.txt'), { path: 'new.txt', text: null });
    assert.equal(s.onDisk('nope.txt'), undefined);
  });
});
