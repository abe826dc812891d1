/**
 * Three-way transplant of a change onto a text someone changed since: the hunks that turn `from`
 * into `to` are applied to `now` wherever `now` still holds `from`'s lines for them. Revert is
 * transplant(as Forge wrote it, before Forge, now); Reapply is transplant(before, as written, now).
 * A hunk whose lines the engineer touched (overlapping or adjoining one of their edits) is a
 * conflict and left as it is. Lines keep their own terminators, so bytes round-trip exactly.
 * Pure: no I/O.
 */
import { diffLines } from '../edits/lineDiff';

/** One hunk of from -> to: `from` lines [fromStart, fromEnd) become `toLines`. 0-based. */
export interface ChangeHunk {
  index: number;
  fromStart: number;
  fromEnd: number;
  /** Where the hunk starts in `to` (0-based). */
  toStart: number;
  fromLines: string[];
  toLines: string[];
}

export interface TransplantResult {
  /** The text of `now` with the applied hunks (null: the file is to be absent). */
  text: string | null;
  applied: ChangeHunk[];
  /** Hunks that overlap the engineer's own edits, or a whole file that changed (index -1). */
  conflicts: ChangeHunk[];
}

/** Splits text into lines that keep their terminators ("a\r\n", "b"). */
export function splitKeepingEol(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The hunks that turn `from` into `to` (lines compared with their terminators). */
export function changeHunks(from: string, to: string): ChangeHunk[] {
  const out: ChangeHunk[] = [];
  let i = 0;
  let j = 0;
  let cur: ChangeHunk | undefined;
  for (const op of diffLines(splitKeepingEol(from), splitKeepingEol(to))) {
    if (op.op === ' ') {
      if (cur) out.push(cur);
      cur = undefined;
      i++;
      j++;
      continue;
    }
    cur ??= { index: out.length, fromStart: i, fromEnd: i, toStart: j, fromLines: [], toLines: [] };
    if (op.op === '-') {
      cur.fromLines.push(op.text);
      cur.fromEnd = ++i;
    } else {
      cur.toLines.push(op.text);
      j++;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** True when two edits of the same text cannot both be kept apart (they overlap, or touch where one is an insertion). */
function clash(a: { fromStart: number; fromEnd: number }, b: { fromStart: number; fromEnd: number }): boolean {
  const emptyA = a.fromStart === a.fromEnd;
  const emptyB = b.fromStart === b.fromEnd;
  if (emptyA || emptyB) return a.fromStart <= b.fromEnd && b.fromStart <= a.fromEnd;
  return a.fromStart < b.fromEnd && b.fromStart < a.fromEnd;
}

/**
 * Applies the hunks of from -> to (only those whose index is in `only`, when given) onto `now`.
 * null texts are absent files: those move only as a whole, when `now` is exactly `from`.
 */
export function transplant(from: string | null, to: string | null, now: string | null, only?: ReadonlySet<number>): TransplantResult {
  if (from === null || to === null || now === null) {
    const whole: ChangeHunk = { index: -1, fromStart: 0, fromEnd: 0, toStart: 0, fromLines: [], toLines: [] };
    if (now === from) return { text: to, applied: [whole], conflicts: [] };
    if (now === to) return { text: now, applied: [], conflicts: [] };
    return { text: now, applied: [], conflicts: [whole] };
  }
  const hunks = changeHunks(from, to).filter((h) => !only || only.has(h.index));
  const theirs = changeHunks(from, now);
  const applied: ChangeHunk[] = [];
  const conflicts: ChangeHunk[] = [];
  for (const h of hunks) (theirs.some((t) => clash(h, t)) ? conflicts : applied).push(h);
  const lines = splitKeepingEol(now);
  // Where `from` line p is in `now`: shifted by the engineer's edits wholly before it.
  const at = (p: number) => p + theirs.filter((t) => t.fromEnd <= p && !(t.fromStart === t.fromEnd && t.fromStart === p)).reduce((n, t) => n + t.toLines.length - t.fromLines.length, 0);
  for (const h of [...applied].sort((a, b) => b.fromStart - a.fromStart)) lines.splice(at(h.fromStart), h.fromEnd - h.fromStart, ...h.toLines);
  return { text: lines.join(''), applied, conflicts };
}

/** "lines 4-6" / "line 4" / "after line 3" in 1-based terms, of the hunk's place in `from`. */
export function describeLines(h: ChangeHunk): string {
  if (h.index < 0) return 'the whole file';
  if (h.fromStart === h.fromEnd) return h.fromStart === 0 ? 'at the top' : `after line ${h.fromStart}`;
  return h.fromEnd - h.fromStart === 1 ? `line ${h.fromStart + 1}` : `lines ${h.fromStart + 1}-${h.fromEnd}`;
}
