/**
 * Locate a hunk whose old side contains elision markers (`...`, `// ... existing code ...`):
 * the pieces between the markers must appear in order, each as near as possible after the last,
 * and each marker stands for the real lines between its neighbours.
 */
import { isElisionLine } from './elision';
import { findRuns, MATCH_LEVELS, NORMALISERS, type LineIndex } from '../locate/lineIndex';
import type { Placement, PreparedHunk } from '../locate/preparedHunk';
import { deriveReindent } from './reindent';

export type ElisionOutcome = { kind: 'placed'; placement: Placement } | { kind: 'ambiguous'; starts: number[] } | null;

interface Segment {
  ks: number[];
}

interface Chain {
  start: number;
  end: number;
  map: number[];
  elided: Map<number, [number, number]>;
}

export function locateWithElisions(
  h: PreparedHunk,
  index: LineIndex,
  isFree: (start: number, end: number) => boolean,
  choose: (cands: readonly number[]) => number | null,
): ElisionOutcome {
  const isEl = h.oldText.map(isElisionLine);
  if (!isEl.includes(true) || isEl.every(Boolean)) return null;
  const segments: Segment[] = [];
  let cur: Segment = { ks: [] };
  isEl.forEach((el, k) => {
    if (el) {
      if (cur.ks.length) segments.push(cur);
      cur = { ks: [] };
    } else cur.ks.push(k);
  });
  if (cur.ks.length) segments.push(cur);

  for (const level of MATCH_LEVELS) {
    const norm = NORMALISERS[level];
    const runs = segments.map((seg) => findRuns(index, level, seg.ks.map((k) => norm(h.oldText[k]))));
    if (runs.some((r) => r.length === 0)) continue;
    const chains: Chain[] = [];
    for (const s0 of runs[0]) {
      const chain = buildChain(h, isEl, segments, runs, s0);
      if (chain && isFree(chain.start, chain.end)) chains.push(chain);
    }
    if (chains.length === 0) continue;
    const pick = choose(chains.map((c) => c.start));
    if (pick === null) return { kind: 'ambiguous', starts: chains.map((c) => c.start) };
    const chain = chains.find((c) => c.start === pick)!;
    const pairs: Array<[string, string]> = [];
    chain.map.forEach((m, k) => {
      if (m >= 0) pairs.push([h.oldText[k], index.lines[m]]);
    });
    return {
      kind: 'placed',
      placement: {
        start: chain.start,
        end: chain.end,
        map: chain.map,
        elided: chain.elided,
        strategy: 'elision',
        confidence: 0.9,
        reindent: level === 'exact' ? undefined : (deriveReindent(pairs) ?? undefined),
        viaHint: chains.length > 1,
      },
    };
  }
  return null;
}

function buildChain(h: PreparedHunk, isEl: boolean[], segments: Segment[], runs: ReadonlyArray<readonly number[]>, s0: number): Chain | null {
  const map = new Array<number>(h.oldText.length).fill(-1);
  const segStart: number[] = [s0];
  let pos = s0 + segments[0].ks.length;
  for (let i = 1; i < segments.length; i++) {
    const next = firstAtOrAfter(runs[i], pos);
    if (next < 0) return null;
    segStart.push(next);
    pos = next + segments[i].ks.length;
  }
  segments.forEach((seg, i) => seg.ks.forEach((k, j) => (map[k] = segStart[i] + j)));
  const start = s0;
  const end = pos;
  // Each elision spans from the end of the matched line before it to the start of the one after.
  const elided = new Map<number, [number, number]>();
  for (let k = 0; k < isEl.length; k++) {
    if (!isEl[k]) continue;
    let prev = start;
    for (let j = k - 1; j >= 0; j--) {
      if (map[j] >= 0) {
        prev = map[j] + 1;
        break;
      }
      const e = elided.get(j);
      if (e) {
        prev = e[1];
        break;
      }
    }
    let next = prev;
    if (k > 0 && map.slice(0, k).some((m) => m >= 0)) {
      next = end;
      for (let j = k + 1; j < isEl.length; j++) {
        if (map[j] >= 0) {
          next = map[j];
          break;
        }
      }
    }
    // A leading or trailing marker, or one right after another, stands for nothing.
    if (!map.slice(k + 1).some((m) => m >= 0)) next = prev;
    elided.set(k, [prev, Math.max(prev, next)]);
  }
  return { start, end, map, elided };
}

function firstAtOrAfter(sorted: readonly number[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : -1;
}
