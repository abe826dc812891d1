/**
 * Review mode `end`, the pure parts: a change set built from before/after texts renders back to
 * the after text byte for byte (and rejecting everything gives the before text), and a review
 * session whose hunks are on disk from the start writes old lines back on Reject.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { HunkDecision } from '../../../src/core/edits/changeSet/changeSet';
import { changeSetFromTexts } from '../../../src/core/edits/changeSet/textChanges';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';
import { ReviewSession } from '../../../src/core/review/reviewSession';
import { buildReviewSummary } from '../../../src/core/review/reviewView';

const BEFORE = 'a\nb\nc\nd\ne\nf\ng\n';
const AFTER = 'a\nB\nc\nd\ne\nf2\nf3\ng\n';

describe('changeSetFromTexts', () => {
  it('makes one hunk per run of changes, each located in the before text', () => {
    const { changeSet, unexpressible } = changeSetFromTexts('w', 'T', [{ path: 'x.txt', before: BEFORE, after: AFTER }]);
    assert.deepEqual(unexpressible, []);
    const f = changeSet.files[0];
    assert.equal(f.action, 'update');
    assert.deepEqual(f.hunks.map((h) => [h.baseStart, h.oldLines, h.newLines]), [[1, ['b'], ['B']], [5, ['f'], ['f2', 'f3']]]);
    assert.equal(renderFile(BEFORE, f), AFTER);
  });

  it('covers added, deleted and unchanged files, CRLF, BOM and a changed final newline', () => {
    const { changeSet } = changeSetFromTexts('w', 'T', [
      { path: 'new.txt', before: null, after: 'hello\nworld' },
      { path: 'gone.txt', before: 'bye\n', after: null },
      { path: 'same.txt', before: 'x\n', after: 'x\n' },
      { path: 'crlf.txt', before: '\uFEFFone\r\ntwo\r\n', after: '\uFEFFone\r\n2\r\nthree' },
    ]);
    assert.deepEqual(changeSet.files.map((f) => `${f.action} ${f.path}`), ['add new.txt', 'delete gone.txt', 'update crlf.txt']);
    assert.equal(renderFile(null, changeSet.files[0]), 'hello\nworld');
    assert.equal(renderFile('bye\n', changeSet.files[1]), null);
    assert.equal(renderFile('\uFEFFone\r\ntwo\r\n', changeSet.files[2]), '\uFEFFone\r\n2\r\nthree');
  });

  it('property: renders the after text exactly; rejecting every hunk gives the before text', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', '  x', 'y;', '}');
    const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.constantFrom('\n', '\r\n')).map(([ls, nl, eol]) => (ls.length ? ls.join(eol) + (nl ? eol : '') : ''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const { changeSet, unexpressible } = changeSetFromTexts('w', 'T', [{ path: 'f', before, after }]);
        if (before === after) return changeSet.files.length === 0;
        if (unexpressible.length) return true; // left out, never wrong
        const f = changeSet.files[0];
        const rejectAll = new Map<number, HunkDecision>(f.hunks.map((h) => [h.index, { kind: 'reject' }]));
        assert.equal(renderFile(before, f), after);
        assert.equal(renderFile(before, f, rejectAll), before);
        return true;
      }),
      { numRuns: 400 },
    );
  });
});

describe('ReviewSession with hunks applied from the start (review mode end)', () => {
  const make = () => {
    const { changeSet } = changeSetFromTexts('w', 'Task: t', [
      { path: 'x.txt', before: BEFORE, after: AFTER },
      { path: 'new.txt', before: null, after: 'n\n' },
    ]);
    return new ReviewSession(changeSet, new Map([['x.txt', BEFORE], ['new.txt', null]]), { applied: true });
  };

  it('Reject writes the old lines back; Accept writes nothing', () => {
    const s = make();
    assert.deepEqual(s.transitions('x.txt'), [], 'disk already holds the changes');
    s.decide('x.txt', 0, { kind: 'accept' });
    assert.deepEqual(s.transitions('x.txt'), []);
    s.decide('x.txt', 1, { kind: 'reject' }, 'no f2');
    assert.deepEqual(s.transitions('x.txt'), [{ path: 'x.txt', expected: AFTER, next: 'a\nB\nc\nd\ne\nf\ng\n' }]);
    s.markApplied('x.txt');
    s.decide('new.txt', undefined, { kind: 'reject' });
    assert.deepEqual(s.transitions('new.txt'), [{ path: 'new.txt', expected: 'n\n', next: null }]);
  });

  it('undecided hunks stay undecided and in the files; the outcome says so; the view says they are applied', () => {
    const s = make();
    s.decide('x.txt', 0, { kind: 'reject' });
    assert.equal(buildReviewSummary(s).alreadyApplied, true);
    assert.deepEqual(s.transitions('new.txt'), []);
    assert.equal(s.pendingCount, 2);
    const o = s.outcome(true);
    assert.deepEqual(o.files.find((f) => f.path === 'x.txt')!.decisions.map((d) => [d.decision.kind, d.pending ?? false]), [['reject', false], ['accept', true]]);
    assert.deepEqual(o.files.find((f) => f.path === 'new.txt')!.decisions.map((d) => [d.decision.kind, d.pending ?? false]), [['accept', true]]);
  });

  it('survives a snapshot, and refuses to re-locate over a file changed since the agent wrote it', () => {
    const s = ReviewSession.restore(make().snapshot());
    assert.equal(s.appliedFromStart, true);
    s.decide('x.txt', 0, { kind: 'reject' });
    assert.equal(s.transitions('x.txt')[0].expected, AFTER);
    const refusals = s.rebase('x.txt', AFTER + 'user line\n');
    assert.equal(refusals.length, 1);
    assert.match(refusals[0].reason, /changed after the agent wrote it/);
  });

  it('places undecided applied hunks at their new lines on disk (for Keep | Reject in the editor)', () => {
    const s = make();
    assert.deepEqual(s.pendingPlacements('x.txt').map((p) => [p.hunk.index, p.line, p.applied]), [[0, 1, true], [1, 5, true]]);
    s.decide('x.txt', 0, { kind: 'reject' });
    s.markApplied('x.txt');
    // Hunk 0 is undone on disk (B -> b, same length); hunk 1 is still where it was written.
    assert.deepEqual(s.pendingPlacements('x.txt').map((p) => [p.hunk.index, p.line, p.applied]), [[1, 5, true]]);
  });

  it('a proposed (not applied) session reports undecided hunks as pending and not written', () => {
    const { changeSet } = changeSetFromTexts('w', 'T', [{ path: 'x.txt', before: BEFORE, after: AFTER }]);
    const s = new ReviewSession(changeSet, new Map([['x.txt', BEFORE]]));
    assert.deepEqual(s.outcome(true).files[0].decisions.map((d) => [d.decision.kind, d.pending]), [['reject', true], ['reject', true]]);
    assert.deepEqual(s.pendingPaths(), ['x.txt']);
    assert.deepEqual(s.transitions('x.txt'), []);
  });
});
