/**
 * Builds the review panel's view model (src/protocol/review.ts) from a ReviewSession: each hunk's
 * body as a line diff of its old and new sides with real line numbers, a few lines of context
 * around it, its strategy and decision. Pure; the host sends the result to the webview.
 *
 * The panel loads lazily: buildReviewSummary is what `show` carries (every file's summary, the
 * hunks of one file), buildFileHunks answers loadFile, buildFileUpdate is one file's `update`.
 * buildReviewView (every file with its hunks) is kept for tests and small callers.
 */
import { FUZZY_STRATEGIES, type FileChange, type Hunk } from '../edits/changeSet/changeSet';
import { describePlacement } from '../../protocol/placement';
import { diffLines } from '../edits/changeSet/lineDiff';
import { parseText } from '../edits/changeSet/textDoc';
import { fileIndentStyle } from '../edits/check/fileStyle';
import type { DiffLine, FileUpdate, Indent, LoadedReviewFile, ReviewFile, ReviewHunk, ReviewView } from '../../protocol/review';
import type { ReviewSession } from './reviewSession';

export const DEFAULT_CONTEXT = 3;

/** Every file with all its hunks (large for big sets: the panel uses buildReviewSummary). */
export function buildReviewView(session: ReviewSession, error?: string): ReviewView & { files: LoadedReviewFile[] } {
  return {
    changeSetId: session.changeSet.id,
    title: session.changeSet.title ?? 'Proposed changes',
    files: session.changeSet.files.map((f) => buildReviewFile(session, f)),
    ...(error ? { error } : {}),
    ...(session.appliedFromStart ? { alreadyApplied: true } : {}),
  };
}

/**
 * What `show` carries: every file's summary, and the hunks of `loadedPath` only (default: the
 * first file; an unknown path also falls back to the first file).
 */
export function buildReviewSummary(session: ReviewSession, loadedPath?: string, error?: string): ReviewView {
  const files = session.changeSet.files;
  const loaded = files.some((f) => f.path === loadedPath) ? loadedPath : files[0]?.path;
  return {
    changeSetId: session.changeSet.id,
    title: session.changeSet.title ?? 'Proposed changes',
    files: files.map((f) => (f.path === loaded ? buildReviewFile(session, f) : buildFileSummary(session, f))),
    ...(error ? { error } : {}),
    ...(session.appliedFromStart ? { alreadyApplied: true } : {}),
  };
}

/**
 * A file without its hunks: counts come from the line diff of each hunk (or from `bodies`, the
 * hunks' diff lines when the caller built them already), nothing else is built.
 */
export function buildFileSummary(session: ReviewSession, file: FileChange, bodies?: readonly (readonly { op: string }[])[]): ReviewFile {
  let added = 0;
  let removed = 0;
  for (const body of bodies ?? file.hunks.map((h) => diffLines(h.oldLines, h.newLines))) {
    for (const d of body) {
      if (d.op === '+') added++;
      else if (d.op === '-') removed++;
    }
  }
  const conflictReason = session.conflict(file.path);
  return {
    path: file.path,
    ...(file.newPath ? { newPath: file.newPath } : {}),
    action: file.action,
    status: session.status(file.path),
    ...(conflictReason ? { conflictReason } : {}),
    added,
    removed,
    hunkCount: file.hunks.length,
    pendingHunks: pendingHunks(session, file),
  };
}

/** The hunks of one file (the reply to loadFile); undefined for a path not in the change set. */
export function buildFileHunks(session: ReviewSession, path: string): ReviewHunk[] | undefined {
  const file = session.file(path);
  return file ? buildReviewFile(session, file).hunks : undefined;
}

/** The reply to loadFile: the file's hunks and its indentation; undefined for a path not in the change set. */
export function buildLoadedFile(session: ReviewSession, path: string): Pick<LoadedReviewFile, 'hunks' | 'indent'> | undefined {
  const file = session.file(path);
  if (!file) return undefined;
  const { hunks, indent } = buildReviewFile(session, file);
  return { hunks, ...(indent ? { indent } : {}) };
}

/** One file's `update`: its status, pending count and every hunk's decision (no hunk bodies are built). */
export function buildFileUpdate(session: ReviewSession, path: string): FileUpdate {
  const file = session.file(path)!;
  return {
    path,
    status: session.status(path),
    conflictReason: session.conflict(path),
    pendingHunks: pendingHunks(session, file),
    hunks: [...file.hunks].sort((a, b) => a.baseStart - b.baseStart).map((h) => ({ index: h.index, ...hunkDecision(session, path, h) })),
  };
}

/** How a hunk stands in the review: its decision, the user's own lines, the reason for a reject. */
function hunkDecision(session: ReviewSession, path: string, h: Hunk): Pick<ReviewHunk, 'decision' | 'editedNewLines' | 'rejectReason'> {
  const s = session.hunkState(path, h.index);
  return {
    decision: !s?.decision ? 'pending' : s.decision.kind === 'reject' ? 'rejected' : 'accepted',
    ...(s?.decision?.kind === 'edit' ? { editedNewLines: s.decision.newLines } : {}),
    ...(s?.reason ? { rejectReason: s.reason } : {}),
  };
}

function pendingHunks(session: ReviewSession, file: FileChange): number {
  let n = 0;
  for (const h of file.hunks) if (!session.hunkState(file.path, h.index)?.decision) n++;
  return n;
}

export function buildReviewFile(session: ReviewSession, file: FileChange): LoadedReviewFile {
  const baseLines = parseText(session.bases.get(file.path) ?? '').lines;
  const hunks = [...file.hunks].sort((a, b) => a.baseStart - b.baseStart);
  let shift = 0; // new-side offset of the fully accepted proposal
  const out: ReviewHunk[] = [];
  hunks.forEach((h, i) => {
    const prevEnd = i === 0 ? 0 : hunks[i - 1].baseStart + hunks[i - 1].oldLines.length;
    const nextStart = i === hunks.length - 1 ? baseLines.length : hunks[i + 1].baseStart;
    const body = bodyLines(h, shift);
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
      hiddenAbove: beforeFrom - prevEnd,
      hiddenBelow: Math.max(0, nextStart - afterTo),
      strategy: h.strategy,
      confidence: Math.max(0, Math.min(1, h.confidence)),
      // A strategy added later (not in FUZZY_STRATEGIES) is still flagged unless it is an exact one.
      fuzzy: FUZZY_STRATEGIES.has(h.strategy) || describePlacement(h.strategy, h.confidence).review,
      ...(h.syntaxWarning ? { syntaxWarning: h.syntaxWarning } : {}),
      ...hunkDecision(session, file.path, h),
    });
    shift += h.newLines.length - h.oldLines.length;
  });
  const indent = fileIndent(baseLines, file);
  return { ...buildFileSummary(session, file, out.map((h) => h.lines)), hunks: out, ...(indent ? { indent } : {}) };
}

/** Lines scanned for the file's indentation (enough to tell; bounded for huge files). */
const INDENT_SCAN_LINES = 5000;

/**
 * One level of the file's own indentation, from its base text (a new file: from its proposed
 * lines); undefined when its indented lines do not agree on one style.
 */
export function fileIndent(baseLines: readonly string[], file: FileChange): Indent | undefined {
  const lines = baseLines.length > 0 ? baseLines.slice(0, INDENT_SCAN_LINES) : file.hunks.flatMap((h) => h.newLines).slice(0, INDENT_SCAN_LINES);
  const style = fileIndentStyle(lines);
  if (!style) return undefined;
  return style.kind === 'tab' ? '\t' : (' '.repeat(style.unit) as Indent);
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
