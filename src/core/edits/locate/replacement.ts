/**
 * Turn a located hunk into the base lines it replaces and the lines that replace them.
 * Context lines always take the file's real text; added lines are re-indented when the hunk
 * matched only up to indentation; elisions expand to the file's real lines; dropped context is
 * kept; extra context at the edges is ignored. An interior context line that is not in the file
 * is dropped or taken as an added line that lost its '+' only when the hunk header's counts say
 * which (or, without counts, when it has no prefix at all); otherwise the hunk is refused.
 */
import { isElisionLine } from '../recover/elision';
import { restoreDroppedPlus } from '../recover/plusRepair';
import type { Placement, PreparedHunk } from './preparedHunk';

/** `repaired`: lines of the hunk were read otherwise than written (a lost '+', invented or misremembered context). */
export type Replacement = { oldLines: string[]; newLines: string[]; repaired: boolean } | { error: string };

export function buildReplacement(h: PreparedHunk, pl: Placement, base: readonly string[]): Replacement {
  const reindent = pl.reindent ?? ((l: string): string | null => l);
  const n = h.oldIdx.length;
  const anchorOf = (k: number): number => {
    const el = pl.elided?.get(k);
    if (el) return el[0];
    return pl.map[k];
  };
  let firstMapped = -1;
  let lastMapped = -1;
  for (let k = 0; k < n; k++) {
    if (anchorOf(k) >= 0) {
      if (firstMapped < 0) firstMapped = k;
      lastMapped = k;
    }
  }
  const edgeError = droppedAtEdge(h, pl, base.length);
  if (edgeError) return { error: edgeError };
  const hasChange = h.lines.some((l) => l.op !== ' ');
  const removedTexts = new Set(h.lines.filter((l) => l.op === '-' && l.text.trim() !== '').map((l) => l.text));
  const out: string[] = [];
  let repaired = false;
  const removedElisions: Array<[number, number]> = [];
  let plusElisions = 0;
  let b = pl.start;
  let k = -1;

  // Whether added lines were emitted since the last old-side line that matched the file: a file
  // line the hunk left out right there could go before or after them, so that is refused.
  let addedSinceAnchor = false;
  // The current change group (run of removed and added lines): when the added lines follow removed
  // lines and are no more than them, they replace those lines in place, so a file line the hunk
  // left out after them stays after them.
  let groupMinus = 0;
  let groupPlus = 0;
  let lastAnchorOp: ' ' | '-' = ' ';
  // What the header counts say is left to account for: lost '+' lines and invented context lines.
  let plusLeft = h.counts?.lostPlus ?? 0;
  let dropLeft = h.counts?.extraContext ?? 0;
  const flushTo = (to: number, kNext: number): string | null => {
    if (b >= to) return null;
    const inPlace = lastAnchorOp === '-' && groupPlus <= groupMinus;
    if (addedSinceAnchor && b > pl.start && !inPlace) {
      return `it adds lines next to line ${b + 1} of the file ("${base[b].trim()}"), which the hunk leaves out, so it is unclear whether they go before or after it; include that line as context`;
    }
    // Several file lines between two lines of the hunk: two separate changes written as one (a
    // missing @@), not a dropped context line; placing it as one chunk would put lines out of order.
    let skipped = 0;
    for (let j = b; j < to && skipped < 2; j++) if (base[j].trim() !== '') skipped++;
    if (skipped >= 2 && b > pl.start && !pl.elided?.size) {
      return `the file has ${to - b} lines (from line ${b + 1}, "${base[b].trim()}") between two lines of the hunk; if these are two separate changes, give each its own @@ header, else include those lines`;
    }
    const prevOp = kNext > 0 ? h.oldOps[kNext - 1] : ' ';
    const nextOp = h.oldOps[kNext];
    if (prevOp === '-' && nextOp === '-' && kNext > firstMapped) {
      return `the file has line ${b + 1} ("${base[b].trim()}") between two removed lines of the hunk; include it as a removed or context line`;
    }
    for (; b < to; b++) out.push(base[b]);
    return null;
  };
  const nextAnchor = (from: number): number => {
    for (let j = from; j < n; j++) if (anchorOf(j) >= 0) return anchorOf(j);
    return pl.end;
  };

  for (let li = 0; li < h.lines.length; li++) {
    const L = h.lines[li];
    if (L.op === '+') {
      if (isElisionLine(L.text) && !literalInRange(L.text, base, pl.start, pl.end)) {
        const range = removedElisions[plusElisions++];
        if (!range) {
          return {
            error: `the replacement contains the elision "${L.text.trim()}" that stands for no lines of the old text; write those lines out in full`,
          };
        }
        for (let j = range[0]; j < range[1]; j++) out.push(base[j]);
        continue;
      }
      const re = reindent(L.text);
      if (re === null) return { error: reindentError(L.text) };
      if (re !== L.text && pl.reindent?.unitChange && removedTexts.has(L.text)) {
        return {
          error: `the hunk removes and re-adds "${L.text.trim()}" with the same indentation, while its unchanged lines use another indentation unit than the file, so it is unclear whether it means to change the indentation; write the hunk with the file's exact indentation`,
        };
      }
      out.push(re);
      addedSinceAnchor = true;
      groupPlus++;
      continue;
    }
    k++;
    const el = pl.elided?.get(k);
    const mb = pl.map[k];
    if (mb >= 0 && L.op === ' ' && L.unprefixed && plusLeft > 0 && !el && collapse(base[mb]) !== collapse(L.text)) {
      return { error: maybeNew(L.text) };
    }
    if (el) {
      const err = flushTo(el[0], k);
      if (err) return { error: err };
      if (L.op === ' ') for (let j = el[0]; j < el[1]; j++) out.push(base[j]);
      else removedElisions.push(el);
      b = el[1];
      addedSinceAnchor = false;
      lastAnchorOp = ' ';
      groupMinus = groupPlus = 0;
    } else if (mb >= 0) {
      const err = flushTo(mb, k);
      if (err) return { error: err };
      if (L.op === ' ') out.push(base[mb]);
      b = mb + 1;
      addedSinceAnchor = false;
      lastAnchorOp = L.op;
      if (L.op === '-') groupMinus++;
      else groupMinus = groupPlus = 0;
    } else if (L.op === '-') {
      return { error: `the removed line "${L.text.trim()}" is not in the file at that place` };
    } else if (k < firstMapped || k > lastMapped || firstMapped < 0) {
      // Context at an edge that the file does not have: ignore it, unless it may be a new line.
      if (L.unprefixed && L.text.trim() !== '' && (!h.counts || plusLeft > 0)) return { error: maybeNew(L.text) };
      // The counts say a '+' was lost and none was found yet: this edge line may be it.
      if (h.counts && plusLeft > 0 && dropLeft === 0 && L.text.trim() !== '') return { error: maybeNew(L.text) };
      if (h.counts && dropLeft > 0) dropLeft--;
      repaired = true;
    } else if (b < nextAnchor(k + 1)) {
      // The file has a different line here: keep the file's line (the model misremembered it).
      if (L.unprefixed && plusLeft > 0) return { error: maybeNew(L.text) };
      out.push(base[b]);
      repaired = true;
      b++;
    } else if (h.counts && dropLeft > 0 && (plusLeft === 0 || !L.unprefixed)) {
      // The header counts say the hunk has context lines the model invented: leave it out, unless
      // an equal context line on the other side of added lines could be the invented one instead.
      if (twinAcrossAdditions(h, li)) {
        return {
          error: `the hunk has one line more than its header counts, and it could be either of two "${L.text.trim() || '(blank)'}" lines around the added lines, which decides where they go; remove the extra line`,
        };
      }
      dropLeft--;
      repaired = true;
    } else if (h.counts ? plusLeft > 0 : L.unprefixed || !hasChange) {
      // An added line that lost its '+' (the counts say so, or it has no prefix at all).
      if (h.counts) plusLeft--;
      repaired = true;
      const addedNext = [h.lines[li - 1], h.lines[li + 1]].find((x) => x?.op === '+' && x.text.trim() !== '')?.text;
      const text = L.unprefixed ? L.text : restorePrefixSpace(L.text, out, base[b], base, addedNext);
      if (text === undefined) {
        return { error: `the line "${L.text.trim()}" lost its '+' and the file's indentation does not tell whether it is indented ${indentOf(L.text)} or ${indentOf(L.text) + 1} spaces; mark it with '+'` };
      }
      const re = reindent(text);
      if (re === null) return { error: reindentError(L.text) };
      out.push(re);
      addedSinceAnchor = true;
      groupPlus++;
    } else {
      return {
        error: `the context line "${L.text.trim()}" is not in the file at that place (if it is new, mark it with '+'; if it is not, leave it out)`,
      };
    }
  }
  if (plusLeft > 0 && h.lines.some((l) => l.op === ' ' && l.unprefixed && l.text.trim() !== '')) {
    const l = h.lines.find((x) => x.op === ' ' && x.unprefixed && x.text.trim() !== '')!;
    return { error: maybeNew(l.text) };
  }
  if (b < pl.end) for (; b < pl.end; b++) out.push(base[b]);
  return { oldLines: base.slice(pl.start, pl.end), newLines: out, repaired };
}

