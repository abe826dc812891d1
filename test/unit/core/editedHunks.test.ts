/** What the model is told about hunks the user edited: the user's lines, numbered as in the file, bounded in size. */
import { strict as assert } from 'node:assert';
import type { FileChange, Hunk, HunkDecision } from '../../../src/core/edits/changeSet/changeSet';
import { EDIT_NOTE_MAX_LINES, EDIT_NOTES_BUDGET, EditNotesBudget, editedHunkNotes } from '../../../src/core/review/editedHunks';

const hunk = (index: number, baseStart: number, oldLines: string[], newLines: string[]): Hunk => ({ index, baseStart, oldLines, newLines, strategy: 'exact', confidence: 1 });

describe('edited hunk notes', () => {
  it('shows the user\'s lines against the proposal, at their line numbers in the file now', () => {
    const f: FileChange = {
      action: 'update', path: 'src/a.ts', baseHash: 'x',
      hunks: [
        hunk(0, 1, ['a', 'b'], ['a', 'b', 'b2', 'b3']), // accepted: +2 lines before hunk 2
        hunk(1, 10, ['  x();', '  return 1;', '}'], ['  x();', '  return 2;', '}']),
      ],
    };
    const decisions: Record<number, HunkDecision> = { 0: { kind: 'accept' }, 1: { kind: 'edit', newLines: ['  x();', '  return computeTotal(items);', '  // checked', '}'] } };
    const d = (h: Hunk) => decisions[h.index];
    const notes = editedHunkNotes(f, d, (h) => (d(h).kind === 'edit' ? (d(h) as { newLines: string[] }).newLines : h.newLines), new EditNotesBudget());
    assert.equal(notes.length, 1);
    const n = notes[0];
    assert.match(n, /hunk 2: the user edited your proposal; lines 13-16 of src\/a\.ts now read/);
    assert.match(n, /- +return 2;/);
    assert.match(n, /\+ 14 {3}return computeTotal\(items\);/);
    assert.match(n, /\+ 15 {3}\/\/ checked/);
    assert.match(n, / 13 {3}x\(\);/);
  });

  it('places a hunk after a rejected one at its base line (rejected hunks change nothing)', () => {
    const f: FileChange = { action: 'update', path: 'b.py', baseHash: 'x', hunks: [hunk(0, 0, ['a'], ['a', 'b', 'c']), hunk(1, 4, ['x'], ['y'])] };
    const dec: Record<number, HunkDecision> = { 0: { kind: 'reject' }, 1: { kind: 'edit', newLines: ['z'] } };
    const notes = editedHunkNotes(f, (h) => dec[h.index], (h) => (h.index === 0 ? h.oldLines : ['z']), new EditNotesBudget());
    assert.match(notes[0], /lines 5-5 of b\.py/);
    assert.match(notes[0], /\+ 5 z/);
  });

  it('keeps each note and the whole result within their bounds', () => {
    const many = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(300)}`);
    const hunks = Array.from({ length: 20 }, (_, i) => hunk(i, i * 1000, ['old'], ['proposal']));
    const f: FileChange = { action: 'update', path: 'big.txt', baseHash: 'x', hunks };
    const budget = new EditNotesBudget();
    const notes = editedHunkNotes(f, () => ({ kind: 'edit', newLines: many }), () => many, budget);
    const total = notes.join('\n').length + budget.tail().length;
    assert.ok(total <= EDIT_NOTES_BUDGET, `${total} chars`);
    assert.ok(notes.length >= 1 && notes.length < 20);
    for (const n of notes) {
      assert.ok(n.split('\n').length <= EDIT_NOTE_MAX_LINES + 2);
      for (const l of n.split('\n')) assert.ok(l.length < 200, l);
      assert.match(n, /more lines: read big\.txt lines/);
    }
    assert.match(budget.tail(), /more edited hunks not shown/);
  });
});
