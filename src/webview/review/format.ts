/** Words and labels shown in the review panel (pure functions). */
import type { FileStatus, ReviewFile, ReviewHunk } from '../../protocol/review';

export const ACTION_LETTER: Record<ReviewFile['action'], string> = { add: 'A', update: 'M', delete: 'D', rename: 'R' };
export const ACTION_WORD: Record<ReviewFile['action'], string> = { add: 'Added', update: 'Modified', delete: 'Deleted', rename: 'Renamed' };

export const STATUS_WORD: Record<FileStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  rejected: 'Rejected',
  partly: 'Partly accepted',
  conflict: 'Conflict',
};

export const STATUS_ICON: Record<FileStatus, string> = {
  pending: 'circle-large-outline',
  accepted: 'pass',
  rejected: 'circle-slash',
  partly: 'pie-chart',
  conflict: 'warning',
};

const STRATEGY_WORD: Record<string, string> = {
  'trailing-whitespace': 'ignoring trailing whitespace',
  indentation: 'ignoring indentation',
  whitespace: 'ignoring whitespace',
  elision: 'expanding an elision',
  fuzzy: 'fuzzy match',
  repaired: 'repairing lines of the hunk',
};

/** "src/a/b.ts" -> ["b.ts", "src/a"] */
export function splitPath(p: string): [string, string] {
  const i = p.lastIndexOf('/');
  return i < 0 ? [p, ''] : [p.slice(i + 1), p.slice(0, i)];
}

/** "applied by fuzzy match, 87%" for hunks that did not match exactly; undefined otherwise. */
export function fuzzyText(h: ReviewHunk): string | undefined {
  if (!h.fuzzy) return undefined;
  const how = STRATEGY_WORD[h.strategy] ?? h.strategy;
  return `applied by ${how}, ${Math.round(h.confidence * 100)}%`;
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
  if (inflight && h.decision === 'pending') return 'Applying…';
  if (h.decision === 'accepted') return h.editedNewLines ? 'Accepted (edited)' : 'Accepted';
  if (h.decision === 'rejected') return 'Rejected';
  return 'Pending';
}

/** What a screen reader announces for a hunk. */
export function hunkAriaLabel(f: ReviewFile, h: ReviewHunk, pos: number, inflight: boolean): string {
  const c = hunkCounts(h);
  // Lines of the proposed text, or of the base for a pure deletion.
  const where = c.newCount
    ? `lines ${h.newStart} to ${h.newStart + c.newCount - 1}`
    : `removes lines ${h.oldStart} to ${h.oldStart + Math.max(c.oldCount, 1) - 1}`;
  const parts = [
    `${f.path}, hunk ${pos + 1} of ${f.hunkCount}`,
    where,
    `${c.added} added, ${c.removed} removed`,
    decisionText(h, inflight),
  ];
  if (h.rejectReason) parts.push(`reason: ${h.rejectReason}`);
  const fz = fuzzyText(h);
  if (fz) parts.push(fz);
  if (h.syntaxWarning) parts.push(`syntax warning: ${h.syntaxWarning}`);
  return parts.join(', ');
}

export function fileAriaLabel(f: ReviewFile): string {
  const target = f.newPath ? ` to ${f.newPath}` : '';
  return `${f.path}${target}, ${ACTION_WORD[f.action]}, ${f.added} added, ${f.removed} removed, ${STATUS_WORD[f.status]}`;
}

export function plural(n: number, word: string): string {
  return `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** 20000 -> "20,000" (toLocaleString costs tens of ms on first use). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