const collapse = (t: string): string => t.trim().replace(/\s+/g, ' ');

function maybeNew(text: string): string {
  return `the line "${text.trim()}" has no ' ', '-' or '+' prefix and the hunk header's line counts say one of its lines is new, so it is unclear whether it is new or unchanged; mark it with '+' or ' '`;
}

function reindentError(text: string): string {
  return `the hunk's unchanged lines are indented differently from the file, and it is unclear how to indent the added line "${text.trim()}" to match; write the hunk with the file's exact indentation`;
}

/** A context line taken as an added line that lost its '+': the indentation the file's lines say it had. */
const indentOf = (l: string): number => l.length - l.trimStart().length;

function restorePrefixSpace(text: string, before: readonly string[], next: string | undefined, base: readonly string[], addedNext?: string): string | undefined {
  return restoreDroppedPlus(text, base, [...before].reverse().find((l) => l.trim() !== '') ?? next, addedNext);
}

function literalInRange(text: string, base: readonly string[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (base[j] === text) return true;
  return false;
}

/** Whether an equal context line sits on the other side of a run of added lines from line li. */
function twinAcrossAdditions(h: PreparedHunk, li: number): boolean {
  const key = collapse(h.lines[li].text);
  for (const dir of [-1, 1]) {
    let j = li + dir;
    let added = 0;
    while (j >= 0 && j < h.lines.length && h.lines[j].op === '+') {
      added++;
      j += dir;
    }
    if (added > 0 && j >= 0 && j < h.lines.length && h.lines[j].op === ' ' && collapse(h.lines[j].text) === key) return true;
  }
  return false;
}

/**
 * A hunk that starts (or ends) with added lines, whose header says its old side is longer than
 * the lines it shows and starts earlier (or ends later) than where it was found: the lines it left
 * out may sit between the added lines and the first (last) line it shows, so the added lines could
 * go on either side of them.
 */
function droppedAtEdge(h: PreparedHunk, pl: Placement, baseLength: number): string | null {
  if (h.oldCount === undefined || h.hint === undefined || h.oldText.length === 0) return null;
  const shortfall = h.oldCount - h.oldText.length;
  if (shortfall <= 0) return null;
  const first = h.lines[0];
  const last = h.lines[h.lines.length - 1];
  if (first.op === '+' && pl.start > h.hint && pl.start - h.hint <= shortfall) {
    return `it starts with added lines and its header says it starts at line ${h.hint + 1}, ${pl.start - h.hint} line(s) before the first line it shows; those lines may belong before or after the added lines, so include them as context`;
  }
  if (last.op === '+' && pl.start === h.hint && pl.end < Math.min(baseLength, h.hint + h.oldCount)) {
    return `it ends with added lines and its header says it covers ${h.oldCount} lines, more than it shows; the lines after it may belong before or after the added lines, so include them as context`;
  }
  return null;
}
