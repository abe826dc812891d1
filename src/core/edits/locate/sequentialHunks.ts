/**
 * Blocks written in sequence. SEARCH/REPLACE blocks and apply_patch chunks of one file are often
 * meant one after the other: a later block searches text an earlier block produced (block 1
 * renames a function, block 2 edits the renamed function). Every hunk is first located against the
 * original text (locateFile); then, in edit order, a hunk that could not be placed there, or whose
 * text also appears where earlier hunks wrote, is located with the same cascade in the text the
 * earlier hunks produce. When that place overlaps an earlier hunk's new lines, the hunks become one
 * hunk on the original text (the union of their base ranges, the sequential result as new lines),
 * kept under the earliest hunk's index. A hunk that matches both the original text elsewhere and
 * the earlier hunks' output is ambiguous and refused.
 */
import type { Hunk } from '../changeSet/changeSet';
import { Intermediate } from './intermediateText';
import { collapseWhitespace, findRuns, LineIndex } from './lineIndex';
import { locateHunk } from './locateHunk';
import type { HunkOutcome } from './locateFile';
import { describeHunk, type Placement, type PreparedHunk } from './preparedHunk';
import { buildReplacement } from './replacement';

export interface SequentialOptions {
  /** The base has lines and its last one has no terminator (see refuseSilentFinalNewline). */
  noFinalNewline: boolean;
  /** The refusal for a hunk that changes the last line of such a file. */
  finalNewlineReason: (hunkIndex: number) => string;
}

interface Ctx {
  path: string;
  base: readonly string[];
  view: Intermediate;
  baseIndex: () => LineIndex;
  opts: SequentialOptions;
}

export function resolveSequential(path: string, base: readonly string[], outcomes: HunkOutcome[], opts: SequentialOptions): HunkOutcome[] {
  if (outcomes.length < 2) return outcomes;
  const out = [...outcomes];
  const view = new Intermediate(base);
  let index: LineIndex | undefined;
  const ctx: Ctx = { path, base, view, opts, baseIndex: () => (index ??= new LineIndex(base)) };
  for (let i = 0; i < out.length; i++) {
    const o = out[i];
    const p = o.prepared;
    const h = o.hunk;
    const baseValid = !!h && !view.overlapsBase(h.baseStart, h.baseStart + h.oldLines.length);
    // A fuzzy (or elided) base place is checked against the intermediate text in any case: an exact
    // match there must not lose to it.
    const loose = !!h && (h.strategy === 'fuzzy' || h.strategy === 'elision');
    const candidate =
      view.size > 0 && p.oldText.length > 0 && (!baseValid || loose || view.placesAcrossNewLines(p.oldText, collapseWhitespace).length > 0);
    if (candidate) {
      const decided = locateInIntermediate(ctx, o, baseValid);
      if (decided) {
        out[i] = decided;
        continue;
      }
    }
    if (h) {
      if (baseValid) view.add({ index: i, baseStart: h.baseStart, baseEnd: h.baseStart + h.oldLines.length, newLines: h.newLines, strategy: h.strategy, confidence: h.confidence, members: [i] });
      // Its place was rewritten by an earlier hunk and its text is not there any more.
      else out[i] = refuse(o, `${path}: ${describeHunk(p)} overlaps an earlier hunk of the same file, which changed the lines it searches for.`);
    }
  }
  return finish(base, out, view);
}

