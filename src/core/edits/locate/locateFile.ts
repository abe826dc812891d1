/**
 * Locate every hunk of one file against its base: a first pass places each hunk on its own;
 * hunks that were ambiguous or collided with another are retried with the places already taken
 * excluded and the expected line corrected by the drift the placed hunks showed. Hunks never overlap.
 */
import type { ClosestCandidate, Hunk, Strategy } from '../changeSet/changeSet';
import { findRuns, LineIndex, NORMALISERS, type MatchLevel } from './lineIndex';
import { RangeSet } from '../changeSet/rangeSet';
import { locateHunk, type LocateContext, type LocateResult } from './locateHunk';
import type { ParsedHunk } from '../parse/parsedEdit';
import { describeHunk, prepareHunk, type Placement, type PreparedHunk } from './preparedHunk';
import { buildReplacement } from './replacement';
import { repairByCounts } from '../recover/hunkRepair';
import { foreignRemoval, foreignRemovalReason } from './placementInvariant';

export interface HunkOutcome {
  index: number;
  hunk?: Hunk;
  refusal?: { reason: string; closest?: ClosestCandidate };
  /** From the parsed hunk, for the final-newline decision. */
  prepared: PreparedHunk;
  /** Located in the text earlier hunks produce and merged into the hunk with this index (sequentialHunks). */
  mergedInto?: number;
  /** How such a hunk was placed; line is 1-based in the base (the merged hunk's first line). */
  sequential?: { strategy: Strategy; confidence: number; line: number };
}

export function locateFileHunks(path: string, baseLines: readonly string[], hunks: readonly ParsedHunk[]): HunkOutcome[] {
  const index = new LineIndex(baseLines);
  const original = hunks.map((h, i) => prepareHunk(h, i));
  const prepared = original.map((p) => repairByCounts(p, index));
  const locate = memoised(path, index);
  // Pass 1, in the edit's order; a hunk whose line number was off shifts the expectation for the next.
  let delta = 0;
  const results: LocateResult[] = prepared.map((p) => {
    const r = locate(p, { index, driftHint: delta !== 0 && p.hint !== undefined ? p.hint + delta : undefined });
    if (r.ok && p.hint !== undefined) delta = r.placement.start - p.hint;
    return r;
  });

  // Resolve collisions: earlier hunks with exact strategies keep their place.
  const placedOrder = (): number[] =>
    results
      .map((r, i) => i)
      .filter((i) => results[i].ok)
      .sort((a, b) => rank(results[a]) - rank(results[b]) || a - b);
  const retry = new Set<number>();
  const claimed = new DriftIndex();
  const taken = new RangeSet();
  for (const i of placedOrder()) {
    const pl = (results[i] as { placement: Placement }).placement;
    if (taken.overlaps(pl.start, pl.end)) retry.add(i);
    else {
      claimed.add(prepared[i].hint, pl.start);
      taken.add(pl.start, pl.end);
    }
  }
  results.forEach((r, i) => {
    if (!r.ok && r.ambiguous) retry.add(i);
  });

  for (const i of [...retry].sort((a, b) => a - b)) {
    const p = prepared[i];
    const r = locate(p, {
      index,
      claimed: taken,
      driftHint: p.hint === undefined ? undefined : p.hint + (claimed.nearestDelta(p.hint) ?? 0),
    });
    if (r.ok && taken.overlaps(r.placement.start, r.placement.end)) {
      results[i] = { ok: false, ambiguous: false, reason: `${path}: ${describeHunk(p)} overlaps another hunk of the same file.` };
      continue;
    }
    if (!r.ok && results[i].ok) {
      results[i] = { ok: false, ambiguous: false, reason: `${path}: ${describeHunk(p)} overlaps another hunk of the same file; ${r.reason.replace(/^[^:]*: /, '')}` };
      continue;
    }
    results[i] = r;
    if (r.ok) {
      claimed.add(prepared[i].hint, r.placement.start);
      taken.add(r.placement.start, r.placement.end);
    }
  }

  distrustInconsistentLineNumbers(path, index, prepared, results);

  return prepared.map((p, i) => {
    const r = results[i];
    if (!r.ok) return { index: i, prepared: p, refusal: { reason: r.reason, closest: r.closest } };
    const pl = r.placement;
    const rep = buildReplacement(p, pl, baseLines);
    if ('error' in rep) {
      return {
        index: i,
        prepared: p,
        refusal: {
          reason: `${path}: ${describeHunk(p)} was found at ${pl.end > pl.start + 1 ? `lines ${pl.start + 1}-${pl.end}` : `line ${pl.start + 1}`} but ${rep.error}.`,
        },
      };
    }
    const foreign = pl.strategy === 'exact' && !rep.repaired ? undefined : foreignRemoval(p, pl, baseLines, rep.oldLines, rep.newLines);
    if (foreign !== undefined) {
      return { index: i, prepared: p, refusal: { reason: `${path}: ${describeHunk(p)} was found at ${pl.end > pl.start + 1 ? `lines ${pl.start + 1}-${pl.end}` : `line ${pl.start + 1}`} but ${foreignRemovalReason(foreign)}.` } };
    }
    const hunk: Hunk = {
      index: i,
      baseStart: pl.start,
      oldLines: rep.oldLines,
      newLines: rep.newLines,
      // A hunk found exactly only once Forge re-read some of its lines is labelled so.
      strategy: (rep.repaired || p !== original[i]) && (pl.strategy === 'exact' || pl.strategy === 'exact-anywhere') ? 'repaired' : pl.strategy,
      confidence: pl.confidence,
    };
    return { index: i, prepared: p, hunk };
  });
}

