/**
 * The locating cascade for one hunk: exact at the stated line (with drift), exact anywhere,
 * trailing-whitespace-insensitive, indentation-shifted, whitespace-normalised, elisions expanded,
 * then similarity-scored alignment. The first strategy with a unique answer wins; two equally
 * good places or a best place below the threshold refuse the hunk. It never guesses.
 */
import type { ClosestCandidate, Strategy } from '../changeSet/changeSet';
import { alignWindow, candidateStarts, slackFor, type Alignment } from './fuzzyAlign';
import { locateWithElisions } from '../recover/elisionLocate';
import { collapseWhitespace, findRuns, MATCH_LEVELS, NORMALISERS, type LineIndex, type MatchLevel } from './lineIndex';
import {
  ambiguousFuzzyReason,
  ambiguousReason,
  closestFromAlignment,
  exactCandidate,
  notFoundReason,
} from './locateRefusal';
import type { Placement, PreparedHunk } from './preparedHunk';
import { describeHunk, prepareHunk } from './preparedHunk';
import { deriveReindent } from '../recover/reindent';
import type { RangeSet } from '../changeSet/rangeSet';

export const FUZZY_THRESHOLD = 0.8;
export const FUZZY_MARGIN = 0.1;

export interface LocateContext {
  index: LineIndex;
  /** Base ranges already taken by other hunks of the same file. */
  claimed?: RangeSet;
  /** Where the hunk is expected (0-based); defaults to the hunk's own hint. */
  hint?: number;
  /** A second expected line: the hint shifted by the drift neighbouring hunks showed. */
  driftHint?: number;
}

export type LocateResult =
  | { ok: true; placement: Placement }
  | { ok: false; ambiguous: boolean; reason: string; closest?: ClosestCandidate };

const LEVEL_STRATEGY: Record<MatchLevel, Strategy> = {
  exact: 'exact',
  'trailing-whitespace': 'trailing-whitespace',
  indentation: 'indentation',
  whitespace: 'whitespace',
};
const LEVEL_CONFIDENCE: Record<MatchLevel, number> = {
  exact: 1,
  'trailing-whitespace': 0.99,
  indentation: 0.97,
  whitespace: 0.95,
};

export function locateHunk(h: PreparedHunk, path: string, ctx: LocateContext): LocateResult {
  const base = ctx.index.lines;
  const n = h.oldText.length;
  const hint = ctx.hint ?? h.hint;
  if (n === 0) return locateInsertion(h, path, base.length);

  // Fast path, no index needed: an exact match at (or within 3 lines of) the expected line.
  for (const [at, viaDrift] of [
    [hint, false],
    [ctx.driftHint, true],
  ] as const) {
    if (at === undefined) continue;
    const near = exactNear(base, h, at, ctx.claimed);
    if (near !== undefined) {
      return {
        ok: true,
        placement: { start: near, end: near + n, map: h.oldText.map((_, k) => near + k), strategy: 'exact', confidence: 1, viaHint: true, viaDrift },
      };
    }
  }

  for (const level of MATCH_LEVELS) {
    const needle = h.oldText.map(NORMALISERS[level]);
    const runs = findRuns(ctx.index, level, needle);
    // Ascending; shared with other hunks (never modified): filtered copies only where something is taken.
    let cands: readonly number[] = ctx.claimed && ctx.claimed.size > 0 ? runs.filter((s) => free(ctx.claimed, s, s + n)) : runs;
    if (level === 'indentation') cands = cands.filter((s) => deriveReindent(pairsAt(h, base, s)) !== null);
    if (cands.length === 0) continue;
    cands = narrow(h, base, cands, n);
    const pick = chooseSortedWithDrift(cands, hint, ctx.driftHint);
    if (pick === null) {
      // The refusal names three places and the count: describe only those (there may be thousands).
      const places = cands.slice(0, 3).map((s) => exactCandidate(s, n, base));
      return { ok: false, ambiguous: true, reason: ambiguousReason(path, h, places, cands.length), closest: places[0] };
    }
    const strategy: Strategy =
      level === 'exact' && hint !== undefined && Math.abs(pick - hint) > 3 ? 'exact-anywhere' : LEVEL_STRATEGY[level];
    return {
      ok: true,
      placement: {
        start: pick,
        end: pick + n,
        map: h.oldText.map((_, k) => pick + k),
        strategy,
        confidence: LEVEL_CONFIDENCE[level],
        reindent: level === 'exact' ? undefined : (deriveReindent(pairsAt(h, base, pick)) ?? undefined),
        viaHint: cands.length > 1,
        viaDrift: cands.length > 1 && chooseSorted(cands, hint) === null,
      },
    };
  }

  const elided = locateWithElisions(h, ctx.index, (a, b) => free(ctx.claimed, a, b), (c) => chooseWithDrift(c, hint, ctx.driftHint));
  if (elided) {
    if (elided.kind === 'placed') return { ok: true, placement: elided.placement };
    const places = elided.starts.map((s) => exactCandidate(s, 1, base));
    return { ok: false, ambiguous: true, reason: ambiguousReason(path, h, places, places.length), closest: places[0] };
  }
  const trimmed = withoutForeignContext(h, ctx.index);
  if (trimmed) {
    const r = locateHunk(trimmed.hunk, path, ctx);
    if (r.ok && r.placement.strategy !== 'fuzzy') {
      const pl = r.placement;
      return {
        ok: true,
        placement: {
          ...pl,
          map: [...new Array<number>(trimmed.lead).fill(-1), ...pl.map, ...new Array<number>(trimmed.trail).fill(-1)],
          elided: pl.elided && new Map([...pl.elided].map(([k, v]) => [k + trimmed.lead, v])),
          strategy: 'fuzzy',
          confidence: Math.min(pl.confidence, 0.9),
        },
      };
    }
  }
  return locateFuzzy(h, path, ctx);
}

