/**
 * Lines Forge writes take the target file's own indentation: a SEARCH/REPLACE or apply_patch whose
 * new lines are indented with spaces, going into a file indented with tabs (or the other way), gets
 * the file's indentation. Only lines the edit adds are touched, and only when the file is
 * consistently in the other style.
 */
import type { Hunk } from './changeSet';

type Style = { kind: 'tab' } | { kind: 'space'; unit: number };

const lead = (l: string): string => /^[ \t]*/.exec(l)![0];

/** The file's indentation style, when its indented lines agree on one; undefined otherwise. */
export function fileIndentStyle(lines: readonly string[]): Style | undefined {
  let tabs = 0;
  let spaces = 0;
  const widths: number[] = [];
  for (const l of lines) {
    const ind = lead(l);
    if (ind === '' || l.trim() === '') continue;
    if (ind[0] === '\t') tabs++;
    else if (!/^\*/.test(l.slice(ind.length))) {
      spaces++;
      if (!ind.includes('\t')) widths.push(ind.length);
    }
  }
  if (tabs >= 3 && spaces === 0) return { kind: 'tab' };
  if (spaces >= 3 && tabs === 0) {
    const unit = widths.reduce(gcd, 0);
    if (unit === 2 || unit === 4 || unit === 8) return { kind: 'space', unit };
  }
  return undefined;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The hunk with its added lines in the file's indentation style, or the hunk itself when nothing changes. */
export function inFileStyle(h: Hunk, style: Style | undefined): Hunk {
  if (!style) return h;
  const old = new Set(h.oldLines);
  const added = h.newLines.filter((l) => !old.has(l) && l.trim() !== '');
  let newLines: string[] | undefined;
  if (style.kind === 'tab') {
    const spaced = added.filter((l) => lead(l).startsWith(' ') && !lead(l).includes('\t'));
    if (spaced.length === 0 || added.some((l) => lead(l).startsWith('\t'))) return h;
    const unit = spaced.map((l) => lead(l).length).reduce(gcd, 0);
    if (unit !== 2 && unit !== 4 && unit !== 8) return h;
    newLines = h.newLines.map((l) => (old.has(l) || l.trim() === '' ? l : '\t'.repeat(lead(l).length / unit) + l.slice(lead(l).length)));
  } else {
    const tabbed = added.filter((l) => lead(l).startsWith('\t'));
    if (tabbed.length === 0 || added.some((l) => lead(l).startsWith(' '))) return h;
    newLines = h.newLines.map((l) => {
      if (old.has(l) || l.trim() === '') return l;
      const ind = lead(l);
      const t = /^\t*/.exec(ind)![0].length;
      return ' '.repeat(t * style.unit) + ind.slice(t) + l.slice(ind.length);
    });
  }
  if (newLines.every((l, i) => l === h.newLines[i])) return h;
  return { ...h, newLines, strategy: h.strategy === 'exact' || h.strategy === 'exact-anywhere' ? 'indentation' : h.strategy };
}
