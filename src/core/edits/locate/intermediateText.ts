/**
 * The text a file has after some of its hunks ("groups") are applied, addressable line by line
 * without rendering it, for locating later hunks that were written against it (sequentialHunks).
 */
import type { Strategy } from '../changeSet/changeSet';
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
  /** Groups from this position on need their start recomputed (groups.length: none). */
  private dirtyFrom = 0;
  /** Whitespace-collapsed new line -> the groups holding it (groups merged away are skipped). */
  private byLine = new Map<string, Group[]>();
  /** How many lines of live groups each key has (for anchoring searches on the rarest line). */
  private lineCount = new Map<string, number>();
  private keys = new WeakMap<Group, string[]>();
  private baseIndex?: Map<string, number[]>;

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
    this.starts.splice(k, 0, 0);
    const keys = g.newLines.map(collapseWhitespace);
    this.keys.set(g, keys);
    for (const l of keys) this.lineCount.set(l, (this.lineCount.get(l) ?? 0) + 1);
    for (const l of new Set(keys)) {
      const list = this.byLine.get(l);
      if (list) list.push(g);
      else this.byLine.set(l, [g]);
    }
    this.dirtyFrom = Math.min(this.dirtyFrom, k);
  }

  /** Whether base range [start, end) overlaps a group's base range. */
  overlapsBase(start: number, end: number): boolean {
    // Groups are sorted by base position and do not overlap, so their ends ascend too: only the
    // groups from the first that ends after `start` up to the first that begins at `end` can overlap.
    for (let k = this.firstEndingAfter(start); k < this.groups.length; k++) {
      const g = this.groups[k];
      if (g.baseStart > end) break;
      if (g.baseStart === g.baseEnd ? start < g.baseStart && g.baseStart < end : start === end ? g.baseStart < start && start < g.baseEnd : start < g.baseEnd && g.baseStart < end) return true;
    }
    return false;
  }

  /** The first group (in sorted order) whose base range ends after `p`. */
  private firstEndingAfter(p: number): number {
    let lo = 0;
    let hi = this.groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.groups[mid].baseEnd <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The positions of the groups (in sorted order) whose intermediate range [rs, re) overlaps. */
  overlapping(rs: number, re: number): number[] {
    this.layout();
    const out: number[] = [];
    // Intermediate ranges ascend with the groups: start at the first group ending at or after rs.
    let lo = 0;
    let hi = this.groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] + this.groups[mid].newLines.length < rs) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.groups.length && this.starts[k] <= re; k++) {
      if (overlaps(rs, re, this.starts[k], this.starts[k] + this.groups[k].newLines.length)) out.push(k);
    }
    return out;
  }

  /**
   * Every start where `oldText` matches the intermediate text (line by line under `norm`) across
   * a group's new lines, or across the place where a group removed lines and wrote none.
   */
  placesAcrossNewLines(oldText: readonly string[], norm: (s: string) => string): number[] {
    const n = oldText.length;
    if (n === 0) return [];
    this.layout();
    // Every match has each needle line somewhere in the intermediate text (`norm` is never looser
    // than collapsing whitespace), so the occurrences of the rarest needle line (in the groups' new
    // lines and in the base outside them) give every candidate start; keep those that match in
    // full and touch a group. The cost follows that line's occurrences, not the number of groups.
    const collapsed = oldText.map(collapseWhitespace);
    const base = this.baseLines();
    let anchor = 0;
    let fewest = Infinity;
    for (let k = 0; k < n && fewest > 0; k++) {
      const c = (this.lineCount.get(collapsed[k]) ?? 0) + (base.get(collapsed[k])?.length ?? 0);
      if (c < fewest) {
        fewest = c;
        anchor = k;
      }
    }
    if (fewest === 0) return [];
    const key = collapsed[anchor];
    const seen = new Set<number>();
    for (const g of this.byLine.get(key) ?? []) {
      const gi = this.pos.get(g);
      if (gi === undefined) continue;
      const keys = this.keys.get(g)!;
      for (let m = 0; m < keys.length; m++) if (keys[m] === key) seen.add(this.starts[gi] + m - anchor);
    }
    for (const p of base.get(key) ?? []) {
      const at = this.fromBase(p);
      if (at !== undefined) seen.add(at - anchor);
    }
    const needle = oldText.map(norm);
    return [...seen].filter((s) => this.touchesGroup(s, s + n) && this.matchesAt(s, needle, norm)).sort((a, b) => a - b);
  }

  /** Whether intermediate range [s, e) holds a group's new line or spans the place of a group that wrote none. */
  private touchesGroup(s: number, e: number): boolean {
    let lo = 0;
    let hi = this.groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] + this.groups[mid].newLines.length <= s) lo = mid + 1;
      else hi = mid;
    }
    // Groups before lo end at or before s (an empty one there sits at or before s, not inside).
    for (let k = lo; k < this.groups.length && this.starts[k] < e; k++) {
      const len = this.groups[k].newLines.length;
      const a = this.starts[k];
      if (len > 0 ? s < a + len : s < a) return true;
    }
    return false;
  }

  /** The intermediate position of base line p, or undefined when a group replaced it. */
  private fromBase(p: number): number | undefined {
    const k = this.firstEndingAfter(p);
    if (k < this.groups.length && this.groups[k].baseStart <= p && p < this.groups[k].baseEnd) return undefined;
    // Groups before k end at or before p: p moves by what they added or removed.
    if (k === 0) return p;
    const prev = this.groups[k - 1];
    return this.starts[k - 1] + prev.newLines.length + (p - prev.baseEnd);
  }

  /** Whitespace-collapsed base line -> its positions (built on first use). */
  private baseLines(): Map<string, number[]> {
    if (this.baseIndex) return this.baseIndex;
    const m = new Map<string, number[]>();
    this.base.forEach((l, i) => {
      const key = collapseWhitespace(l);
      const list = m.get(key);
      if (list) list.push(i);
      else m.set(key, [i]);
    });
    return (this.baseIndex = m);
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

  /** Recomputes starts and positions from the first changed group on (groups added in base order cost O(1)). */
  private layout(): void {
    const from = this.dirtyFrom;
    if (from >= this.groups.length) return;
    let shift = 0;
    if (from > 0) {
      const prev = this.groups[from - 1];
      shift = this.starts[from - 1] + prev.newLines.length - prev.baseEnd;
    }
    for (let k = from; k < this.groups.length; k++) {
      const g = this.groups[k];
      this.starts[k] = g.baseStart + shift;
      shift += g.newLines.length - (g.baseEnd - g.baseStart);
      this.pos.set(g, k);
    }
    this.total = this.base.length + shift;
    this.dirtyFrom = this.groups.length;
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
    for (const g of this.groups.splice(lo, hi - lo + 1)) {
      this.pos.delete(g);
      for (const l of this.keys.get(g)!) this.lineCount.set(l, this.lineCount.get(l)! - 1);
    }
    this.starts.splice(lo, hi - lo + 1);
    this.dirtyFrom = Math.min(this.dirtyFrom, lo);
    this.add(merged);
    return merged;
  }
}

/** The order buildChangeSet sorts hunks in (and renderFile applies them in). */
function order(a: Group, b: Group): number {
  return a.baseStart - b.baseStart || a.baseEnd - a.baseStart - (b.baseEnd - b.baseStart) || a.index - b.index;
}
