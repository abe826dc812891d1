/**
 * How much unchanged text the review panel shows around each hunk, and the lines one "show more
 * above/below" click adds. The panel starts every hunk at DEFAULT_CONTEXT lines each side; a
 * click asks for `count` more, never past the neighbouring hunk or the file's edge. Pure: the
 * host posts what `expand` returns.
 */
import type { DiffLine, WebviewMessage } from '../../protocol/review';
import { parseText } from '../edits/changeSet/textDoc';
import { contextLines, DEFAULT_CONTEXT } from './reviewView';
import type { ReviewSession } from './reviewSession';

type ExpandRequest = Extract<WebviewMessage, { type: 'expandContext' }>;

export interface ContextReply {
  type: 'contextLines';
  path: string;
  hunkIndex: number;
  direction: 'above' | 'below';
  lines: DiffLine[];
  more: boolean;
}

export class ContextWindows {
  /** How many context lines each hunk shows above/below, keyed by path and hunk index. */
  private readonly shown = new Map<string, { above: number; below: number }>();

  constructor(private readonly session: ReviewSession) {}

  /** The webview shows this file with the default context again (it loaded the file afresh). */
  reset(path: string): void {
    for (const k of this.shown.keys()) if (k.startsWith(`${path}\0`)) this.shown.delete(k);
  }

  /** The lines one expand request adds, or undefined for a hunk that is not in the set. */
  expand(m: ExpandRequest): ContextReply | undefined {
    const file = this.session.file(m.path);
    const hunks = file ? [...file.hunks].sort((a, b) => a.baseStart - b.baseStart) : [];
    const i = hunks.findIndex((h) => h.index === m.hunkIndex);
    if (!file || i < 0) return undefined;
    const key = `${m.path}\0${m.hunkIndex}`;
    const shown = this.shown.get(key) ?? { above: DEFAULT_CONTEXT, below: DEFAULT_CONTEXT };
    this.shown.set(key, shown);
    const baseLines = parseText(this.session.bases.get(file.path) ?? '').lines;
    const h = hunks[i];
    const shift = hunks.slice(0, i).reduce((n, x) => n + x.newLines.length - x.oldLines.length, 0);
    const reply = { type: 'contextLines' as const, path: m.path, hunkIndex: m.hunkIndex };
    if (m.direction === 'above') {
      const limit = i === 0 ? 0 : hunks[i - 1].baseStart + hunks[i - 1].oldLines.length;
      const to = Math.max(limit, h.baseStart - shown.above);
      const from = Math.max(limit, to - m.count);
      shown.above += to - from;
      return { ...reply, direction: 'above', lines: contextLines(baseLines, from, to, shift), more: from > limit };
    }
    const limit = i === hunks.length - 1 ? baseLines.length : hunks[i + 1].baseStart;
    const shiftAfter = shift + h.newLines.length - h.oldLines.length;
    const from = Math.min(limit, h.baseStart + h.oldLines.length + shown.below);
    const to = Math.min(limit, from + m.count);
    shown.below += to - from;
    return { ...reply, direction: 'below', lines: contextLines(baseLines, from, to, shiftAfter), more: to < limit };
  }
}
