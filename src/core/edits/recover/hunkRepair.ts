/**
 * What a unified hunk header's line counts say about lines the model mislabelled, and the repair
 * they justify. A context line counts on both sides, an added line only on the new side, so:
 *   old side as written - oldCount = lost '+' lines + invented context lines
 *   new side as written - newCount = invented context lines
 * When both numbers are non-negative they are evidence (not proof: counts can simply be wrong),
 * used only to decide lines that are not in the file; without counts there is no such evidence.
 */
import { isElisionLine } from './elision';
import { collapseWhitespace, type LineIndex } from '../locate/lineIndex';
import type { ParsedHunk } from '../parse/parsedEdit';
import { prepareHunk, type PreparedHunk } from '../locate/preparedHunk';
import { restoreDroppedPlus } from './plusRepair';

export interface CountEvidence {
  /** Context lines that the counts say are really added lines that lost their '+'. */
  lostPlus: number;
  /** Context lines that the counts say the model invented (in neither version of the file). */
  extraContext: number;
}

export function countEvidence(h: ParsedHunk): CountEvidence | undefined {
  if (h.oldCount === undefined || h.newCount === undefined) return undefined;
  const oldSide = h.lines.filter((l) => l.op !== '+').length;
  const newSide = h.lines.filter((l) => l.op !== '-').length;
  const extraContext = newSide - h.newCount;
  const lostPlus = oldSide - h.oldCount - extraContext;
  if (extraContext < 0 || lostPlus < 0) return undefined;
  return { lostPlus, extraContext };
}

/**
 * Turn context lines that are nowhere in the file into added lines (or drop them) when their
 * number is exactly what the counts say is missing; otherwise the hunk is returned unchanged.
 */
export function repairByCounts(h: PreparedHunk, index: LineIndex): PreparedHunk {
  const ev = h.counts;
  if (!ev || ev.lostPlus + ev.extraContext === 0) return h;
  // Lines written without any prefix are the first suspects: when there are exactly as many as
  // the counts say lost their '+', those are the added lines (a context line that merely lost its
  // ' ' would not change the counts).
  const bareLines: number[] = [];
  h.lines.forEach((l, i) => {
    if (l.op === ' ' && l.unprefixed && l.text.trim() !== '') bareLines.push(i);
  });
  if (ev.extraContext === 0 && bareLines.length === ev.lostPlus) return rebuild(h, ev, new Set(bareLines), new Set(), index.lines);
  const foreign: number[] = [];
  h.lines.forEach((l, i) => {
    if (l.op !== ' ' || l.text.trim() === '' || isElisionLine(l.text)) return;
    if (index.positions('whitespace', collapseWhitespace(l.text)).length === 0) foreign.push(i);
  });
  if (foreign.length === 0) return h;
  const flip = new Set<number>();
  const drop = new Set<number>();
  if (ev.extraContext === 0 && foreign.length === ev.lostPlus) foreign.forEach((i) => flip.add(i));
  else if (ev.lostPlus === 0 && foreign.length === ev.extraContext) foreign.forEach((i) => drop.add(i));
  else {
    const bare = foreign.filter((i) => h.lines[i].unprefixed);
    if (bare.length !== ev.lostPlus || foreign.length - bare.length !== ev.extraContext) return h;
    for (const i of foreign) (h.lines[i].unprefixed ? flip : drop).add(i);
  }
  return rebuild(h, ev, flip, drop, index.lines);
}

function rebuild(h: PreparedHunk, ev: CountEvidence, flip: ReadonlySet<number>, drop: ReadonlySet<number>, file: readonly string[]): PreparedHunk {
  // In order, so that a repaired line is the reference for the next one.
  const restored: Array<string | undefined> = h.lines.map((l) => l.text);
  h.lines.forEach((l, i) => {
    if (flip.has(i) && !l.unprefixed) restored[i] = restorePrefixSpace(h, i, file, restored);
  });
  // A line whose indentation the file cannot decide is left for buildReplacement to refuse.
  if (restored.some((t) => t === undefined)) return h;
  const lines = h.lines
    .map((l, i) => (flip.has(i) ? { op: '+' as const, text: restored[i]! } : l))
    .filter((_, i) => !drop.has(i));
  if (!lines.some((l) => l.op !== '+') && h.oldText.length > 0) return h;
  const fixed = prepareHunk({ lines, sectionHint: h.sectionHint, anchoredAtEnd: h.anchoredAtEnd }, h.index);
  return {
    ...fixed,
    hint: h.hint,
    oldCount: h.oldCount,
    appendOnly: h.appendOnly,
    oldNoFinalNewline: h.oldNoFinalNewline,
    newNoFinalNewline: h.newNoFinalNewline,
    counts: { lostPlus: ev.lostPlus - flip.size, extraContext: ev.extraContext - drop.size },
  };
}

/** An added line read as context, with the indentation the target file's lines say it had. */
export function restorePrefixSpace(h: PreparedHunk, i: number, file: readonly string[], texts?: ReadonlyArray<string | undefined>): string | undefined {
  let near: string | undefined;
  for (let j = i - 1; j >= 0 && near === undefined; j--) if (h.lines[j].text.trim() !== '') near = texts?.[j] ?? h.lines[j].text;
  for (let j = i + 1; j < h.lines.length && near === undefined; j++) if (h.lines[j].text.trim() !== '') near = h.lines[j].text;
  const added = [h.lines[i - 1], h.lines[i + 1]].find((l) => l?.op === '+' && l.text.trim() !== '');
  return restoreDroppedPlus(h.lines[i].text, file, near, added?.text);
}
