/**
 * Whole-file content with elisions ("// ... existing code ...", "# rest of the file unchanged"):
 * models often send a "whole file" that is really the changed parts with the rest elided. Written
 * literally it would wipe out everything the markers stand for (the bug that empties files in
 * other tools). Here each marker is expanded to the original lines it stands for, anchored by the
 * shown code around it; when that cannot be told for certain, the edit is refused.
 *
 * The shown pieces ("segments") must appear in the original in order. A segment is anchored by
 * its first line that occurs exactly once in the rest of the original; the lines around the
 * anchor are aligned to the original greedily (nearest matching line first), which decides where
 * the segment's old counterpart starts and ends. The original lines between two counterparts are
 * what the marker between them stands for.
 */
import { isElisionLine } from './elision';

/** showsEnd: the content's last line is shown code (no marker after it), so the content decides how the file ends. */
export type WholeFileExpansion = { ok: true; lines: string[]; markers: number; showsEnd: boolean } | { ok: false; reason: string };

/** How far (in lines) the greedy alignment looks for the next matching line. */
const WINDOW = 40;

const same = (a: string, b: string) => a.trimEnd() === b.trimEnd();
/** A line distinctive enough to anchor a segment (not blank, not just punctuation). */
const distinctive = (l: string) => /[\p{L}\p{N}]/u.test(l) && l.trim().length >= 4;

/**
 * null when the content has no elision markers (or only lines the original has too, e.g. a
 * Python `...` stub that was already there): the content is then the file's text as given.
 */
export function expandWholeFileElisions(path: string, content: readonly string[], original: readonly string[]): WholeFileExpansion | null {
  const originalSet = new Set(original.map((l) => l.trim()));
  const counts = new Map<string, number>();
  for (const l of original) counts.set(l.trimEnd(), (counts.get(l.trimEnd()) ?? 0) + 1);
  const isMarker = content.map((l) => isElisionLine(l) && !originalSet.has(l.trim()));
  if (!isMarker.includes(true)) return null;
  const segments: { start: number; lines: string[] }[] = [];
  let cur: { start: number; lines: string[] } | undefined;
  content.forEach((l, i) => {
    if (isMarker[i]) {
      if (cur) segments.push(cur);
      cur = undefined;
    } else (cur ??= { start: i, lines: [] }).lines.push(l);
  });
  if (cur) segments.push(cur);
  const startsWithMarker = isMarker[0];
  const endsWithMarker = isMarker[content.length - 1];
  const refuse = (line: number, why: string): WholeFileExpansion => ({
    ok: false,
    reason: `The new content of ${path} elides code ("${content[line].trim()}" at line ${line + 1}) and ${why}; send the complete file, or only the changed parts as a diff or SEARCH/REPLACE blocks.`,
  });

  const out: string[] = [];
  let oc = 0; // original lines before oc are accounted for
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const markerBefore = s > 0 || startsWithMarker;
    const markerAfter = s < segments.length - 1 || endsWithMarker;
    // Where the segment's old counterpart starts.
    let from = oc;
    if (markerBefore) {
      const a = anchor(seg.lines, original, oc);
      if (a === 'ambiguous') return refuse(seg.start - 1, `the code after it ("${firstDistinctive(seg.lines)}") is found in several places`);
      if (a === undefined) return refuse(seg.start - 1, 'none of the code after it is found in the file');
      const back = alignBack(seg.lines, a.k, original, a.pos, oc);
      if (ambiguousEdge(seg.lines, back.matched, 'head', original, counts)) return refuse(seg.start - 1, 'where the code after it begins is not certain (new and unchanged lines mixed before its first distinctive line)');
      from = back.start;
      out.push(...original.slice(oc, from));
    }
    // Where it ends: the rest of the file when nothing is elided after it.
    let to = original.length;
    if (markerAfter) {
      const a = markerBefore ? anchor(seg.lines, original, oc) : undefined;
      const fwd = a && a !== 'ambiguous' ? alignForward(seg.lines, a.k, original, a.pos) : alignForward(seg.lines, 0, original, from);
      to = fwd.end;
      if (to === from) return refuse(seg.start + seg.lines.length, 'none of the code before it is found in the file');
      if (ambiguousEdge(seg.lines, fwd.matched, 'tail', original, counts)) return refuse(seg.start + seg.lines.length, 'where the code before it ends is not certain (new and unchanged lines mixed after its last distinctive line)');
    }
    out.push(...seg.lines);
    oc = Math.max(to, from);
  }
  if (endsWithMarker) out.push(...original.slice(oc));
  return { ok: true, lines: out, markers: isMarker.filter(Boolean).length, showsEnd: !endsWithMarker };
}

function firstDistinctive(lines: readonly string[]): string {
  return (lines.find(distinctive) ?? lines[0] ?? '').trim().slice(0, 60);
}

/** The segment's first distinctive line that occurs exactly once in original[from..]. */
function anchor(seg: readonly string[], original: readonly string[], from: number): { k: number; pos: number } | 'ambiguous' | undefined {
  let ambiguous = false;
  for (let k = 0; k < seg.length; k++) {
    if (!distinctive(seg[k])) continue;
    const hits: number[] = [];
    for (let p = from; p < original.length && hits.length < 2; p++) if (same(original[p], seg[k])) hits.push(p);
    if (hits.length === 1) return { k, pos: hits[0] };
    if (hits.length > 1) ambiguous = true;
  }
  return ambiguous ? 'ambiguous' : undefined;
}

/** Where each shown line went in the original (undefined: a new line). */
type Matches = Map<number, number | undefined>;

