/**
 * The text a file has after some of its hunks ("groups") are applied, addressable line by line
 * without rendering it, for locating later hunks that were written against it (sequentialHunks).
 */
import type { Strategy } from './changeSet';
import { collapseWhitespace } from './lineIndex';

export interface Group {
  /** The earliest hunk index of the group: the merged hunk's index. */
  index: number;
  baseStart: number;
  baseEnd: number;
  newLines: string[];
  strategy: Strategy;
  confidence: number;
  members: number[];
}

const RANK: Partial<Record<Strategy, number>> = { exact: 0, 'exact-anywhere': 1, 'trailing-whitespace': 2, indentation: 3, whitespace: 4, elision: 5, fuzzy: 6 };

/** Whether intermediate range [rs, re) overlaps a group's range [a, b) (one with no lines: when it is strictly inside). */
export function overlaps(rs: number, re: number, a: number, b: number): boolean {
  if (a === b) return rs < a && a < re;
  return rs < b && a < re;
}

/** The base with the groups applied, addressable without rendering it. */
export class Intermediate {
  /** Sorted by base position (the order renderFile applies hunks in), non-overlapping. */
  groups: Group[] = [];
  private starts: number[] = [];
  private total = 0;
  private pos = new Map<Group, number>();
  private dirty = false;
  /** Whitespace-collapsed new line -> the groups holding it (groups merged away are skipped). */
  private byLine = new Map<string, Group[]>();
  private keys = new WeakMap<Group, string[]>();

  constructor(private readonly base: readonly string[]) {
    this.total = base.length;
  }

  get size(): number {
    return this.groups.length;
  }

  get length(): number {
    this.layout();
    return this.total;
  }

  add(g: Group): void {
    let k = this.groups.length;
    while (k > 0 && order(this.groups[k - 1], g) > 0) k--;
    this.groups.splice(k, 0, g);
    const keys = g.newLines.map(collapseWhitespace);
    this.keys.set(g, keys);
    for (const l of new Set(keys)) {
      const list = this.byLine.get(l);
      if (list) list.push(g);
      else this.byLine.set(l, [g]);
    }
    this.dirty = true;
  }

  /** Whether base range [start, end) overlaps a group's base range. */
  overlapsBase(start: number, end: number): boolean {
    for (const g of this.groups) {
      if (g.baseStart === g.baseEnd ? start < g.baseStart && g.baseStart < end : start === end ? g.baseStart < start && start < g.baseEnd : start < g.baseEnd && g.baseStart < end) return true;
    }
    return false;
  }

  /** The positions of the groups (in sorted order) whose intermediate range [rs, re) overlaps. */
  overlapping(rs: number, re: number): number[] {
    this.layout();
    const out: number[] = [];
    this.groups.forEach((g, k) => {
      if (overlaps(rs, re, this.starts[k], this.starts[k] + g.newLines.length)) out.push(k);
    });
    return out;
  }

  /**
   * Every start where `oldText` matches the intermediate text (line by line under `norm`) across
   * a group's new lines, or across the place where a group removed lines and wrote none.
   */
  placesAcrossNewLines(oldText: readonly string[], norm: (s: string) => string): number[] {
    const n = oldText.length;
    this.layout();
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const key = collapseWhitespace(oldText[k]);
      for (const g of this.byLine.get(key) ?? []) {
        const gi = this.pos.get(g);
        if (gi === undefined) continue;
        const keys = this.keys.get(g)!;
        for (let m = 0; m < keys.length; m++) if (keys[m] === key) seen.add(this.starts[gi] + m - k);
      }
    }
    this.groups.forEach((g, gi) => {
      if (g.newLines.length === 0) for (let k = 1; k < n; k++) seen.add(this.starts[gi] - k);
    });
    const needle = oldText.map(norm);
    return [...seen].filter((s) => this.matchesAt(s, needle, norm)).sort((a, b) => a - b);
  }

  private matchesAt(s: number, needle: readonly string[], norm: (s: string) => string): boolean {
    if (s < 0 || s + needle.length > this.total) return false;
    for (let j = 0; j < needle.length; j++) if (norm(this.at(s + j)) !== needle[j]) return false;
    return true;
  }

  /** Line p of the intermediate text. */
  at(p: number): string {
    this.layout();
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

  /** Lines [from, to) of the intermediate text. */
  slice(from: number, to: number): string[] {
    const out: string[] = [];
    for (let p = Math.max(0, from); p < Math.min(to, this.length); p++) out.push(this.at(p));
    return out;
  }

  private layout(): void {
    if (!this.dirty) return;
    let shift = 0;
    this.starts = this.groups.map((g) => {
      const s = g.baseStart + shift;
      shift += g.newLines.length - (g.baseEnd - g.baseStart);
      return s;
    });
    this.total = this.base.length + shift;
    this.pos = new Map(this.groups.map((g, i) => [g, i]));
    this.dirty = false;
  }

  /** The whole intermediate text. */
  render(): string[] {
    const lines: string[] = [];
    let cursor = 0;
    for (const g of this.groups) {
      for (; cursor < g.baseStart; cursor++) lines.push(this.base[cursor]);
      for (const l of g.newLines) lines.push(l);
      cursor = g.baseEnd;
    }
    for (; cursor < this.base.length; cursor++) lines.push(this.base[cursor]);
    return lines;
  }

  /**
   * Groups lo..hi (which intermediate range [rs, re) overlaps) and that range become one group:
   * its base range is their union, its new lines the intermediate text there with [rs, re) replaced.
   */
  merge(lo: number, hi: number, rs: number, re: number, replacement: string[], index: number, strategy: Strategy, confidence: number): Group {
    this.layout();
    const first = this.groups[lo];
    const last = this.groups[hi];
    const fs = this.starts[lo];
    const le = this.starts[hi] + last.newLines.length;
    const merging = this.groups.slice(lo, hi + 1);
    const members = [...new Set([...merging.flatMap((g) => g.members), index])].sort((a, b) => a - b);
    const merged: Group = {
      index: members[0],
      baseStart: rs < fs ? first.baseStart - (fs - rs) : first.baseStart,
      baseEnd: re > le ? last.baseEnd + (re - le) : last.baseEnd,
      newLines: [...this.slice(Math.min(rs, fs), rs), ...replacement, ...this.slice(re, Math.max(re, le))],
      strategy: merging.reduce((w, g) => ((RANK[g.strategy] ?? 9) > (RANK[w] ?? 9) ? g.strategy : w), strategy),
      confidence: Math.min(confidence, ...merging.map((g) => g.confidence)),
      members,
    };
    this.groups.splice(lo, hi - lo + 1);
    this.dirty = true;
    this.add(merged);
    return merged;
  }
}

/** The order buildChangeSet sorts hunks in (and renderFile applies them in). */
function order(a: Group, b: Group): number {
  return a.baseStart - b.baseStart || a.baseEnd - a.baseStart - (b.baseEnd - b.baseStart) || a.index - b.index;
}