/**
 * The hunk without leading/trailing context lines that appear nowhere in the file (context the
 * model invented); undefined when there are none or nothing would be left.
 */
function withoutForeignContext(h: PreparedHunk, index: LineIndex): { hunk: PreparedHunk; lead: number; trail: number } | undefined {
  const foreign = (li: number): boolean => {
    const l = h.lines[li];
    return l.op === ' ' && l.text.trim() !== '' && index.positions('whitespace', collapseWhitespace(l.text)).length === 0;
  };
  let from = 0;
  while (from < h.lines.length && (foreign(from) || (h.lines[from].op === ' ' && h.lines[from].text.trim() === '' && from + 1 < h.lines.length && foreign(from + 1)))) from++;
  let to = h.lines.length;
  while (to > from && (foreign(to - 1) || (h.lines[to - 1].op === ' ' && h.lines[to - 1].text.trim() === '' && to - 2 >= from && foreign(to - 2)))) to--;
  if (from === 0 && to === h.lines.length) return undefined;
  const lines = h.lines.slice(from, to);
  if (!lines.some((l) => l.op !== '+')) return undefined;
  const hunk = prepareHunk({ lines, oldStart: h.hint !== undefined ? h.hint + 1 + from : undefined, sectionHint: h.sectionHint, anchoredAtEnd: h.anchoredAtEnd }, h.index);
  hunk.oldNoFinalNewline = h.oldNoFinalNewline;
  hunk.newNoFinalNewline = h.newNoFinalNewline;
  return { hunk, lead: from, trail: h.lines.length - to };
}

function locateInsertion(h: PreparedHunk, path: string, len: number): LocateResult {
  if (h.appendOnly || h.anchoredAtEnd || len === 0) {
    return { ok: true, placement: { start: len, end: len, map: [], strategy: 'append', confidence: 1 } };
  }
  return {
    ok: false,
    ambiguous: true,
    reason: `${path}: ${describeHunk(h)} only adds lines and has no unchanged or removed lines, so there is no way to tell where it goes; include a few unchanged lines before or after it.`,
  };
}