/**
 * locateHunk, answering a hunk that repeats an earlier one (same lines, line number and flags,
 * same places taken) with the earlier answer instead of locating it again: an edit of thousands of
 * copies of one hunk costs one search, not thousands of similarity searches. The answer is the
 * same one locating again would give; only a refusal's hunk number is the repeating hunk's own.
 */
function memoised(path: string, index: LineIndex): (p: PreparedHunk, ctx: LocateContext) => LocateResult {
  const seen = new Map<string, { p: PreparedHunk; r: LocateResult }>();
  return (p, ctx) => {
    const key = JSON.stringify([p.lines, p.hint, p.sectionHint, p.anchoredAtEnd, p.appendOnly, p.oldNoFinalNewline, p.newNoFinalNewline, p.counts, p.oldCount, ctx.hint, ctx.driftHint, ctx.claimed?.size ?? -1]);
    const hit = seen.get(key);
    if (hit) {
      if (hit.r.ok || hit.p.index === p.index) return hit.r;
      const was = describeHunk(hit.p);
      return { ...hit.r, reason: hit.r.reason.split(was).join(describeHunk(p)) };
    }
    const r = locateHunk(p, path, { ...ctx, index });
    seen.set(key, { p, r });
    return r;
  };
}

const STRATEGY_RANK: Partial<Record<Strategy, number>> = {
  exact: 0,
  'exact-anywhere': 1,
  'trailing-whitespace': 2,
  indentation: 3,
  whitespace: 4,
  elision: 5,
  fuzzy: 6,
  append: 7,
};

function rank(r: LocateResult): number {
  return r.ok ? (STRATEGY_RANK[r.placement.strategy] ?? 9) : 99;
}

/**
 * The placed hunks' offsets (placed line - stated line), by stated line: a retried hunk's expected
 * line is its stated line shifted by the offset of the placed hunk whose stated line is nearest
 * (the first placed of equally near ones). Binary search, so thousands of retries stay cheap.
 */
class DriftIndex {
  /** Distinct stated lines, ascending; per line the first placed hunk's offset and its order. */
  private readonly hints: number[] = [];
  private readonly first = new Map<number, { delta: number; order: number }>();
  private count = 0;

  add(hint: number | undefined, start: number): void {
    const order = this.count++;
    if (hint === undefined || this.first.has(hint)) return;
    this.first.set(hint, { delta: start - hint, order });
    this.hints.splice(this.lowerBound(hint), 0, hint);
  }

  nearestDelta(hint: number): number | undefined {
    const k = this.lowerBound(hint);
    let best: { dist: number; delta: number; order: number } | undefined;
    for (const q of [this.hints[k - 1], this.hints[k]]) {
      if (q === undefined) continue;
      const e = this.first.get(q)!;
      const dist = Math.abs(q - hint);
      if (!best || dist < best.dist || (dist === best.dist && e.order < best.order)) best = { dist, ...e };
    }
    return best?.delta;
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.hints.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.hints[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Line numbers only pick between equal places when the edit's line numbers are credible: every
 * placed hunk sits at its stated line shifted by about the same offset. When they disagree (a
 * model's made-up numbers), a hunk placed by its number alone is refused if the file has another
 * equal place.
 */
function distrustInconsistentLineNumbers(path: string, index: LineIndex, prepared: readonly PreparedHunk[], results: LocateResult[]): void {
  const deltas: number[] = [];
  results.forEach((r, i) => {
    const hint = prepared[i].hint;
    if (r.ok && hint !== undefined && !r.placement.viaDrift) deltas.push(r.placement.start - hint);
  });
  if (deltas.length === 0) return;
  const sorted = [...deltas].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const credible = deltas.every((d) => Math.abs(d - median) <= 3) && (deltas.length > 1 || Math.abs(median) <= 3);
  if (credible) return;
  results.forEach((r, i) => {
    if (!r.ok || !r.placement.viaHint) return;
    const p = prepared[i];
    const norm = NORMALISERS[levelOf(r.placement.strategy)];
    const count = p.oldText.length > 0 ? findRuns(index, levelOf(r.placement.strategy), p.oldText.map(norm)).length : 0;
    if (count > 1 || r.placement.strategy === 'elision' || r.placement.strategy === 'fuzzy') {
      results[i] = {
        ok: false,
        ambiguous: true,
        reason: `${path}: ${describeHunk(p)} matches ${count > 1 ? `${count} places` : 'several places'} equally well and the edit's line numbers are inconsistent, so they cannot pick one; include more unchanged lines around the change so that it matches one place only.`,
      };
    }
  });
}

function levelOf(s: Strategy): MatchLevel {
  return s === 'trailing-whitespace' || s === 'indentation' || s === 'whitespace' ? s : 'exact';
}
