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
import type { Hunk, Strategy } from './changeSet';
import { collapseWhitespace, LineIndex } from './lineIndex';
import { locateHunk } from './locateHunk';
import type { HunkOutcome } from './locateFile';
import { describeHunk, type PreparedHunk } from './preparedHunk';
import { buildReplacement } from './replacement';

interface Group {
  /** The earliest hunk index of the group: the merged hunk's index. */
  index: number;
  baseStart: number;
  baseEnd: number;
  newLines: string[];
  strategy: Strategy;
  confidence: number;
  members: number[];
}

export interface SequentialOptions {
  /** The base has lines and its last one has no terminator (see refuseSilentFinalNewline). */
  noFinalNewline: boolean;
  /** The refusal for a hunk that changes the last line of such a file. */
  finalNewlineReason: (hunkIndex: number) => string;
}

const RANK: Partial<Record<Strategy, number>> = { exact: 0, 'exact-anywhere': 1, 'trailing-whitespace': 2, indentation: 3, whitespace: 4, elision: 5, fuzzy: 6 };

export function resolveSequential(path: string, base: readonly string[], outcomes: HunkOutcome[], opts: SequentialOptions): HunkOutcome[] {
  if (outcomes.length < 2) return outcomes;
  const out = [...outcomes];
  const view = new Intermediate(base);
  for (let i = 0; i < out.length; i++) {
    const o = out[i];
    const p = o.prepared;
    const h = o.hunk;
    const baseValid = !!h && !view.overlapsBase(h.baseStart, h.baseStart + h.oldLines.length);
    // A fuzzy (or elided) base place is checked against the intermediate text in any case: an exact
    // match there must not lose to it.
    const loose = !!h && (h.strategy === 'fuzzy' || h.strategy === 'elision');
    const candidate = view.size > 0 && p.oldText.length > 0 && (!baseValid || loose || view.mayMatchNewLines(p.oldText));
    if (candidate) {
      const decided = locateInIntermediate(path, base, view, o, baseValid, opts);
      if (decided) {
        out[i] = decided;
        continue;
      }
    }
    if (h) {
      if (baseValid) view.add({ index: i, baseStart: h.baseStart, baseEnd: h.baseStart + h.oldLines.length, newLines: h.newLines, strategy: h.strategy, confidence: h.confidence, members: [i] });
      // Its place was rewritten by an earlier hunk and its text is not there any more.
      else out[i] = { index: i, prepared: p, refusal: { reason: `${path}: ${describeHunk(p)} overlaps an earlier hunk of the same file, which changed the lines it searches for.` } };
    }
  }
  return finish(base, out, view);
}