function locateFuzzy(h: PreparedHunk, path: string, ctx: LocateContext): LocateResult {
  const base = ctx.index.lines;
  const n = h.oldText.length;
  const slack = slackFor(n);
  const seen = new Set<string>();
  const found: Alignment[] = [];
  for (const s of candidateStarts(ctx.index, h.oldText)) {
    const a = alignWindow(ctx.index, h.oldText, h.oldOps, s - slack, s + n + slack);
    if (!a || !free(ctx.claimed, a.start, a.end)) continue;
    const key = `${a.start}:${a.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(a);
  }
  found.sort((a, b) => b.score - a.score);
  const best = found[0];
  if (best) {
    // Look for a rival right next to the best place too (candidate windows may have merged them).
    const span = n + 2 * slack;
    for (const [from, to] of [
      [best.start - span, best.start],
      [best.end, best.end + span],
    ]) {
      const a = alignWindow(ctx.index, h.oldText, h.oldOps, from, to);
      if (a && free(ctx.claimed, a.start, a.end) && !seen.has(`${a.start}:${a.end}`)) found.push(a);
    }
  }
  // Counts that say the model invented a context line explain why the old side is not in the file;
  // then removed lines that still match show the hunk is not applied yet.
  const explained = (h.counts?.extraContext ?? 0) > 0 && h.oldOps.includes('-');
  const applied = explained ? undefined : alreadyApplied(h, ctx.index);
  if (applied !== undefined) {
    return {
      ok: false,
      ambiguous: false,
      reason: `${path}: ${describeHunk(h)} seems to be applied already: its new lines are at line ${applied + 1} and its old lines are not in the file.`,
    };
  }
  if (!best) return { ok: false, ambiguous: false, reason: notFoundReason(path, h, undefined, FUZZY_THRESHOLD) };
  // Distinct places about as good as the best: the edit's line number may single one out.
  const distinct: Alignment[] = [];
  for (const a of found) if (distinct.every((d) => a.end <= d.start || a.start >= d.end)) distinct.push(a);
  const rivals = distinct.filter((a) => a.score > best.score - FUZZY_MARGIN);
  let viaHint = false;
  let viaDrift = false;
  if (rivals.length > 1 && rivals.includes(best)) {
    const starts = rivals.map((a) => a.start);
    let pick = choose(starts, hint(h, ctx));
    if (pick === null && ctx.driftHint !== undefined) {
      pick = choose(starts, ctx.driftHint);
      viaDrift = pick !== null;
    }
    if (pick !== null) {
      const chosen = rivals.find((a) => a.start === pick)!;
      const i = found.indexOf(chosen);
      found.splice(i, 1);
      found.unshift(chosen);
      viaHint = true;
    }
  }
  return placeFuzzy(h, path, ctx, found, viaHint, viaDrift);
}

function hint(h: PreparedHunk, ctx: LocateContext): number | undefined {
  return ctx.hint ?? h.hint;
}

function placeFuzzy(h: PreparedHunk, path: string, ctx: LocateContext, found: Alignment[], viaHint: boolean, viaDrift: boolean): LocateResult {
  const base = ctx.index.lines;
  const best = found[0];
  const closest = closestFromAlignment(best, h, base);
  const runner = viaHint ? undefined : found.find((a) => a !== best && (a.end <= best.start || a.start >= best.end));
  if (best.score < FUZZY_THRESHOLD) {
    return { ok: false, ambiguous: false, reason: notFoundReason(path, h, closest, FUZZY_THRESHOLD), closest };
  }
  if (!structurallySound(h, best)) {
    const k = h.oldOps.findIndex((op, i) => op === '-' && (best.map[i] < 0 || best.sims[i] < 0.8));
    const what = k >= 0 ? `the removed line "${h.oldText[k].trim()}" is not in the file there` : 'too few of its lines are in the file there';
    return {
      ok: false,
      ambiguous: false,
      reason: `${path}: ${describeHunk(h)} does not match the file closely enough: at the closest place (lines ${closest.startLine}-${closest.endLine}, similarity ${closest.score.toFixed(2)}) ${what}. Copy the lines to change exactly as they are in the current file.`,
      closest,
    };
  }
  // More than one line of the hunk missing or different at that place: not a misremembered line but
  // another place, or two changes written as one (a missing @@); refused rather than guessed.
  const offAt = h.oldText.map((_, k) => k).filter((k) => h.oldText[k].trim() !== '' && (best.map[k] < 0 || collapseWhitespace(base[best.map[k]]) !== collapseWhitespace(h.oldText[k])));
  const off = offAt.map((k) => h.oldText[k]);
  // ...or one line next to added lines that the file has otherwise there: where they go is unclear.
  const elsewhere = (k: number) => ctx.index.positions('whitespace', collapseWhitespace(h.oldText[k])).some((p) => p < best.start - 1 || p > best.end);
  const nextToAdded = (k: number) =>
    (best.map[k] >= 0 || elsewhere(k)) && (growingGroupAt(h, h.oldIdx[k] - 1) || growingGroupAt(h, h.oldIdx[k] + 1));
  if (off.length > 1 || (off.length === 1 && nextToAdded(offAt[0]))) {
    return {
      ok: false,
      ambiguous: false,
      reason: `${path}: ${describeHunk(h)} does not match the file closely enough: at the closest place (lines ${closest.startLine}-${closest.endLine}) ${off.length === 1 ? 'the line next to its added lines' : `${off.length} of its lines`} ${off.length === 1 ? 'is' : 'are'} not in the file, e.g. "${off[0].trim()}". If it holds two separate changes, give each its own @@ header; otherwise copy the lines exactly as they are in the current file.`,
      closest,
    };
  }
  if (runner && runner.score > best.score - FUZZY_MARGIN) {
    const other = closestFromAlignment(runner, h, base);
    return { ok: false, ambiguous: true, reason: ambiguousFuzzyReason(path, h, closest, other), closest };
  }
  const pairs: Array<[string, string]> = [];
  best.map.forEach((m, k) => {
    if (m >= 0) pairs.push([h.oldText[k], base[m]]);
  });
  return {
    ok: true,
    placement: {
      start: best.start,
      end: best.end,
      map: best.map,
      strategy: 'fuzzy',
      confidence: Math.round(best.score * 1000) / 1000,
      reindent: deriveReindent(pairs) ?? undefined,
      viaHint,
      viaDrift,
    },
  };
}

/** Where the hunk's new side already sits, exactly and uniquely, when it changes anything. */
function alreadyApplied(h: PreparedHunk, index: LineIndex): number | undefined {
  if (!h.lines.some((l) => l.op === '-') && !h.lines.some((l) => l.op === '+')) return undefined;
  const newSide = h.lines.filter((l) => l.op !== '-').map((l) => l.text.trimEnd());
  if (newSide.every((t) => t.trim() === '')) return undefined;
  const runs = findRuns(index, 'trailing-whitespace', newSide);
  return runs.length === 1 ? runs[0] : undefined;
}

/** Removed lines must each match a real line well, and enough real text must anchor the hunk. */
function structurallySound(h: PreparedHunk, a: Alignment): boolean {
  let anchor = 0;
  for (let k = 0; k < h.oldText.length; k++) {
    if (h.oldOps[k] === '-' && (a.map[k] < 0 || a.sims[k] < 0.8)) return false;
    if (a.map[k] >= 0 && h.oldText[k].trim() !== '') anchor += a.sims[k];
  }
  const nonBlank = h.oldText.filter((t) => t.trim() !== '').length;
  return anchor >= Math.min(1.5, nonBlank * 0.9);
}

function pairsAt(h: PreparedHunk, base: readonly string[], s: number): Array<[string, string]> {
  return h.oldText.map((t, k) => [t, base[s + k]]);
}

export function free(claimed: RangeSet | undefined, start: number, end: number): boolean {
  return !claimed || !claimed.overlaps(start, end);
}

/** The unique nearest exact match within 3 lines of `at`, or undefined. */
function exactNear(base: readonly string[], h: PreparedHunk, at: number, claimed: RangeSet | undefined): number | undefined {
  const n = h.oldText.length;
  for (let d = 0; d <= 3; d++) {
    const hits: number[] = [];
    for (const s of d === 0 ? [at] : [at - d, at + d]) {
      if (s < 0 || s + n > base.length) continue;
      if (h.anchoredAtEnd && s + n !== base.length) continue;
      let ok = true;
      for (let k = 0; k < n; k++) {
        if (base[s + k] !== h.oldText[k]) {
          ok = false;
          break;
        }
      }
      if (ok && free(claimed, s, s + n)) hits.push(s);
    }
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}

function chooseWithDrift(cands: readonly number[], hint: number | undefined, drift: number | undefined): number | null {
  const pick = choose(cands, hint);
  return pick !== null || drift === undefined ? pick : choose(cands, drift);
}

function chooseSortedWithDrift(cands: readonly number[], hint: number | undefined, drift: number | undefined): number | null {
  const pick = chooseSorted(cands, hint);
  return pick !== null || drift === undefined ? pick : chooseSorted(cands, drift);
}

/** choose() for ascending candidates, by binary search: the same answer in O(log n). */
export function chooseSorted(cands: readonly number[], hint: number | undefined): number | null {
  if (cands.length === 1) return cands[0];
  if (hint === undefined || cands.length === 0) return null;
  let lo = 0;
  let hi = cands.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cands[mid] < hint) lo = mid + 1;
    else hi = mid;
  }
  // The nearest two are among cands[lo - 2 .. lo + 1].
  const near = cands.slice(Math.max(0, lo - 2), Math.min(cands.length, lo + 2));
  return choose(near.length >= 2 ? near : cands, hint);
}

/** One candidate; or the one nearest the expected line when it is clearly nearest; else null. */
export function choose(cands: readonly number[], hint: number | undefined): number | null {
  if (cands.length === 1) return cands[0];
  if (hint === undefined) return null;
  const byDist = [...cands].sort((a, b) => Math.abs(a - hint) - Math.abs(b - hint));
  const d1 = Math.abs(byDist[0] - hint);
  const d2 = Math.abs(byDist[1] - hint);
  return d1 <= 3 && d1 < d2 ? byDist[0] : null;
}

/** Apply `*** End of File` and section hints (`@@ def foo`) to narrow several candidates. */
function narrow(h: PreparedHunk, base: readonly string[], cands: readonly number[], n: number): readonly number[] {
  let out = cands;
  if (h.anchoredAtEnd) {
    const atEnd = out.filter((s) => base.slice(s + n).every((l) => l.trim() === ''));
    if (atEnd.length > 0) out = atEnd;
  }
  if (h.sectionHint && out.length > 1) {
    const inSection = out.filter((s) => insideSection(base, s, n, h.sectionHint!));
    if (inSection.length > 0) out = inSection;
  }
  return out;
}

/**
 * Whether the hunk at `s` lies in the block opened by a line containing `hint`: walk back over the
 * enclosing openers (each less indented than everything after it) and look for the hint.
 */
function insideSection(base: readonly string[], s: number, n: number, hint: string): boolean {
  for (let p = s; p < Math.min(base.length, s + n); p++) if (base[p].includes(hint)) return true;
  let minIndent = Infinity;
  for (let p = s; p < Math.min(base.length, s + n); p++) if (base[p].trim() !== '') minIndent = Math.min(minIndent, indent(base[p]));
  for (let p = s - 1; p >= 0 && minIndent > 0; p--) {
    const line = base[p];
    if (line.trim() === '' || indent(line) >= minIndent) continue;
    if (line.includes(hint)) return true;
    minIndent = indent(line);
  }
  return false;
}

function indent(l: string): number {
  return /^[ \t]*/.exec(l)![0].length;
}

/** Whether line i is in a change group that adds more lines than it removes (so not a replacement in place). */
function growingGroupAt(h: PreparedHunk, i: number): boolean {
  if (h.lines[i]?.op !== '+' && h.lines[i]?.op !== '-') return false;
  let a = i;
  let b = i;
  while (a > 0 && h.lines[a - 1].op !== ' ') a--;
  while (b < h.lines.length - 1 && h.lines[b + 1].op !== ' ') b++;
  const group = h.lines.slice(a, b + 1);
  return group.filter((l) => l.op === '+').length > group.filter((l) => l.op === '-').length;
}
