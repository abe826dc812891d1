/** Refusal sentences and closest-candidate descriptions for hunks that could not be placed with certainty. */
import type { ClosestCandidate } from '../changeSet/changeSet';
import type { Alignment } from './fuzzyAlign';
import { describeHunk, type PreparedHunk } from './preparedHunk';

const MAX_TEXT_LINES = 30;
const MAX_DIFFS = 20;

export function closestFromAlignment(a: Alignment, h: PreparedHunk, base: readonly string[]): ClosestCandidate {
  const differences: string[] = [];
  let p = a.start;
  for (let k = 0; k < h.oldText.length; k++) {
    const m = a.map[k];
    if (m < 0) {
      differences.push(`-${h.oldText[k]}`);
      continue;
    }
    for (; p < m; p++) differences.push(`+${base[p]}`);
    if (h.oldText[k] !== base[m]) differences.push(`-${h.oldText[k]}`, `+${base[m]}`);
    p = m + 1;
  }
  return {
    startLine: a.start + 1,
    endLine: a.end,
    text: base.slice(a.start, Math.min(a.end, a.start + MAX_TEXT_LINES)).join('\n'),
    score: Math.round(a.score * 1000) / 1000,
    differences: differences.slice(0, MAX_DIFFS),
  };
}

export function exactCandidate(start: number, len: number, base: readonly string[]): ClosestCandidate {
  return {
    startLine: start + 1,
    endLine: start + len,
    text: base.slice(start, Math.min(start + len, start + MAX_TEXT_LINES)).join('\n'),
    score: 1,
    differences: [],
  };
}

function range(c: { startLine: number; endLine: number }): string {
  return c.endLine > c.startLine ? `lines ${c.startLine}-${c.endLine}` : `line ${c.startLine}`;
}

export function ambiguousReason(path: string, h: PreparedHunk, places: ClosestCandidate[], total: number): string {
  const where = places.slice(0, 3).map(range).join(', ');
  const more = total > 3 ? ` and ${total - 3} more` : '';
  return `${path}: ${describeHunk(h)} matches ${total} places equally well (${where}${more}); include more unchanged lines around the change so that it matches one place only.`;
}

export function notFoundReason(path: string, h: PreparedHunk, closest: ClosestCandidate | undefined, threshold: number): string {
  if (!closest) {
    return `${path}: ${describeHunk(h)} does not match anything in the file; copy the lines to change exactly as they are in the current file.`;
  }
  const firstMinus = closest.differences.find((d) => d.startsWith('-'));
  const firstPlus = closest.differences.find((d) => d.startsWith('+'));
  const diff =
    firstMinus && firstPlus
      ? ` The first difference: the hunk has "${firstMinus.slice(1).trim()}" where the file has "${firstPlus.slice(1).trim()}".`
      : firstMinus
        ? ` The file has no line "${firstMinus.slice(1).trim()}" there.`
        : '';
  return `${path}: ${describeHunk(h)} does not match the file closely enough: the closest place is ${range(closest)} with similarity ${closest.score.toFixed(2)} (at least ${threshold} is needed).${diff} Copy the lines to change exactly as they are in the current file.`;
}

export function ambiguousFuzzyReason(path: string, h: PreparedHunk, a: ClosestCandidate, b: ClosestCandidate): string {
  return `${path}: ${describeHunk(h)} does not match exactly and two places are about equally close (${range(a)} at ${a.score.toFixed(2)}, ${range(b)} at ${b.score.toFixed(2)}); copy the lines to change exactly, with enough unchanged lines to single out one place.`;
}
