/** Similarity of two lines in 0..1: 1 - normalised Levenshtein distance over whitespace-collapsed text. */

export function levenshtein(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  const n = a.length;
  const m = b.length;
  if (m - n > limit) return m - n;
  if (n === 0) return m;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) prev[i] = i;
  for (let j = 1; j <= m; j++) {
    cur[0] = j;
    const bj = b.charCodeAt(j - 1);
    let rowMin = cur[0];
    for (let i = 1; i <= n; i++) {
      const cost = a.charCodeAt(i - 1) === bj ? 0 : 1;
      const v = Math.min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + cost);
      cur[i] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return rowMin;
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** 0..1, where 1 means equal up to whitespace. Very long lines are compared by their ends to bound cost. */
export function lineSimilarity(a: string, b: string): number {
  const x = clip(a.trim().replace(/\s+/g, ' '));
  const y = clip(b.trim().replace(/\s+/g, ' '));
  if (x === y) return 1;
  const len = Math.max(x.length, y.length);
  if (len === 0) return 1;
  return 1 - levenshtein(x, y) / len;
}

function clip(s: string): string {
  return s.length <= 400 ? s : s.slice(0, 200) + s.slice(-200);
}
