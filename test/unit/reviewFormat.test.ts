import { strict as assert } from 'node:assert';
import type { ReviewHunk } from '../../src/protocol/review';
import { rangeText } from '../../src/webview/review/format';

const hunk = (oldStart: number, newStart: number, ops: string): ReviewHunk =>
  ({ index: 0, oldStart, newStart, before: [], after: [], lines: [...ops].map((op) => ({ op, text: 'x' })) }) as unknown as ReviewHunk;

describe('review panel hunk ranges', () => {
  it('reads like git: counts per side, an empty side starts at the line before it', () => {
    assert.equal(rangeText(hunk(10, 10, ' -++')), '@@ -10,2 +10,3 @@');
    assert.equal(rangeText(hunk(1, 1, '+++')), '@@ -0,0 +1,3 @@', 'a new file');
    assert.equal(rangeText(hunk(5, 5, '--')), '@@ -5,2 +4,0 @@', 'a pure deletion');
  });
});
