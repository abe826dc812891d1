import { strict as assert } from 'node:assert';
import type { ChangeSet, FileChange } from '../../../src/core/edits/changeSet/changeSet';
import { hashText } from '../../../src/core/edits/changeSet/textDoc';
import { ContextWindows } from '../../../src/core/review/contextWindows';
import { ReviewSession } from '../../../src/core/review/reviewSession';
import { fileIndent } from '../../../src/core/review/reviewView';

/** 60 lines; hunk 0 replaces line 11 by two lines, hunk 1 replaces line 41. */
function session(): ReviewSession {
  const lines = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`);
  const base = lines.join('\n') + '\n';
  const cs: ChangeSet = {
    id: 'cs',
    files: [{
      action: 'update',
      path: 'a.txt',
      baseHash: hashText(base),
      hunks: [
        { index: 0, baseStart: 10, oldLines: ['line 11'], newLines: ['new 11a', 'new 11b'], strategy: 'exact', confidence: 1 },
        { index: 1, baseStart: 40, oldLines: ['line 41'], newLines: ['new 41'], strategy: 'exact', confidence: 1 },
      ],
    }],
  };
  return new ReviewSession(cs, new Map([['a.txt', base]]));
}

describe('context windows: "show more" around a hunk', () => {
  it('adds lines above up to the file start and below up to the next hunk, numbered on both sides', () => {
    const w = new ContextWindows(session());
    const up = w.expand({ type: 'expandContext', path: 'a.txt', hunkIndex: 0, direction: 'above', count: 20 })!;
    // 3 lines (8-10) are shown by default: lines 1-7 remain, all of them come.
    assert.deepEqual(up.lines.map((l) => l.oldNo), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(up.more, false);
    const down = w.expand({ type: 'expandContext', path: 'a.txt', hunkIndex: 0, direction: 'below', count: 20 })!;
    // Default shows 12-14; then 15-34, numbered one further on the new side (the hunk adds a line).
    assert.deepEqual([down.lines[0], down.lines.at(-1)].map((l) => [l!.oldNo, l!.newNo]), [[15, 16], [34, 35]]);
    assert.equal(down.more, true);
    const rest = w.expand({ type: 'expandContext', path: 'a.txt', hunkIndex: 0, direction: 'below', count: 20 })!;
    assert.deepEqual(rest.lines.map((l) => l.oldNo), [35, 36, 37, 38, 39, 40], 'stops at the next hunk');
    assert.equal(rest.more, false);
  });

  it('starts again from the default context after reset, and ignores unknown hunks', () => {
    const w = new ContextWindows(session());
    w.expand({ type: 'expandContext', path: 'a.txt', hunkIndex: 1, direction: 'above', count: 5 });
    w.reset('a.txt');
    const again = w.expand({ type: 'expandContext', path: 'a.txt', hunkIndex: 1, direction: 'above', count: 5 })!;
    assert.deepEqual(again.lines.map((l) => l.oldNo), [33, 34, 35, 36, 37]);
    assert.equal(w.expand({ type: 'expandContext', path: 'a.txt', hunkIndex: 7, direction: 'above', count: 5 }), undefined);
    assert.equal(w.expand({ type: 'expandContext', path: 'b.txt', hunkIndex: 0, direction: 'above', count: 5 }), undefined);
  });
});

describe('review view: the file\'s indentation for the hunk editor', () => {
  const update = (newLines: string[]): FileChange => ({ action: 'update', path: 'x', baseHash: '', hunks: [{ index: 0, baseStart: 0, oldLines: [], newLines, strategy: 'exact', confidence: 1 }] });
  it('is a tab, or 2, 4 or 8 spaces, from the base; from the proposed lines for a new file; unknown when mixed', () => {
    assert.equal(fileIndent(['func f() {', '\tif x {', '\t\ty()', '\t}', '}'], update([])), '\t');
    assert.equal(fileIndent(['a {', '  b {', '    c', '  }', '  d', '}'], update([])), '  ');
    assert.equal(fileIndent(['def f():', '    if x:', '        y()', '    return'], update([])), '    ');
    assert.equal(fileIndent([], update(['a {', '  b', '  c', '  d', '}'])), '  ');
    assert.equal(fileIndent(['a', '\tb', '  c', '\td', '  e'], update([])), undefined);
    assert.equal(fileIndent(['no', 'indent'], update([])), undefined);
  });
});
