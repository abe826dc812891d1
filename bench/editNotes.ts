/**
 * The tool result's notes on hunks the user edited: how long they take and how big they get,
 * for typical edits (one line changed in a 30-line hunk) and for huge ones (2,000 lines replaced),
 * against the bound (EDIT_NOTES_BUDGET). Figures only: `npx tsx bench/editNotes.ts`.
 */
import type { Hunk } from '../src/core/edits/changeSet/changeSet';
import { EDIT_NOTES_BUDGET, EditNotesBudget, editedHunkNotes } from '../src/core/review/editedHunks';

function run(label: string, hunks: number, proposal: (i: number) => string[], user: (i: number) => string[]): void {
  const users = Array.from({ length: hunks }, (_, i) => user(i));
  const hs: Hunk[] = Array.from({ length: hunks }, (_, i) => ({ index: i, baseStart: i * 5000, oldLines: proposal(i), newLines: proposal(i), strategy: 'exact', confidence: 1 }));
  const times: number[] = [];
  let chars = 0;
  let shown = 0;
  for (let r = 0; r < 7; r++) {
    const b = new EditNotesBudget();
    const t0 = performance.now();
    const notes = editedHunkNotes({ action: 'update', path: 'f.ts', baseHash: 'x', hunks: hs }, (h) => ({ kind: 'edit', newLines: users[h.index]! }), (h) => users[h.index]!, b);
    times.push(performance.now() - t0);
    chars = notes.join('\n').length + b.tail().length;
    shown = notes.length;
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} median ${times[3]!.toFixed(2).padStart(7)} ms   ${String(chars).padStart(5)} chars (bound ${EDIT_NOTES_BUDGET})   ${shown}/${hunks} hunks shown`);
}

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `  const v${i} = compute(${i}, '${tag}');`);
run('10 hunks of 30 lines, one line changed in each', 10, () => lines(30, 'p'), (i) => lines(30, 'p').map((l, j) => (j === 15 ? `  // user ${i}` : l)));
run('100 hunks of 30 lines, one line changed in each', 100, () => lines(30, 'p'), (i) => lines(30, 'p').map((l, j) => (j === 15 ? `  // user ${i}` : l)));
run('50 hunks, 2,000 lines of 300+ chars replaced in each', 50, () => ['proposal'], () => lines(2000, 'x'.repeat(280)));
