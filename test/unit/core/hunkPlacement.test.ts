/** Inline review placement: a hunk's CodeLens sits on its first changed line, whatever its leading context. */
import { strict as assert } from 'node:assert';
import type { FileChange, Hunk } from '../../../src/core/edits/changeSet/changeSet';
import { changedNewLines, firstChangedLine, leadingContext, proposedRange } from '../../../src/core/review/hunkPlacement';

const hunk = (index: number, baseStart: number, oldLines: string[], newLines: string[]): Hunk => ({ index, baseStart, oldLines, newLines, strategy: 'exact', confidence: 1 });

describe('hunk placement', () => {
  it('puts the CodeLens on the first changed line for 0, 1 and 3 lines of leading context', () => {
    // The hunk starts at document line 10 (0-based); its first change is after its context lines.
    const none = hunk(0, 10, ['old'], ['new']);
    const one = hunk(0, 10, ['ctx1', 'old', 'tail'], ['ctx1', 'new', 'tail']);
    const three = hunk(0, 10, ['c1', 'c2', 'c3', 'old', 't1', 't2', 't3'], ['c1', 'c2', 'c3', 'new', 'new2', 't1', 't2', 't3']);
    assert.deepEqual([none, one, three].map(leadingContext), [0, 1, 3]);
    assert.deepEqual([none, one, three].map((h) => firstChangedLine(h, 10, 100)), [10, 11, 13]);
  });

  it('a pure insertion after 3 context lines: the line where the new lines go; clamped at the end of the document', () => {
    const ins = hunk(0, 5, ['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e']);
    assert.equal(firstChangedLine(ins, 5, 100), 8);
    assert.equal(firstChangedLine(ins, 5, 8), 7);
  });

  it('places a hunk in the proposed text after the hunks before it', () => {
    const h0 = hunk(0, 2, ['x'], ['x', 'y', 'z']);
    const h1 = hunk(1, 10, ['p'], ['q']);
    const f: FileChange = { action: 'update', path: 'a.ts', baseHash: 'h', hunks: [h0, h1] };
    assert.deepEqual(proposedRange(f, h1, () => undefined), { start: 12, lines: ['q'] });
    assert.equal(proposedRange(f, h1, (h) => (h === h0 ? { kind: 'reject' } : undefined)).start, 10);
    assert.equal(proposedRange(f, h1, (h) => (h === h0 ? { kind: 'edit', newLines: [] } : undefined)).start, 9);
  });
});

describe('changed lines within a hunk', () => {
  it('skips leading and trailing context on the new side', () => {
    const h = hunk(0, 0, ['a', 'b', 'c', ''], ['a', 'b', 'c', 'x1', 'x2', 'x3', 'x4', 'x5', '']);
    assert.deepEqual(changedNewLines(h), { from: 3, to: 8 });
    assert.deepEqual(changedNewLines(hunk(0, 0, ['a', 'old', 'b'], ['a', 'b'])), { from: 1, to: 1 });
  });
});
