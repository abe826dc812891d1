/**
 * Builds the review panel's view model (src/protocol/review.ts) from a ReviewSession: each hunk's
 * body as a line diff of its old and new sides with real line numbers, a few lines of context
 * around it, its strategy and decision. Pure; the host sends the result to the webview.
 */
import { FUZZY_STRATEGIES, type FileChange, type Hunk } from '../edits/changeSet';
import { diffLines } from '../edits/lineDiff';
import { parseText } from '../edits/textDoc';
import type { DiffLine, ReviewFile, ReviewHunk, ReviewView } from '../../protocol/review';
import type { ReviewSession } from './reviewSession';

export const DEFAULT_CONTEXT = 3;

export function buildReviewView(session: ReviewSession, error?: string): ReviewView {
  return {
    changeSetId: session.changeSet.id,
    title: session.changeSet.title ?? 'Proposed changes',
    files: session.changeSet.files.map((f) => buildReviewFile(session, f)),
    ...(error ? { error } : {}),
  };
}

export function buildReviewFile(session: ReviewSession, file: FileChange): ReviewFile {
  const baseLines = parseText(session.bases.get(file.path) ?? '').lines;
  const hunks = [...file.hunks].sort((a, b) => a.baseStart - b.baseStart);
  let shift = 0; // new-side offset of the fully accepted proposal
  let added = 0;
  let removed = 0;
  const out: ReviewHunk[] = [];
  hunks.forEach((h, i) => {
    const prevEnd = i === 0 ? 0 : hunks[i - 1].baseStart + hunks[i - 1].oldLines.length;
    const nextStart = i === hunks.length - 1 ? baseLines.length : hunks[i + 1].baseStart;
    const body = bodyLines(h, shift);
    added += body.filter((l) => l.op === '+').length;
    removed += body.filter((l) => l.op === '-').length;
    const s = session.hunkState(file.path, h.index);
    const beforeFrom = Math.max(prevEnd, h.baseStart - DEFAULT_CONTEXT);
    const afterFrom = h.baseStart + h.oldLines.length;
    const afterTo = Math.min(nextStart, afterFrom + DEFAULT_CONTEXT);
    out.push({
      index: h.index,
      oldStart: h.baseStart + 1,
      newStart: h.baseStart + shift + 1,
      before: contextLines(baseLines, beforeFrom, h.baseStart, shift),
      lines: body,
      after: contextLines(baseLines, afterFrom, afterTo, shift + h.newLines.length - h.oldLines.length),
      moreAbove: beforeFrom > prevEnd,
      moreBelow: afterTo < nextStart,
      strategy: h.strategy,
      confidence: Math.max(0, Math.min(1, h.confidence)),
      fuzzy: FUZZY_STRATEGIES.has(h.strategy),
      ...(h.syntaxWarning ? { syntaxWarning: h.syntaxWarning } : {}),
      decision: !s?.decision ? 'pending' : s.decision.kind === 'reject' ? 'rejected' : 'accepted',
      ...(s?.decision?.kind === 'edit' ? { editedNewLines: s.decision.newLines } : {}),
      ...(s?.reason ? { rejectReason: s.reason } : {}),
    });
    shift += h.newLines.length - h.oldLines.length;
  });
  const conflictReason = session.conflict(file.path);
  return {
    path: file.path,
    ...(file.newPath ? { newPath: file.newPath } : {}),
    action: file.action,
    status: session.status(file.path),
    ...(conflictReason ? { conflictReason } : {}),
    added,
    removed,
    hunks: out,
  };
}

/** Unchanged base lines [from, to) numbered on both sides. */
export function contextLines(baseLines: readonly string[], from: number, to: number, shift: number): DiffLine[] {
  const out: DiffLine[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, baseLines.length); i++) {
    out.push({ op: ' ', text: baseLines[i], oldNo: i + 1, newNo: i + 1 + shift });
  }
  return out;
}

function bodyLines(h: Hunk, shift: number): DiffLine[] {
  let oldNo = h.baseStart + 1;
  let newNo = h.baseStart + shift + 1;
  return diffLines(h.oldLines, h.newLines).map((d) => {
    if (d.op === '-') return { op: d.op, text: d.text, oldNo: oldNo++ };
    if (d.op === '+') return { op: d.op, text: d.text, newNo: newNo++ };
    return { op: d.op, text: d.text, oldNo: oldNo++, newNo: newNo++ };
  });
}
