/**
 * Exact first: a unified diff that `git apply` would apply as it is (every hunk's header counts
 * right, every line prefixed, every old side in the file exactly, in order, anchored at the start or
 * end of the file where git anchors it) is applied exactly, with no repair, elision or fuzzy
 * reading. Only when this fails does the locating cascade (locateFile) run.
 *
 * Lines are compared without their line terminator, so an LF patch applies exactly to a CRLF file
 * (the new lines take the file's own terminator; git would refuse that patch).
 */
import type { Hunk } from '../changeSet/changeSet';
import type { HunkOutcome } from './locateFile';
import type { ParsedFileEdit, ParsedHunk } from '../parse/parsedEdit';
import { findRuns, LineIndex } from './lineIndex';
import { prepareHunk } from './preparedHunk';

/** The outcomes of applying every hunk exactly, or undefined when git apply would refuse one. */
export function applyExactly(fe: ParsedFileEdit, baseLines: readonly string[], finalNewline: boolean): HunkOutcome[] | undefined {
  if (fe.format !== 'unified' || fe.hunks.length === 0) return undefined;
  const index = new LineIndex(baseLines);
  const out: HunkOutcome[] = [];
  let minStart = 0;
  for (let i = 0; i < fe.hunks.length; i++) {
    const h = fe.hunks[i];
    if (!wellFormed(h)) return undefined;
    const p = prepareHunk(h, i);
    const old = p.oldText;
    const n = old.length;
    const lines = h.lines.map((l) => stripCr(l.text));
    // git anchors a hunk at line 1 at the start, and a hunk without trailing context at the end.
    const oldPos = h.oldCount === 0 ? (h.oldStart ?? 1) - 1 : (h.oldStart ?? 1);
    const matchStart = oldPos <= 1;
    const trailing = countEdge(h, 'end');
    const matchEnd = trailing === 0;
    const at = findExact(index, old, p.hint ?? 0, minStart, matchStart, matchEnd);
    if (at === undefined) return undefined;
    // The final newline: an old side that reaches the end of a file without one must say so.
    const reachesEnd = at + n === baseLines.length;
    if (n > 0 && reachesEnd && !finalNewline && !h.oldNoFinalNewline) return undefined;
    if (h.oldNoFinalNewline && (!reachesEnd || finalNewline)) return undefined;
    const newLines = h.lines.map((l, k) => (l.op === '-' ? null : lines[k])).filter((t): t is string => t !== null);
    const hunk: Hunk = { index: i, baseStart: at, oldLines: baseLines.slice(at, at + n), newLines, strategy: 'exact', confidence: 1 };
    out.push({ index: i, prepared: p, hunk });
    minStart = at + n;
  }
  return out;
}

const stripCr = (t: string): string => (t.endsWith('\r') ? t.slice(0, -1) : t);

/** Header counts given and right, and every line written with its prefix (a bare empty line is git's blank context). */
function wellFormed(h: ParsedHunk): boolean {
  if (h.oldStart === undefined || h.oldCount === undefined || h.newCount === undefined) return false;
  if (h.lines.some((l) => l.unprefixed && l.text !== '')) return false;
  const oldSide = h.lines.filter((l) => l.op !== '+').length;
  const newSide = h.lines.filter((l) => l.op !== '-').length;
  return oldSide === h.oldCount && newSide === h.newCount;
}

function countEdge(h: ParsedHunk, edge: 'start' | 'end'): number {
  const lines = edge === 'start' ? h.lines : [...h.lines].reverse();
  let c = 0;
  while (c < lines.length && lines[c].op === ' ') c++;
  return c === lines.length ? Infinity : c;
}

/** git's search: the stated line first, then the nearest exact place (further down first on a tie). */
function findExact(
  index: LineIndex,
  old: readonly string[],
  hint: number,
  minStart: number,
  matchStart: boolean,
  matchEnd: boolean,
): number | undefined {
  const base = index.lines;
  const n = old.length;
  const fits = (s: number): boolean => {
    if (s < minStart || s + n > base.length) return false;
    if (matchStart && s !== 0) return false;
    if (matchEnd && s + n !== base.length) return false;
    for (let k = 0; k < n; k++) if (base[s + k] !== old[k]) return false;
    return true;
  };
  // A pure insertion (-U0) is left to the cascade, except into an empty file.
  if (n === 0) return base.length === 0 && minStart === 0 ? 0 : undefined;
  if (fits(hint)) return hint;
  let best: number | undefined;
  for (const s of findRuns(index, 'exact', old)) {
    if (!fits(s)) continue;
    const d = Math.abs(s - hint);
    const bd = best === undefined ? Infinity : Math.abs(best - hint);
    if (d < bd || (d === bd && s > hint)) best = s;
  }
  return best;
}
