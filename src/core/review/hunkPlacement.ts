/**
 * Where a hunk shows in an editor: a hunk's old and new lines include unchanged context, so its
 * CodeLens row belongs on the first line that changes, not on the first context line; and in the
 * proposed text (every hunk shown as decided, pending ones as proposed) it starts where the hunks
 * before it leave it.
 */
import type { FileChange, Hunk, HunkDecision } from '../edits/changeSet/changeSet';
import { diffLines } from '../edits/changeSet/lineDiff';

/** Unchanged lines at the start of a hunk (equal on both sides). */
export function leadingContext(h: Hunk): number {
  let n = 0;
  for (const d of diffLines(h.oldLines, h.newLines)) {
    if (d.op !== ' ') break;
    n++;
  }
  return n;
}

/** Where the changed lines sit within a hunk's new lines: [from, to) past the leading and trailing context. */
export function changedNewLines(h: Hunk): { from: number; to: number } {
  const ops = diffLines(h.oldLines, h.newLines);
  let lead = 0;
  while (lead < ops.length && ops[lead]!.op === ' ') lead++;
  let trail = 0;
  while (trail < ops.length - lead && ops[ops.length - 1 - trail]!.op === ' ') trail++;
  return { from: lead, to: Math.max(lead, h.newLines.length - trail) };
}

/** The 0-based document line for a hunk's CodeLens: its first changed line, within the document. */
export function firstChangedLine(h: Hunk, startLine: number, lineCount: number): number {
  return Math.max(0, Math.min(startLine + leadingContext(h), lineCount - 1));
}

/**
 * The 0-based range of a hunk's new lines in the proposed text: rejected hunks keep their old
 * lines, edited ones the user's, undecided and accepted ones the proposal.
 */
export function proposedRange(f: FileChange, h: Hunk, decisionOf: (h: Hunk) => HunkDecision | undefined): { start: number; lines: readonly string[] } {
  let shift = 0;
  for (const x of f.hunks) {
    if (x.baseStart >= h.baseStart || x === h) continue;
    shift += linesAfter(x, decisionOf(x)).length - x.oldLines.length;
  }
  return { start: h.baseStart + shift, lines: linesAfter(h, decisionOf(h)) };
}

function linesAfter(h: Hunk, d: HunkDecision | undefined): readonly string[] {
  return d?.kind === 'reject' ? h.oldLines : d?.kind === 'edit' ? d.newLines : h.newLines;
}
