/**
 * The invariant every placement that is not exact must keep: a hunk removes only lines that are its
 * own removed lines (equal up to whitespace), or lines a removed elision marker held by removed lines
 * on both sides stands for. A
 * stale hunk (its removed line is no longer in the file) placed next to a similar line would
 * otherwise delete that line; it is refused instead. Checked on the net change (base lines the
 * replacement drops), whatever strategy produced it.
 */
import { diffLines } from '../changeSet/lineDiff';
import { collapseWhitespace } from './lineIndex';
import type { Placement, PreparedHunk } from './preparedHunk';

/** The first base line the replacement removes that the hunk does not remove itself, or undefined. */
export function foreignRemoval(
  h: PreparedHunk,
  pl: Pick<Placement, 'elided'>,
  base: readonly string[],
  oldLines: readonly string[],
  newLines: readonly string[],
): string | undefined {
  const own = new Map<string, number>();
  const add = (t: string) => own.set(collapseWhitespace(t), (own.get(collapseWhitespace(t)) ?? 0) + 1);
  h.lines.forEach((l) => {
    if (l.op === '-') add(l.text);
  });
  // A removed elision marker deletes the lines it stands for only when removed lines hold it on both sides
  // ("-function old() {" / "-  // ..." / "-}"): then its extent is the removed block's. A marker line with
  // context around it ("- # ... rest unchanged" in a stale hunk) licenses no deletion of the file's lines.
  // Removed means absent from the new side: a SEARCH block's lines are all '-', but those its REPLACE
  // writes again are context.
  if (pl.elided) {
    const removed = reallyRemoved(h);
    for (const [k, [from, to]] of pl.elided) {
      if (removed[k] && removed[k - 1] && removed[k + 1]) for (let j = from; j < to; j++) add(base[j]);
    }
  }
  for (const d of diffLines(oldLines, newLines)) {
    if (d.op !== '-') continue;
    const key = collapseWhitespace(d.text);
    const left = own.get(key) ?? 0;
    if (left <= 0) return d.text;
    own.set(key, left - 1);
  }
  return undefined;
}

/** Per old-side line: whether the hunk's new side leaves it out (a line diff of the hunk's two sides). */
function reallyRemoved(h: PreparedHunk): boolean[] {
  if (!h.oldOps.includes('-')) return h.oldOps.map(() => false);
  const out: boolean[] = [];
  for (const d of diffLines(h.oldText, h.lines.filter((l) => l.op !== '-').map((l) => l.text))) if (d.op !== '+') out.push(d.op === '-');
  return out;
}

/** The sentence a refusal gives for a foreign removal. */
export function foreignRemovalReason(line: string): string {
  return `placing it would delete the line "${line.trim()}", which is not one of the lines the hunk removes (the hunk may be stale: was the file changed since it was read?); copy the lines to change exactly as they are in the current file`;
}