/**
 * Aligns seg[0..k) backwards from original[pos] (where seg[k] is): returns where the segment's
 * counterpart starts (>= floor). Unmatched leading lines are insertions right before the match.
 */
function alignBack(seg: readonly string[], k: number, original: readonly string[], pos: number, floor: number): { start: number; matched: Matches } {
  const matched: Matches = new Map([[k, pos]]);
  for (let x = 0; x < k; x++) matched.set(x, undefined);
  let start = pos;
  let i = k - 1;
  let c = pos - 1;
  while (i >= 0 && c >= floor) {
    const next = nearestPair(i, c, -1, seg, original, floor);
    if (!next) break;
    matched.set(next.i, next.c);
    start = next.c;
    i = next.i - 1;
    c = next.c - 1;
  }
  return { start, matched };
}

/** Aligns seg[i..] forwards from original[c] (a matched pair): returns where the counterpart ends. */
function alignForward(seg: readonly string[], i: number, original: readonly string[], c: number): { end: number; matched: Matches } {
  const matched: Matches = new Map();
  for (let x = i; x < seg.length; x++) matched.set(x, undefined);
  let end = c;
  while (i < seg.length && c < original.length) {
    const next = nearestPair(i, c, 1, seg, original, original.length);
    if (!next) break;
    matched.set(next.i, next.c);
    end = next.c + 1;
    i = next.i + 1;
    c = next.c + 1;
  }
  return { end, matched };
}

/**
 * Next to a marker, the shown lines beyond the last (head: before the first) matched distinctive
 * line (the anchor) decide where the marker's lines begin or end. Read outward from the anchor
 * they must be unchanged lines (context), or new lines then unchanged ones: either the file's
 * lines right next to the anchor (an insertion: nothing of the file is removed there) that would
 * not also fit one line further out, or context that no other place of the file continues with the
 * next shown line. Anything else could be read two ways: new lines between braces or blanks, or a
 * changed copy of code found elsewhere (the anchor may then itself be a new line equal to an old
 * one, e.g. a line moved or re-indented, and the plain context at the marker fits both places).
 */
function ambiguousEdge(seg: readonly string[], matched: Matches, side: 'head' | 'tail', original: readonly string[], counts: ReadonlyMap<string, number>): boolean {
  const keys = [...matched.keys()].sort((a, b) => a - b);
  // A line that occurs once in the whole file can only be where it was matched.
  const isAnchor = (k: number) => matched.get(k) !== undefined && distinctive(seg[k]) && counts.get(seg[k].trimEnd()) === 1;
  let outward: number[];
  let anchorAt: number | undefined;
  if (side === 'tail') {
    let j = keys.length - 1;
    while (j >= 0 && !isAnchor(keys[j])) j--;
    outward = keys.slice(j + 1);
    if (j >= 0) anchorAt = matched.get(keys[j]);
  } else {
    let j = 0;
    while (j < keys.length && !isAnchor(keys[j])) j++;
    outward = keys.slice(0, j).reverse();
    if (j < keys.length) anchorAt = matched.get(keys[j]);
  }
  const flags = outward.map((k) => matched.get(k) !== undefined);
  // The line touching the marker must be code the file has: where the marker begins is then known.
  if (flags.length > 0 && !flags[flags.length - 1]) return true;
  let changes = 0;
  for (let x = 1; x < flags.length; x++) if (flags[x] !== flags[x - 1]) changes++;
  if (changes > 1) return true;
  if (changes === 1 && !flags[0]) {
    if (anchorAt === undefined) return true;
    const step = side === 'tail' ? 1 : -1;
    const at = (x: number) => original[anchorAt + step * x];
    const outer = matched.get(outward[outward.length - 1])!;
    // The insertion reading: the last L lines before the marker are the file's L lines right next
    // to the anchor (nothing of the file removed there), and that is where the context was matched.
    for (let L = flags.length - flags.indexOf(true); L < outward.length; L++) {
      const suffix = outward.slice(outward.length - L);
      if (outer !== anchorAt + step * L || !suffix.every((k, x) => at(x + 1) !== undefined && same(at(x + 1)!, seg[k]))) continue;
      // ... that would not also fit one line further out.
      return suffix.every((k, x) => at(x + 2) !== undefined && same(at(x + 2)!, seg[k]));
    }
    // A replacement: the context at the marker fits here; it is certain only if nowhere in the file
    // does that context continue with the next shown line too (then the shown lines, anchor
    // included, may well be a changed copy of that other place).
    const fromMarker = outward.slice().reverse();
    const t = flags.length - flags.indexOf(true);
    const run = fromMarker.slice(0, t + 1).map((k) => seg[k]);
    for (let p = 0; p < original.length; p++) {
      if (run.every((l, x) => original[p - step * x] !== undefined && same(original[p - step * x], l))) return true;
    }
    return false;
  }
  return false;
}
/** The matching (segment line, original line) pair nearest to (i, c) in direction dir. */
function nearestPair(i: number, c: number, dir: 1 | -1, seg: readonly string[], original: readonly string[], limit: number): { i: number; c: number } | undefined {
  for (let d = 0; d <= WINDOW; d++) {
    for (let di = 0; di <= d; di++) {
      const si = i + dir * di;
      const oc = c + dir * (d - di);
      if (si < 0 || si >= seg.length) continue;
      if (dir === 1 ? oc >= limit : oc < limit) continue;
      if (oc < 0 || oc >= original.length) continue;
      // A blank line matches only as part of a run already aligned (d = 0), never as a jump target.
      if (same(seg[si], original[oc]) && (d === 0 || seg[si].trim() !== '')) return { i: si, c: oc };
    }
  }
  return undefined;
}
