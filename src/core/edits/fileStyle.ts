/**
 * Lines Forge writes take the target file's own indentation: a SEARCH/REPLACE or apply_patch whose
 * new lines are indented with spaces, going into a file indented with tabs (or the other way), gets
 * the file's indentation. Only lines the edit adds are touched, and only when the file is
 * consistently in the other style.
 */
import type { Hunk } from './changeSet';
import { lineSimilarity as similarity } from './similarity';

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
export function inFileStyle(h: Hunk, style: Style | undefined): Hunk & { styleError?: string } {
  if (!style) return h;
  const old = new Set(h.oldLines);
  const added = h.newLines.filter((l) => !old.has(l) && l.trim() !== '');
  // Only space-indented new lines going into a tab-indented file (the mistake models make).
  if (style.kind !== 'tab') return h;
  const spaced = added.filter((l) => /^ {2,}/.test(l) && !lead(l).includes('\t'));
  if (spaced.length === 0) return h;
  const refuse = { ...h, styleError: 'its new lines are indented with spaces while the file is indented with tabs, and how many tabs they stand for cannot be told from the lines it replaces; write the new lines with tabs' };
  const unit = added.some((l) => lead(l).startsWith('\t')) ? undefined : spaceUnit(h, spaced);
  if (unit === undefined || spaced.some((l) => lead(l).length % unit !== 0 && !/^\*/.test(l.trimStart()))) return refuse;
  const newLines = h.newLines.map((l) => (old.has(l) || l.trim() === '' ? l : '\t'.repeat(Math.floor(lead(l).length / unit)) + ' '.repeat(lead(l).length % unit) + l.slice(lead(l).length)));
  // Each converted line sits at most one level deeper than the line above it, as code does.
  let above = 0;
  for (let i = 0; i < newLines.length; i++) {
    const l = newLines[i];
    if (l.trim() === '') continue;
    const tabs = /^\t*/.exec(l)![0].length;
    const mine = !old.has(h.newLines[i]);
    if (mine && (tabs > above + 1 || (tabs < above - 1 && !/^[)\]}]/.test(l.trim())))) return refuse;
    above = tabs;
  }
  if (newLines.every((l, i) => l === h.newLines[i])) return h;
  return { ...h, newLines, strategy: h.strategy === 'exact' || h.strategy === 'exact-anywhere' ? 'indentation' : h.strategy };
}

/**
 * The width of one level in space-indented new lines going into a tab-indented file, learnt from
 * the lines they replace: a new line much like a removed one (at t tabs, w spaces) says w / t.
 * Undefined when no such pair exists or no unit has a clear majority of them.
 */
function spaceUnit(h: Hunk, spaced: readonly string[]): number | undefined {
  const removed = h.oldLines.filter((l) => l.trim() !== '' && /^\t+\S/.test(l));
  const votes: number[] = [];
  for (const a of spaced) {
    const w = lead(a).length;
    let best: { sim: number; tabs: number } | undefined;
    for (const r of removed) {
      const sim = similarity(a.trim(), r.trim());
      if (sim >= 0.5 && (!best || sim > best.sim)) best = { sim, tabs: lead(r).length };
    }
    if (best && w % best.tabs === 0 && [2, 4, 8].includes(w / best.tabs)) votes.push(w / best.tabs);
  }
  if (votes.length === 0) {
    // No such pair: the first new line after a line of the file sits one level deeper when that
    // line opens a block, at its level otherwise.
    const i = h.newLines.findIndex((l) => spaced.includes(l));
    const prev = h.newLines.slice(0, i).reverse().find((l) => l.trim() !== '');
    if (prev === undefined || !/^\t*\S/.test(prev)) return undefined;
    const level = /^\t*/.exec(prev)![0].length + (/[{([:]\s*$/.test(prev) ? 1 : 0);
    const w = lead(h.newLines[i]).length;
    if (level > 0 && w % level === 0 && [2, 4, 8].includes(w / level)) votes.push(w / level);
  }
  // The unit most pairs agree on, when it is a clear majority (a line nested deeper than the line
  // it resembles votes for a wider unit); the level check afterwards refuses what does not fit.
  for (const u of [2, 4, 8]) if (votes.filter((v) => v === u).length * 2 > votes.length) return u;
  return undefined;
}
