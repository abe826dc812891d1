/**
 * SEARCH blocks that models damage in two common ways, recovered where the place is unique:
 *  - a truncated first or last line (the model copied part of the line): it matches a file line
 *    by prefix or suffix, while every other line matches whole;
 *  - blank lines left out (the SEARCH skips blank lines the file has): compared blank-insensitively.
 * The block is rewritten with the file's real lines as its SEARCH; a truncated edge line that the
 * REPLACE repeats unchanged becomes the file's whole line there too. A block is only rewritten when
 * its text does not match the file as it is, exactly one place fits, and (for left-out blank lines)
 * the REPLACE writes blank lines of its own (so the SEARCH, not the whole edit, lost them).
 */
import { findRuns, type LineIndex } from '../locate/lineIndex';
import type { HunkLine, ParsedHunk } from '../parse/parsedEdit';

const MIN_PARTIAL = 4;

export interface Recovered {
  hunks: ParsedHunk[];
  /** Indexes of the hunks that were rewritten. */
  repaired: Set<number>;
}

export function recoverSearchBlocks(hunks: readonly ParsedHunk[], index: LineIndex): Recovered {
  const repaired = new Set<number>();
  const out = hunks.map((h, i) => {
    const r = recoverBlock(h, index);
    if (r) repaired.add(i);
    return r ?? h;
  });
  return { hunks: out, repaired };
}

function recoverBlock(h: ParsedHunk, index: LineIndex): ParsedHunk | undefined {
  const firstPlus = h.lines.findIndex((l) => l.op === '+');
  const search = (firstPlus < 0 ? h.lines : h.lines.slice(0, firstPlus)).map((l) => l.text.replace(/\r$/, ''));
  const replace = firstPlus < 0 ? [] : h.lines.slice(firstPlus).map((l) => l.text.replace(/\r$/, ''));
  if (search.length === 0 || h.lines.some((l, i) => l.op !== (i < search.length ? '-' : '+'))) return undefined;
  if (findRuns(index, 'trailing-whitespace', search.map((t) => t.trimEnd())).length > 0) return undefined;
  const shown = search.map((t, k) => ({ t, k })).filter((x) => x.t.trim() !== '');
  if (shown.length < 2) return undefined;
  const base = index.lines;
  const matches: Array<[number, number]> = [];
  // Anchor on the second shown line (the first may be truncated), whole up to trailing whitespace.
  const anchor = shown[1].t.trimEnd();
  for (const p of index.positions('trailing-whitespace', anchor)) {
    const m = matchFrom(base, shown.map((x) => x.t), p);
    if (m) matches.push(m);
    if (matches.length > 1) return undefined;
  }
  if (matches.length !== 1) return undefined;
  let [start, end] = matches[0];
  // Blank lines the SEARCH has at its edges are the file's blank lines next to the match.
  for (let k = 0; k < shown[0].k; k++) {
    if (start === 0 || base[start - 1].trim() !== '') return undefined;
    start--;
  }
  for (let k = search.length - 1; k > shown[shown.length - 1].k; k--) {
    if (end >= base.length || base[end].trim() !== '') return undefined;
    end++;
  }
  const real = base.slice(start, end);
  const blanks = (xs: readonly string[]) => xs.filter((t) => t.trim() === '').length;
  const leftOut = blanks(real) - blanks(search);
  if (leftOut < 0 || (leftOut > 0 && blanks(replace) <= blanks(search))) return undefined;
  // The REPLACE repeats a truncated edge line as it was: it stands for the whole file line.
  const fixed = [...replace];
  const firstReal = real.find((t) => t.trim() !== '')!;
  const lastReal = [...real].reverse().find((t) => t.trim() !== '')!;
  const [sFirst, sLast] = [shown[0].t, shown[shown.length - 1].t];
  if (sFirst.trimEnd() !== firstReal.trimEnd()) {
    const i = fixed.findIndex((t) => t.trim() !== '');
    if (i < 0 || fixed[i] !== sFirst) return undefined;
    fixed[i] = firstReal;
  }
  if (sLast.trimEnd() !== lastReal.trimEnd()) {
    let i = fixed.length - 1;
    while (i >= 0 && fixed[i].trim() === '') i--;
    if (i < 0 || fixed[i] !== sLast) return undefined;
    fixed[i] = lastReal;
  }
  const lines: HunkLine[] = [...real.map((text) => ({ op: '-' as const, text })), ...fixed.map((text) => ({ op: '+' as const, text }))];
  return { ...h, lines };
}

/** The file range [start, end) where the shown (non-blank) lines match, skipping blank file lines; edges may be partial. */
function matchFrom(base: readonly string[], shown: readonly string[], anchorAt: number): [number, number] | undefined {
  // Walk back from the anchor (shown[1]) to shown[0].
  let p = anchorAt - 1;
  while (p >= 0 && base[p].trim() === '') p--;
  if (p < 0 || !partial(shown[0], base[p], 'start')) return undefined;
  const start = p;
  p = anchorAt;
  for (let k = 1; k < shown.length; k++) {
    while (p < base.length && base[p].trim() === '') p++;
    if (p >= base.length) return undefined;
    const last = k === shown.length - 1;
    if (last ? !partial(shown[k], base[p], 'end') : base[p].trimEnd() !== shown[k].trimEnd()) return undefined;
    p++;
  }
  return [start, p];
}

/** Equal, or a truncated copy of the file line (its end cut off, or its start), long enough to mean something. */
function partial(shown: string, real: string, edge: 'start' | 'end'): boolean {
  if (shown.trimEnd() === real.trimEnd()) return true;
  const s = shown.trim();
  const r = real.trim();
  if (s.length < MIN_PARTIAL || s.length >= r.length) return false;
  return edge === 'start' ? r.endsWith(s) || r.startsWith(s) : r.startsWith(s) || r.endsWith(s);
}
