/**
 * Similarity-scored matching, the last strategy of the cascade: candidate windows come from lines
 * and identifiers the hunk shares with the file; in each window the hunk's old side is aligned to
 * the file line by line (dynamic programming over line similarity), which also absorbs dropped
 * context, extra context and added lines that lost their '+'.
 */
import { collapseWhitespace, type LineIndex } from './lineIndex';
import { levenshtein } from './similarity';

export interface Alignment {
  start: number;
  end: number;
  map: number[];
  sims: number[];
  /** Base lines inside [start, end) that no hunk line matched. */
  gaps: number;
  score: number;
}

const MIN_SIM = 0.5;
const TOKEN = /[A-Za-z_$][A-Za-z0-9_$]{3,}/g;
const tokenIndexes = new WeakMap<LineIndex, Map<string, number[]>>();

function tokenIndex(index: LineIndex): Map<string, number[]> {
  let m = tokenIndexes.get(index);
  if (m) return m;
  m = new Map();
  index.lines.forEach((line, i) => {
    for (const t of new Set(line.match(TOKEN) ?? [])) {
      const list = m!.get(t);
      if (list) list.push(i);
      else m!.set(t, [i]);
    }
  });
  tokenIndexes.set(index, m);
  return m;
}

/** Likely start lines for the hunk, best first, at most `limit`, at least `slack` apart. */
export function candidateStarts(index: LineIndex, oldText: readonly string[], limit = 6): number[] {
  const votes = new Map<number, number>();
  const vote = (start: number, w: number): void => {
    votes.set(start, (votes.get(start) ?? 0) + w);
  };
  const tokens = tokenIndex(index);
  oldText.forEach((line, k) => {
    const key = collapseWhitespace(line);
    if (key === '') return;
    const exact = index.positions('whitespace', key);
    if (exact.length > 0 && exact.length <= 50) for (const p of exact) vote(p - k, 2 / exact.length + 1);
    const toks = [...new Set(line.match(TOKEN) ?? [])]
      .map((t) => [t, tokens.get(t)?.length ?? 0] as const)
      .filter(([, c]) => c > 0 && c <= 200)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 3);
    for (const [t] of toks) for (const p of tokens.get(t)!) vote(p - k, 1 / Math.sqrt(tokens.get(t)!.length));
  });
  // Smear votes over nearby starts so dropped/extra lines do not split them.
  const slack = slackFor(oldText.length);
  const sorted = [...votes.entries()].sort((a, b) => a[0] - b[0]);
  const smeared: Array<[number, number]> = [];
  let lo = 0;
  let acc = 0;
  let hi = 0;
  for (const [s] of sorted) {
    while (hi < sorted.length && sorted[hi][0] <= s + slack) acc += sorted[hi++][1];
    while (sorted[lo][0] < s - slack) acc -= sorted[lo++][1];
    smeared.push([s, acc]);
  }
  smeared.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const picked: number[] = [];
  for (const [s] of smeared) {
    if (picked.every((p) => Math.abs(p - s) > slack)) picked.push(s);
    if (picked.length >= limit) break;
  }
  return picked;
}

export function slackFor(n: number): number {
  return Math.min(20, Math.max(3, Math.ceil(n / 2)));
}

function sim(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  if (Math.min(a.length, b.length) < len * MIN_SIM) return 0;
  const limit = Math.floor(len * (1 - MIN_SIM));
  const d = levenshtein(a.length > 400 ? a.slice(0, 400) : a, b.length > 400 ? b.slice(0, 400) : b, limit);
  return d > limit ? 0 : 1 - d / Math.min(len, 400);
}

/** Best alignment of the hunk's old side inside base[from, to). */
export function alignWindow(
  index: LineIndex,
  oldText: readonly string[],
  oldOps: ReadonlyArray<' ' | '-'>,
  from: number,
  to: number,
): Alignment | null {
  const keys = index.keysAt('whitespace');
  const lines = index.lines;
  from = Math.max(0, from);
  to = Math.min(keys.length, to);
  const n = oldText.length;
  const m = to - from;
  if (n === 0 || m <= 0) return null;
  const hk = oldText.map(collapseWhitespace);
  const W = m + 1;
  const S = new Float64Array((n + 1) * W);
  const T = new Uint8Array((n + 1) * W); // 1 match, 2 skip hunk line, 3 skip base line
  const simAt = new Float64Array(n * m);
  for (let i = 1; i <= n; i++) {
    const skipCost = oldOps[i - 1] === '-' ? -2 : -0.3;
    S[i * W] = S[(i - 1) * W] + skipCost;
    T[i * W] = 2;
    for (let j = 1; j <= m; j++) {
      const s = sim(hk[i - 1], keys[from + j - 1]);
      simAt[(i - 1) * m + j - 1] = s;
      let best = S[(i - 1) * W + j] + skipCost;
      let t = 2;
      if (s >= MIN_SIM) {
        // A pair that is only similar is worth less than an exact one, so that the alignment does
        // not shift a run of lines onto their similar-looking neighbours to save one gap.
        // A pair equal only up to whitespace is worth a little less than one equal byte for byte, so
        // that of several hunk lines equal up to indentation ("},"), the ones the file has as
        // written are matched and the odd one is left for a lost '+' or an invented line (a
        // penalty, not a bonus: sums of exact pairs stay whole numbers and break ties as before).
        const v = S[(i - 1) * W + j - 1] + (s === 1 ? (oldText[i - 1] === lines[from + j - 1] ? 1 : 0.999) : 2 * s - 1);
        if (v >= best) {
          best = v;
          t = 1;
        }
      }
      const gap = S[i * W + j - 1] - (keys[from + j - 1] === '' ? 0.2 : 0.4);
      if (gap > best) {
        best = gap;
        t = 3;
      }
      S[i * W + j] = best;
      T[i * W + j] = t;
    }
  }
  let bestJ = 0;
  for (let j = 1; j <= m; j++) if (S[n * W + j] > S[n * W + bestJ]) bestJ = j;
  const map = new Array<number>(n).fill(-1);
  const sims = new Array<number>(n).fill(0);
  let i = n;
  let j = bestJ;
  while (i > 0) {
    const t = T[i * W + j];
    if (t === 1) {
      map[i - 1] = from + j - 1;
      sims[i - 1] = simAt[(i - 1) * m + j - 1];
      i--;
      j--;
    } else if (t === 2 || j === 0) i--;
    else j--;
  }
  const matched = map.filter((x) => x >= 0);
  if (matched.length === 0) return null;
  const start = matched[0];
  const end = matched[matched.length - 1] + 1;
  const used = new Set(matched);
  let gaps = 0;
  let gapWeight = 0;
  for (let p = start; p < end; p++) {
    if (!used.has(p)) {
      gaps++;
      gapWeight += keys[p] === '' ? 0.25 : 0.5;
    }
  }
  let num = 0;
  let den = gapWeight;
  for (let q = 0; q < n; q++) {
    if (map[q] >= 0) {
      num += sims[q];
      den += 1;
    } else den += oldOps[q] === '-' ? 2 : hk[q] === '' ? 0.25 : 0.5;
  }
  return { start, end, map, sims, gaps, score: den === 0 ? 0 : num / den };
}