/** The outcome for hunk o located in the earlier hunks' output; undefined: keep the base outcome. */
function locateInIntermediate(path: string, base: readonly string[], view: Intermediate, o: HunkOutcome, baseValid: boolean, opts: SequentialOptions): HunkOutcome | undefined {
  const p = o.prepared;
  const { lines, ranges } = view.render();
  const r = locateHunk(p, path, { index: new LineIndex(lines) });
  if (!r.ok) {
    if (!r.ambiguous || !baseValid) return undefined;
    // The base place and (the pre-check found) a place in the earlier hunks' new lines, at least.
    const where = r.closest ? ` (${r.closest.startLine === r.closest.endLine ? `line ${r.closest.startLine}` : `lines ${r.closest.startLine}-${r.closest.endLine}`} of that text, among others)` : '';
    return refuse(o, `${path}: ${describeHunk(p)} is ambiguous: it matches the original text at line ${o.hunk!.baseStart + 1} and also the text the earlier blocks of this file produce${where}; include more unchanged lines so that it matches one place only.`);
  }
  const rep = buildReplacement(p, r.placement, lines);
  if ('error' in rep) return undefined;
  const rs = r.placement.start;
  const re = rs + rep.oldLines.length;
  const hit = ranges.map((g, k) => (overlaps(rs, re, g[0], g[1]) ? k : -1)).filter((k) => k >= 0);
  if (hit.length === 0) return undefined;
  const earlier = [...new Set(hit.flatMap((k) => view.groups[k].members))].sort((a, b) => a - b).map((k) => k + 1);
  const blocks = `${earlier.length > 1 ? 'hunks' : 'hunk'} ${earlier.join(', ')}`;
  if (baseValid) {
    return refuse(o, `${path}: ${describeHunk(p)} is ambiguous: it matches the original text at line ${o.hunk!.baseStart + 1} and also, at line ${rs + 1} of the text after the earlier blocks, the lines ${blocks} of this edit produce; include more unchanged lines so that it matches one place only.`);
  }
  if (opts.noFinalNewline && re === lines.length && re > rs && !sameLines(rep.oldLines, rep.newLines)) {
    return refuse(o, opts.finalNewlineReason(o.index));
  }
  view.merge(hit[0], hit[hit.length - 1], rs, re, rep.newLines, lines, o.index, r.placement.strategy, r.placement.confidence);
  return { index: o.index, prepared: p, sequential: { strategy: r.placement.strategy, confidence: r.placement.confidence, line: 0 } };
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

function overlaps(rs: number, re: number, a: number, b: number): boolean {
  if (a === b) return rs < a && a < re;
  return rs < b && a < re;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** The base with the groups applied, addressable without rendering it. */
class Intermediate {
  groups: Group[] = [];
  private starts: number[] = [];
  private pos = new Map<Group, number>();
  private dirty = false;
  /** Whitespace-collapsed new line -> the groups holding it (stale groups are skipped). */
  private byLine = new Map<string, Group[]>();
  private keys = new WeakMap<Group, string[]>();

  constructor(private readonly base: readonly string[]) {}

  get size(): number {
    return this.groups.length;
  }

  add(g: Group): void {
    let k = this.groups.length;
    while (k > 0 && order(this.groups[k - 1], g) > 0) k--;
    this.groups.splice(k, 0, g);
    this.indexLines(g);
    this.dirty = true;
  }

  /** Whether base range [start, end) overlaps a group's base range. */
  overlapsBase(start: number, end: number): boolean {
    for (const g of this.groups) {
      if (g.baseStart === g.baseEnd ? start < g.baseStart && g.baseStart < end : start === end ? g.baseStart < start && start < g.baseEnd : start < g.baseEnd && g.baseStart < end) return true;
    }
    return false;
  }

  /** A cheap pre-check: the old side equals (whitespace aside) lines of the text somewhere across a group's new lines. */
  mayMatchNewLines(oldText: readonly string[]): boolean {
    const needle = oldText.map(collapseWhitespace);
    const n = needle.length;
    this.layout();
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      for (const g of this.byLine.get(needle[k]) ?? []) {
        const gi = this.pos.get(g);
        if (gi === undefined) continue;
        const from = this.starts[gi];
        const keys = this.keys.get(g)!;
        for (let m = 0; m < keys.length; m++) if (keys[m] === needle[k]) seen.add(from + m - k);
      }
    }
    // Across the place where a group removed lines and wrote none.
    this.groups.forEach((g, gi) => {
      if (g.newLines.length > 0) return;
      for (let k = 1; k < n; k++) if (!seen.has(this.starts[gi] - k)) seen.add(this.starts[gi] - k);
    });
    for (const s of seen) if (this.matchesAt(s, needle)) return true;
    return false;
  }

  private matchesAt(s: number, needle: readonly string[]): boolean {
    if (s < 0 || s + needle.length > this.length()) return false;
    for (let j = 0; j < needle.length; j++) if (collapseWhitespace(this.at(s + j)) !== needle[j]) return false;
    return true;
  }

  private length(): number {
    let len = this.base.length;
    for (const g of this.groups) len += g.newLines.length - (g.baseEnd - g.baseStart);
    return len;
  }

  /** Line p of the intermediate text. */
  private at(p: number): string {
    let lo = 0;
    let hi = this.groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= p) lo = mid + 1;
      else hi = mid;
    }
    const gi = lo - 1;
    if (gi < 0) return this.base[p];
    const g = this.groups[gi];
    const off = p - this.starts[gi];
    return off < g.newLines.length ? g.newLines[off] : this.base[g.baseEnd + off - g.newLines.length];
  }

  private layout(): void {
    if (!this.dirty) return;
    let shift = 0;
    this.starts = this.groups.map((g) => {
      const s = g.baseStart + shift;
      shift += g.newLines.length - (g.baseEnd - g.baseStart);
      return s;
    });
    this.pos = new Map(this.groups.map((g, i) => [g, i]));
    this.dirty = false;
  }

  /** The whole intermediate text, and each group's [start, end) in it. */
  render(): { lines: string[]; ranges: Array<[number, number]> } {
    const lines: string[] = [];
    const ranges: Array<[number, number]> = [];
    let cursor = 0;
    for (const g of this.groups) {
      for (; cursor < g.baseStart; cursor++) lines.push(this.base[cursor]);
      const s = lines.length;
      for (const l of g.newLines) lines.push(l);
      ranges.push([s, lines.length]);
      cursor = g.baseEnd;
    }
    for (; cursor < this.base.length; cursor++) lines.push(this.base[cursor]);
    return { lines, ranges };
  }

  /**
   * Groups lo..hi (which intermediate range [rs, re) overlaps) and that range become one group:
   * its base range is their union, its new lines the intermediate text there with [rs, re) replaced.
   */
  merge(lo: number, hi: number, rs: number, re: number, replacement: string[], lines: readonly string[], index: number, strategy: Strategy, confidence: number): void {
    this.layout();
    const first = this.groups[lo];
    const last = this.groups[hi];
    const fs = this.starts[lo];
    const le = this.starts[hi] + last.newLines.length;
    const us = Math.min(rs, fs);
    const ue = Math.max(re, le);
    const members = [...new Set([...this.groups.slice(lo, hi + 1).flatMap((g) => g.members), index])].sort((a, b) => a - b);
    const worst = this.groups.slice(lo, hi + 1).reduce((w, g) => ((RANK[g.strategy] ?? 9) > (RANK[w] ?? 9) ? g.strategy : w), strategy);
    const merged: Group = {
      index: members[0],
      baseStart: rs < fs ? first.baseStart - (fs - rs) : first.baseStart,
      baseEnd: re > le ? last.baseEnd + (re - le) : last.baseEnd,
      newLines: [...lines.slice(us, rs), ...replacement, ...lines.slice(re, ue)],
      strategy: worst,
      confidence: Math.min(confidence, ...this.groups.slice(lo, hi + 1).map((g) => g.confidence)),
      members,
    };
    this.groups.splice(lo, hi - lo + 1);
    this.add(merged);
  }

  private indexLines(g: Group): void {
    const keys = g.newLines.map(collapseWhitespace);
    this.keys.set(g, keys);
    for (const l of new Set(keys)) {
      const list = this.byLine.get(l);
      if (list) list.push(g);
      else this.byLine.set(l, [g]);
    }
  }
}

/** The order buildChangeSet sorts hunks in (and renderFile applies them in). */
function order(a: Group, b: Group): number {
  return a.baseStart - b.baseStart || a.baseEnd - a.baseStart - (b.baseEnd - b.baseStart) || a.index - b.index;
}
