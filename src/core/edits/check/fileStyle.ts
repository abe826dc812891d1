/**
 * Lines Forge writes take the target file's own indentation: a SEARCH/REPLACE or apply_patch whose
 * new lines are indented with spaces, going into a file indented with tabs (or the other way), gets
 * the file's indentation. Only lines the edit adds are touched, and only when the file is
 * consistently in the other style.
 */
import type { Hunk } from '../changeSet/changeSet';
import { lineSimilarity as similarity } from '../locate/similarity';

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

/** The hunk's added lines that are indented with spaces, when the file is indented with tabs. */
function spacedLines(h: Hunk): { old: Set<string>; added: string[]; spaced: string[] } {
  const old = new Set(h.oldLines);
  const added = h.newLines.filter((l) => !old.has(l) && l.trim() !== '');
  return { old, added, spaced: added.filter((l) => /^ {2,}/.test(l) && !lead(l).includes('\t')) };
}

/**
 * The hunk with its added lines in the file's indentation style, or the hunk itself when nothing
 * changes. `editUnit` (editSpaceUnit) is the width of a level the edit's other hunks tell, used
 * when this hunk's own lines do not.
 */
export function inFileStyle(h: Hunk, style: Style | undefined, editUnit?: number, file: readonly string[] = []): Hunk & { styleError?: string } {
  // Only space-indented new lines going into a tab-indented file (the mistake models make).
  if (!style || style.kind !== 'tab') return h;
  const { added, spaced } = spacedLines(h);
  if (spaced.length === 0) return h;
  const refuse = { ...h, styleError: 'its new lines are indented with spaces while the file is indented with tabs, and how many tabs they stand for cannot be told from the lines it replaces; write the new lines with tabs' };
  if (added.some((l) => lead(l).startsWith('\t'))) return refuse;
  // The unit this hunk's lines tell; the one the edit's hunks tell together when this hunk tells
  // none or one its own widths rule out (a line nested deeper than the line it resembles).
  let unit = spaceUnit(h, spaced);
  if (unit === undefined || !onUnit(spaced, unit)) unit = editUnit;
  const newLines = unit === undefined ? undefined : withTabs(h, spaced, unit, file);
  if (!newLines) return refuse;
  if (newLines.every((l, i) => l === h.newLines[i])) return h;
  return { ...h, newLines, strategy: h.strategy === 'exact' || h.strategy === 'exact-anywhere' ? 'indentation' : h.strategy };
}

/** Whether every line's indentation is a whole number of `unit` (a doc-comment line " * text" one space more). */
function onUnit(spaced: readonly string[], unit: number): boolean {
  return spaced.every((l) => lead(l).length % unit === 0 || (lead(l).length % unit === 1 && /^\*/.test(l.trimStart())));
}

/** The hunk's new lines with `unit` spaces read as one tab, or undefined when they do not fit that unit. */
function withTabs(h: Hunk, spaced: readonly string[], unit: number, file: readonly string[]): string[] | undefined {
  if (!onUnit(spaced, unit)) return undefined;
  const old = new Set(h.oldLines);
  const newLines = h.newLines.map((l) => (old.has(l) || l.trim() === '' ? l : '\t'.repeat(Math.floor(lead(l).length / unit)) + ' '.repeat(lead(l).length % unit) + l.slice(lead(l).length)));
  // Each converted line sits at most one level deeper than the line above it, as code does; above
  // the hunk's first line is the file's last non-blank line before it.
  let above = 0;
  for (let j = h.baseStart - 1; j >= 0; j--) {
    if (file[j]?.trim()) {
      above = /^\t*/.exec(file[j])![0].length;
      break;
    }
  }
  for (let i = 0; i < newLines.length; i++) {
    const l = newLines[i];
    if (l.trim() === '') continue;
    const tabs = /^\t*/.exec(l)![0].length;
    const mine = !old.has(h.newLines[i]);
    if (mine && (tabs > above + 1 || (tabs < above - 1 && !/^[)\]}]/.test(l.trim())))) return undefined;
    above = tabs;
  }
  return newLines;
}

/**
 * The width of one level the model used across all the hunks of one file's edit (it writes them
 * with one unit): the unit the hunks that tell one agree on; else, when no hunk tells, the one unit
 * of 2, 4 and 8 that every hunk's new lines fit (each at most one level deeper than the line above,
 * in the hunk or, for its first line, in the file).
 * Undefined when the hunks disagree or several units fit.
 */
export function editSpaceUnit(hunks: readonly Hunk[], style: Style | undefined, file: readonly string[]): number | undefined {
  if (!style || style.kind !== 'tab') return undefined;
  const spaced = hunks.map((h) => ({ h, ...spacedLines(h) })).filter((x) => x.spaced.length > 0 && !x.added.some((l) => lead(l).startsWith('\t')));
  if (spaced.length === 0) return undefined;
  const told = new Set(spaced.map((x) => spaceUnit(x.h, x.spaced)).filter((u, i) => u !== undefined && withTabs(spaced[i].h, spaced[i].spaced, u, file)));
  if (told.size > 1) return undefined;
  const fits = (u: number) => spaced.every((x) => withTabs(x.h, x.spaced, u, file) !== undefined);
  if (told.size === 1) {
    const u = [...told][0]!;
    return fits(u) ? u : undefined;
  }
  const fitting = [2, 4, 8].filter(fits);
  return fitting.length === 1 ? fitting[0] : undefined;
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
