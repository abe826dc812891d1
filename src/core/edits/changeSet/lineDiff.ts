/**
 * Line diff (Myers, O((N+M)D)) used to show a hunk's old and new sides as '-', '+' and ' ' lines.
 * Common prefix and suffix are trimmed first, so typical hunks cost almost nothing.
 */

export interface DiffOp {
  op: ' ' | '-' | '+';
  text: string;
}

export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out: DiffOp[] = [];
  for (let i = 0; i < pre; i++) out.push({ op: ' ', text: a[i] });
  out.push(...myers(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)));
  for (let i = a.length - suf; i < a.length; i++) out.push({ op: ' ', text: a[i] });
  return out;
}

function myers(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((text) => ({ op: '+' as const, text }));
  if (m === 0) return a.map((text) => ({ op: '-' as const, text }));
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  trace.push(v.slice());
  // Backtrack from (n, m).
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ op: ' ', text: a[x - 1] });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ op: '+', text: b[--y] });
    else ops.push({ op: '-', text: a[--x] });
  }
  while (x > 0 && y > 0) {
    ops.push({ op: ' ', text: a[--x] });
    y--;
  }
  return ops.reverse();
}

/**
 * Patience diff: lines that occur exactly once in each text anchor the alignment (their longest
 * increasing run), and Myers fills the gaps between anchors. For long files with scattered edits
 * (a revert's three-way merge) this costs O(N log N) instead of Myers' O(N·D) time and memory.
 */
export function diffLinesPatience(a: readonly string[], b: readonly string[]): DiffOp[] {
  const count = new Map<string, { a: number; b: number; ia: number; ib: number }>();
  a.forEach((l, i) => {
    const c = count.get(l) ?? { a: 0, b: 0, ia: -1, ib: -1 };
    c.a++;
    c.ia = i;
    count.set(l, c);
  });
  b.forEach((l, i) => {
    const c = count.get(l);
    if (!c) return;
    c.b++;
    c.ib = i;
  });
  const pairs: [number, number][] = [];
  for (const c of count.values()) if (c.a === 1 && c.b === 1) pairs.push([c.ia, c.ib]);
  pairs.sort((x, y) => x[0] - y[0]);
  const anchors = longestIncreasing(pairs);
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  for (const [ia, ib] of [...anchors, [a.length, b.length] as [number, number]]) {
    out.push(...diffLines(a.slice(i, ia), b.slice(j, ib)));
    if (ia < a.length) out.push({ op: ' ', text: a[ia] });
    i = ia + 1;
    j = ib + 1;
  }
  return out;
}

/** The longest run of pairs increasing in their second member (patience sorting, O(n log n)). */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < pairs[k][1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) out.push(pairs[k]);
  return out.reverse();
}
