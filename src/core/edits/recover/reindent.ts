/**
 * When a hunk matched the file only up to indentation, the model's replacement lines are written
 * with the model's indentation. Learn how the model's indentation maps onto the file's from the
 * matched line pairs, and apply the same mapping to the replacement lines.
 */

/** Maps an added line's indentation onto the file's; null when it cannot tell which style the line is in. */
export type Reindent = ((line: string) => string | null) & {
  /** The mapping changes the indentation unit (tabs vs spaces, 2 vs 4), not just a prefix. */
  unitChange?: boolean;
};

export const identity: Reindent = (l) => l;

function indentOf(s: string): string {
  return /^[ \t]*/.exec(s)![0];
}

/** A mapping from hunk indentation to file indentation; null when no single mapping explains the pairs. */
export function deriveReindent(pairs: ReadonlyArray<readonly [hunkLine: string, baseLine: string]>): Reindent | null {
  const useful = pairs.filter(([h, b]) => h.trim() !== '' && b.trim() !== '');
  if (useful.length === 0) return identity;
  const hi = useful.map(([h]) => indentOf(h));
  const bi = useful.map(([, b]) => indentOf(b));
  if (hi.every((h, i) => h === bi[i])) return identity;

  // 1. The file has a constant extra prefix.
  const first = bi[0].endsWith(hi[0]) ? bi[0].slice(0, bi[0].length - hi[0].length) : null;
  if (first !== null && useful.every((_, i) => bi[i] === first + hi[i])) {
    return (l) => (l.trim() === '' ? l : first + l);
  }
  // 2. The hunk has a constant extra prefix.
  const extra = hi[0].endsWith(bi[0]) ? hi[0].slice(0, hi[0].length - bi[0].length) : null;
  if (extra !== null && useful.every((_, i) => hi[i] === extra + bi[i])) {
    return (l) => {
      if (l.trim() === '') return l;
      if (l.startsWith(extra)) return l.slice(extra.length);
      return l.replace(/^[ \t]*/, (ind) => ind.slice(Math.min(ind.length, extra.length)));
    };
  }
  // 3. Units differ (tabs vs spaces, 2 vs 4 spaces): file level = a * hunk width + b, in units.
  const hw = hi.map(width);
  const bUnit = bi.find((s) => s.length > 0)?.[0] === '\t' ? '\t' : ' ';
  if (bi.some((s) => s.includes(bUnit === '\t' ? ' ' : '\t'))) return null;
  const bw = bi.map((s) => s.length);
  const fit = linearFit(hw, bw);
  if (!fit) return null;
  // The character the hunk's old side starts its indentation with: when the file starts with the
  // other one, an added line that starts with the file's character is already in the file's style
  // (only the context was written in the other style), so it is kept as it is.
  const hunkLead = new Set(hi.filter((s) => s.length > 0).map((s) => s[0]));
  const foreignToHunk = !hunkLead.has(bUnit);
  const unitMap: Reindent = (l) => {
    if (l.trim() === '') return l;
    const ind = indentOf(l);
    if (foreignToHunk && ind.startsWith(bUnit)) return l;
    const target = fit.a * width(ind) + fit.b;
    if (Math.abs(target - Math.round(target)) > 1e-9 || target < 0) return null;
    return bUnit.repeat(Math.round(target)) + l.slice(ind.length);
  };
  unitMap.unitChange = true;
  return unitMap;
}

function width(ind: string): number {
  let w = 0;
  for (const c of ind) w += c === '\t' ? 4 : 1;
  return w;
}

/** Exact integer-consistent fit bw = a*hw + b over all pairs, when one exists. */
function linearFit(hw: number[], bw: number[]): { a: number; b: number } | null {
  const distinct = [...new Set(hw)];
  let a: number;
  let b: number;
  if (distinct.length === 1) {
    a = 1;
    b = bw[0] - hw[0];
  } else {
    const i = hw.indexOf(Math.min(...hw));
    const j = hw.indexOf(Math.max(...hw));
    a = (bw[j] - bw[i]) / (hw[j] - hw[i]);
    b = bw[i] - a * hw[i];
  }
  if (!(a > 0)) return null;
  for (let k = 0; k < hw.length; k++) if (Math.abs(a * hw[k] + b - bw[k]) > 1e-9) return null;
  return { a, b };
}
