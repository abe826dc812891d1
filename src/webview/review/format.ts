/** Words and labels shown in the review panel (pure functions). */
import * as l10n from '@vscode/l10n';
import { describePlacement, type Placement } from '../../protocol/placement';
import type { FileStatus, ReviewFile, ReviewHunk } from '../../protocol/review';
import { placementInWords } from './placementWords';

export const ACTION_LETTER: Record<ReviewFile['action'], string> = { add: 'A', update: 'M', delete: 'D', rename: 'R' };
export function actionWord(a: ReviewFile['action']): string {
  return { add: () => l10n.t('Added'), update: () => l10n.t('Modified'), delete: () => l10n.t('Deleted'), rename: () => l10n.t('Renamed') }[a]();
}

export function statusWord(s: FileStatus): string {
  return {
    pending: () => l10n.t('Pending'),
    accepted: () => l10n.t('Accepted'),
    rejected: () => l10n.t('Rejected'),
    partly: () => l10n.t('Partly accepted'),
    conflict: () => l10n.t('Conflict'),
  }[s]();
}

export const STATUS_ICON: Record<FileStatus, string> = {
  pending: 'circle-large-outline',
  accepted: 'pass',
  rejected: 'circle-slash',
  partly: 'pie-chart',
  conflict: 'warning',
};

/** "src/a/b.ts" -> ["b.ts", "src/a"] */
export function splitPath(p: string): [string, string] {
  const i = p.lastIndexOf('/');
  return i < 0 ? [p, ''] : [p.slice(i + 1), p.slice(0, i)];
}

/** How the hunk was placed (exact, whitespace-tolerant, re-indented, repaired, fuzzy with its confidence, ...). */
export function placementOf(h: ReviewHunk): Placement {
  const p = placementInWords(describePlacement(h.strategy, h.confidence));
  // The host's flag wins: a strategy it calls fuzzy is shown for review whatever its name.
  return h.fuzzy && !p.review ? { ...p, review: true } : p;
}

/** "placed: fuzzy, 87%" for hunks that did not match exactly; undefined otherwise. */
export function fuzzyText(h: ReviewHunk): string | undefined {
  const p = placementOf(h);
  return p.review ? l10n.t('placed: {0}', p.label) : undefined;
}

export function hunkCounts(h: ReviewHunk): { added: number; removed: number; oldCount: number; newCount: number } {
  let added = 0;
  let removed = 0;
  for (const l of h.lines) {
    if (l.op === '+') added++;
    else if (l.op === '-') removed++;
  }
  return { added, removed, oldCount: h.lines.length - added, newCount: h.lines.length - removed };
}

/** "@@ -10,4 +10,5 @@"; as in git, an empty side starts at the line before it ("-0,0" for a new file). */
export function rangeText(h: ReviewHunk): string {
  const c = hunkCounts(h);
  const start = (line: number, count: number) => (count === 0 ? line - 1 : line);
  return `@@ -${start(h.oldStart, c.oldCount)},${c.oldCount} +${start(h.newStart, c.newCount)},${c.newCount} @@`;
}

export function decisionText(h: ReviewHunk, inflight: boolean): string {
  if (inflight && h.decision === 'pending') return l10n.t('Applying…');
  if (h.decision === 'accepted') return h.editedNewLines ? l10n.t('Accepted (edited)') : l10n.t('Accepted');
  if (h.decision === 'rejected') return l10n.t('Rejected');
  return l10n.t('Pending');
}

/** What a screen reader announces for a hunk. */
export function hunkAriaLabel(f: ReviewFile, h: ReviewHunk, pos: number, inflight: boolean): string {
  const c = hunkCounts(h);
  // Lines of the proposed text, or of the base for a pure deletion.
  const where = c.newCount
    ? l10n.t('lines {0} to {1}', h.newStart, h.newStart + c.newCount - 1)
    : l10n.t('removes lines {0} to {1}', h.oldStart, h.oldStart + Math.max(c.oldCount, 1) - 1);
  const parts = [
    l10n.t('{0}, hunk {1} of {2}', f.path, pos + 1, f.hunkCount),
    where,
    l10n.t('{0} added, {1} removed', c.added, c.removed),
    decisionText(h, inflight),
  ];
  if (h.rejectReason) parts.push(l10n.t('reason: {0}', h.rejectReason));
  const fz = fuzzyText(h);
  if (fz) parts.push(fz);
  if (h.syntaxWarning) parts.push(l10n.t('syntax warning: {0}', h.syntaxWarning));
  return parts.join(', ');
}

export function fileAriaLabel(f: ReviewFile): string {
  const name = f.newPath ? l10n.t('{0} to {1}', f.path, f.newPath) : f.path;
  return l10n.t('{0}, {1}, {2} added, {3} removed, {4}', name, actionWord(f.action), f.added, f.removed, statusWord(f.status));
}

/** "1 file" / "1,234 files": a whole phrase per number, as translations need. */
export function filesText(n: number): string {
  return n === 1 ? l10n.t('1 file') : l10n.t('{0} files', thousands(n));
}

export function hunksText(n: number): string {
  return n === 1 ? l10n.t('1 hunk') : l10n.t('{0} hunks', thousands(n));
}

/** 20000 -> "20,000" (toLocaleString costs tens of ms on first use). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