/** The outcome for hunk o located in the earlier hunks' output; undefined: keep the base outcome. */
function locateInIntermediate(ctx: Ctx, o: HunkOutcome, baseValid: boolean): HunkOutcome | undefined {
  const { path, view } = ctx;
  const p = o.prepared;
  const fast = exactPlaces(ctx, p);
  let placement: Placement;
  let lines: readonly string[];
  let offset = 0;
  if (fast && fast.across.length > 0) {
    if (fast.total > 1) {
      if (baseValid) return ambiguous(ctx, o, fast.across[0]);
      const lines = fast.across.slice(0, 3).map((s) => s + 1).join(', ');
      return refuse(o, `${path}: ${describeHunk(p)} matches ${fast.total} places in the text after the earlier blocks of this edit (among them line${fast.across.length > 1 ? "s" : ""} ${lines}); include more unchanged lines so that it matches one place only.`);
    }
    const s = fast.across[0];
    const n = p.oldText.length;
    offset = Math.max(0, s - 3);
    lines = view.slice(offset, s + n + 3);
    placement = { start: s - offset, end: s - offset + n, map: p.oldText.map((_, k) => s - offset + k), strategy: 'exact', confidence: 1 };
  } else {
    // Every other case: the whole cascade on the whole intermediate text.
    lines = view.render();
    const r = locateHunk(p, path, { index: new LineIndex(lines) });
    if (!r.ok) {
      if (!r.ambiguous || !baseValid) return undefined;
      return ambiguous(ctx, o, r.closest ? r.closest.startLine - 1 : undefined);
    }
    placement = r.placement;
  }
  const rep = buildReplacement(p, placement, lines);
  if ('error' in rep) return undefined;
  const rs = placement.start + offset;
  const re = rs + rep.oldLines.length;
  const hit = view.overlapping(rs, re);
  if (hit.length === 0) return undefined;
  if (baseValid) return ambiguous(ctx, o, rs);
  if (ctx.opts.noFinalNewline && re === view.length && re > rs && !sameLines(rep.oldLines, rep.newLines)) {
    return refuse(o, ctx.opts.finalNewlineReason(o.index));
  }
  view.merge(hit[0], hit[hit.length - 1], rs, re, rep.newLines, o.index, placement.strategy, placement.confidence);
  return { index: o.index, prepared: p, sequential: { strategy: placement.strategy, confidence: placement.confidence, line: 0 } };
}

/**
 * The exact matches of the hunk's old side in the intermediate text, counted without building it:
 * those across earlier hunks' new lines, plus the base's that no earlier hunk touched. Undefined
 * where the cascade could narrow several exact places (section hints, end-of-file anchors).
 */
function exactPlaces(ctx: Ctx, p: PreparedHunk): { across: number[]; total: number } | undefined {
  if (p.sectionHint || p.anchoredAtEnd) return undefined;
  const n = p.oldText.length;
  const across = ctx.view.placesAcrossNewLines(p.oldText, (s) => s);
  if (across.length === 0) return { across, total: 0 };
  const untouched = findRuns(ctx.baseIndex(), 'exact', p.oldText).filter((s) => !ctx.view.overlapsBase(s, s + n));
  return { across, total: across.length + untouched.length };
}

function ambiguous(ctx: Ctx, o: HunkOutcome, at: number | undefined): HunkOutcome {
  const where = at === undefined ? '' : ` (at line ${at + 1} of the text after the earlier blocks)`;
  const original = o.hunk ? `the original text at line ${o.hunk.baseStart + 1}` : 'the original text';
  return refuse(
    o,
    `${ctx.path}: ${describeHunk(o.prepared)} is ambiguous: it matches ${original} and also the lines earlier blocks of this edit produce${where}; include more unchanged lines so that it matches one place only.`,
  );
}

function refuse(o: HunkOutcome, reason: string): HunkOutcome {
  return { index: o.index, prepared: o.prepared, refusal: { reason } };
}

/** Hunks from the final groups; hunks merged into another report where their group landed. */
function finish(base: readonly string[], out: HunkOutcome[], view: Intermediate): HunkOutcome[] {
  for (const g of view.groups) {
    if (g.members.length === 1) continue;
    const hunk: Hunk = {
      index: g.index,
      baseStart: g.baseStart,
      oldLines: base.slice(g.baseStart, g.baseEnd),
      newLines: g.newLines,
      strategy: g.strategy,
      confidence: g.confidence,
    };
    out[g.index] = { ...out[g.index], hunk, sequential: undefined, mergedInto: undefined };
    for (const m of g.members) {
      if (m === g.index) continue;
      const prev = out[m];
      const placed = prev.sequential ?? (prev.hunk ? { strategy: prev.hunk.strategy, confidence: prev.hunk.confidence, line: 0 } : undefined);
      out[m] = { index: m, prepared: prev.prepared, mergedInto: g.index, sequential: placed && { ...placed, line: g.baseStart + 1 } };
    }
  }
  return out;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}
