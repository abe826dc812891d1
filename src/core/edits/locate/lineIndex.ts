/**
 * Base lines indexed by content, once per normalisation, so that locating a hunk costs time in the
 * number of candidate places rather than in the size of the file.
 */

/** How strictly two lines must agree; each level forgives a little more than the last. */
export type MatchLevel = 'exact' | 'trailing-whitespace' | 'indentation' | 'whitespace';

export const MATCH_LEVELS: readonly MatchLevel[] = ['exact', 'trailing-whitespace', 'indentation', 'whitespace'];

const identity = (s: string): string => s;
const trimEnd = (s: string): string => s.trimEnd();
const trimBoth = (s: string): string => s.trim();
/** Every run of whitespace becomes one space; whitespace next to punctuation disappears. */
export function collapseWhitespace(s: string): string {
  return s
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ ?([()[\]{},;:.=<>+\-*/!&|?'"`]) ?/g, '$1');
}

export const NORMALISERS: Record<MatchLevel, (s: string) => string> = {
  exact: identity,
  'trailing-whitespace': trimEnd,
  indentation: trimBoth,
  whitespace: collapseWhitespace,
};

export class LineIndex {
  private readonly maps = new Map<MatchLevel, Map<string, number[]>>();
  private readonly keys = new Map<MatchLevel, string[]>();
  /** findRuns answers by level and needle: an edit that repeats a hunk searches for it once. */
  readonly runs = new Map<string, readonly number[]>();

  constructor(readonly lines: readonly string[]) {}

  /** The normalised form of every base line at this level (computed once). */
  keysAt(level: MatchLevel): string[] {
    let k = this.keys.get(level);
    if (!k) {
      const norm = NORMALISERS[level];
      k = level === 'exact' ? (this.lines as string[]) : this.lines.map(norm);
      this.keys.set(level, k);
    }
    return k;
  }

  /** 0-based positions of base lines whose normalised text equals `key`. */
  positions(level: MatchLevel, key: string): readonly number[] {
    let m = this.maps.get(level);
    if (!m) {
      m = new Map();
      const keys = this.keysAt(level);
      for (let i = 0; i < keys.length; i++) {
        const list = m.get(keys[i]);
        if (list) list.push(i);
        else m.set(keys[i], [i]);
      }
      this.maps.set(level, m);
    }
    return m.get(key) ?? EMPTY;
  }
}

const EMPTY: readonly number[] = [];

/**
 * Every start position where `needle` (already normalised at `level`) matches the base
 * consecutively, ascending. Anchors on the rarest needle line, so the cost is that line's
 * occurrence count; answers are kept per index, so a repeated needle costs a lookup.
 */
export function findRuns(index: LineIndex, level: MatchLevel, needle: readonly string[]): readonly number[] {
  if (needle.length === 0) return EMPTY;
  const key = `${level}\u0000${needle.join('\u0000')}`;
  let found = index.runs.get(key);
  if (!found) index.runs.set(key, (found = scanRuns(index, level, needle)));
  return found;
}

function scanRuns(index: LineIndex, level: MatchLevel, needle: readonly string[]): number[] {
  let best = -1;
  let bestCount = Infinity;
  for (let i = 0; i < needle.length; i++) {
    const c = index.positions(level, needle[i]).length;
    if (c < bestCount) {
      bestCount = c;
      best = i;
      if (c <= 1) break;
    }
  }
  if (bestCount === 0) return [];
  const keys = index.keysAt(level);
  const out: number[] = [];
  for (const p of index.positions(level, needle[best])) {
    const start = p - best;
    if (start < 0 || start + needle.length > keys.length) continue;
    let ok = true;
    for (let j = 0; j < needle.length; j++) {
      if (keys[start + j] !== needle[j]) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(start);
  }
  return out;
}
