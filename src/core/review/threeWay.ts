/**
 * Three-way transplant of a change onto a text someone changed since: the hunks that turn `from`
 * into `to` are applied to `now` wherever `now` still holds `from`'s lines for them. Revert is
 * transplant(as Forge wrote it, before Forge, now); Reapply is transplant(before, as written, now).
 * A hunk whose lines the engineer touched (overlapping or adjoining one of their edits) is a
 * conflict and left as it is. Lines keep their own terminators, so bytes round-trip exactly.
 * Pure: no I/O.
 */
import { diffLinesPatience } from '../edits/changeSet/lineDiff';

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
  for (const op of diffLinesPatience(splitKeepingEol(from), splitKeepingEol(to))) {
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

/** The same hunk read the other way (to -> from), keeping its index. */
export function invertHunk(h: ChangeHunk): ChangeHunk {
  return { index: h.index, fromStart: h.toStart, fromEnd: h.toStart + h.toLines.length, toStart: h.fromStart, fromLines: h.toLines, toLines: h.fromLines };
}

/**
 * Applies the hunks of from -> to (only those whose index is in `only`, when given) onto `now`.
 * `hunks`: the hunks of from -> to when already known (e.g. a recorded change read backwards, so
 * the numbering stays that of the original change). null texts are absent files: those move only
 * as a whole, when `now` is exactly `from`.
 */
export function transplant(from: string | null, to: string | null, now: string | null, only?: ReadonlySet<number>, hunks?: readonly ChangeHunk[]): TransplantResult {
  if (from === null || to === null || now === null) {
    const whole: ChangeHunk = { index: -1, fromStart: 0, fromEnd: 0, toStart: 0, fromLines: [], toLines: [] };
    if (now === from) return { text: to, applied: [whole], conflicts: [] };
    if (now === to) return { text: now, applied: [], conflicts: [] };
    return { text: now, applied: [], conflicts: [whole] };
  }
  const chosen = (hunks ?? changeHunks(from, to)).filter((h) => !only || only.has(h.index));
  const theirs = changeHunks(from, now);
  const applied: ChangeHunk[] = [];
  const conflicts: ChangeHunk[] = [];
  // Both lists are in order: each hunk is checked against the engineer's edits near it only.
  let k = 0;
  for (const h of chosen) {
    while (k < theirs.length && theirs[k].fromEnd < h.fromStart) k++;
    let hit = false;
    for (let m = k; m < theirs.length && theirs[m].fromStart <= h.fromEnd; m++) if (clash(h, theirs[m])) hit = true;
    (hit ? conflicts : applied).push(h);
  }
  const lines = splitKeepingEol(now);
  // One pass in order: where `from` line p is in `now` is p shifted by the engineer's edits wholly
  // before it (an applied hunk never touches one of them, see clash()).
  const out: string[] = [];
  let cursor = 0;
  let shift = 0;
  let t = 0;
  for (const h of [...applied].sort((a, b) => a.fromStart - b.fromStart)) {
    for (; t < theirs.length && theirs[t].fromEnd <= h.fromStart && !(theirs[t].fromStart === theirs[t].fromEnd && theirs[t].fromStart === h.fromStart); t++) {
      shift += theirs[t].toLines.length - theirs[t].fromLines.length;
    }
    const start = h.fromStart + shift;
    while (cursor < start) out.push(lines[cursor++]);
    for (const l of h.toLines) out.push(l);
    cursor = start + (h.fromEnd - h.fromStart);
  }
  while (cursor < lines.length) out.push(lines[cursor++]);
  return { text: out.join(''), applied, conflicts };
}

/** "lines 4-6" / "line 4" / "after line 3" in 1-based terms, of the hunk's place in `from`. */
export function describeLines(h: ChangeHunk): string {
  if (h.index < 0) return 'the whole file';
  if (h.fromStart === h.fromEnd) return h.fromStart === 0 ? 'at the top' : `after line ${h.fromStart}`;
  return h.fromEnd - h.fromStart === 1 ? `line ${h.fromStart + 1}` : `lines ${h.fromStart + 1}-${h.fromEnd}`;
}

/**
 * For hunks that clash with the engineer's edits: `now` with each clashing region (the hunk and
 * the edits it touches) replaced by that region of `to`. Not applied by itself: it is shown in the
 * review panel, where the engineer decides (or edits) each region. null when nothing clashes.
 */
export function conflictProposal(from: string, to: string, now: string, conflicts: readonly ChangeHunk[], hunks?: readonly ChangeHunk[]): string | null {
  const mine = hunks ?? changeHunks(from, to);
  const theirs = changeHunks(from, now);
  const regions: { s: number; e: number }[] = [];
  for (const c of conflicts) {
    if (c.index < 0) return null;
    let s = c.fromStart;
    let e = c.fromEnd;
    for (let grown = true; grown; ) {
      grown = false;
      for (const t of theirs) {
        if (clash({ fromStart: s, fromEnd: e }, t) && (t.fromStart < s || t.fromEnd > e)) {
          s = Math.min(s, t.fromStart);
          e = Math.max(e, t.fromEnd);
          grown = true;
        }
      }
    }
    if (!regions.some((r) => r.s === s && r.e === e)) regions.push({ s, e });
  }
  if (regions.length === 0) return null;
  const toLines = splitKeepingEol(to);
  const lines = splitKeepingEol(now);
  const shift = (list: readonly ChangeHunk[], p: number, inclusive: boolean) =>
    p + list.filter((h) => (inclusive ? h.fromEnd <= p && h.fromStart < p : h.fromEnd <= p && !(h.fromStart === h.fromEnd && h.fromStart === p)) || (inclusive && h.fromStart === h.fromEnd && h.fromStart === p))
      .reduce((n, h) => n + h.toLines.length - h.fromLines.length, 0);
  for (const r of regions.sort((a, b) => b.s - a.s)) {
    const nowStart = shift(theirs, r.s, false);
    const nowEnd = shift(theirs, r.e, true);
    const toStart = shift(mine, r.s, false);
    const toEnd = shift(mine, r.e, true);
    lines.splice(nowStart, nowEnd - nowStart, ...toLines.slice(toStart, toEnd));
  }
  return lines.join('');
}
