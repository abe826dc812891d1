/**
 * A ChangeSet from before/after texts (review mode `end`: what the task wrote, measured against
 * the text each file had before the task first touched it). Hunks are the line diff's runs of
 * changes, so each can be accepted or rejected alone; every file is verified to render back to
 * its `after` text exactly, and falls back to one whole-file hunk when it would not.
 */
import type { ChangeSet, FileChange, Hunk } from './changeSet';
import { diffLines } from './lineDiff';
import { hasFinalNewline, hashText, parseText, renderFile } from './textDoc';

export interface TextChange {
  path: string;
  /** null: the file did not exist. */
  before: string | null;
  /** null: the file does not exist now. */
  after: string | null;
}

export interface TextChangeSet {
  changeSet: ChangeSet;
  /** Paths whose after-text cannot be expressed as hunks of the before-text (kept out of the set). */
  unexpressible: string[];
}

export function changeSetFromTexts(id: string, title: string, changes: readonly TextChange[]): TextChangeSet {
  const files: FileChange[] = [];
  const unexpressible: string[] = [];
  for (const c of changes) {
    if (c.before === c.after) continue;
    const f = fileChange(c);
    if (f) files.push(f);
    else unexpressible.push(c.path);
  }
  return { changeSet: { id, title, files }, unexpressible };
}

function fileChange(c: TextChange): FileChange | undefined {
  if (c.before === null) {
    const doc = parseText(c.after ?? '');
    const f: FileChange = {
      action: 'add', path: c.path, baseHash: null, finalNewline: hasFinalNewline(doc), hunks: [hunk(0, 0, [], doc.lines)],
      ...(doc.eol === '\r\n' ? { eol: '\r\n' as const } : {}),
    };
    return renders(c, f) ? f : undefined;
  }
  if (c.after === null) {
    return { action: 'delete', path: c.path, baseHash: hashText(c.before), hunks: [hunk(0, 0, parseText(c.before).lines, [])] };
  }
  const a = parseText(c.before);
  const b = parseText(c.after);
  const finalNewline = hasFinalNewline(a) === hasFinalNewline(b) ? undefined : hasFinalNewline(b);
  const base = { action: 'update' as const, path: c.path, baseHash: hashText(c.before), finalNewline };
  const byRuns: FileChange = { ...base, hunks: changedRuns(a.lines, b.lines) };
  if (finalNewline !== undefined) endWithLastLine(byRuns.hunks, a.lines);
  if (byRuns.hunks.length > 0 && renders(c, byRuns)) return byRuns;
  const whole: FileChange = { ...base, hunks: [hunk(0, 0, a.lines, b.lines)] };
  return renders(c, whole) ? whole : undefined;
}

/** Consecutive '-'/'+' operations of the line diff, as hunks located in the before-text. */
export function changedRuns(a: readonly string[], b: readonly string[]): Hunk[] {
  const out: Hunk[] = [];
  let line = 0;
  let current: Hunk | undefined;
  for (const op of diffLines(a, b)) {
    if (op.op === ' ') {
      current = undefined;
      line++;
      continue;
    }
    if (!current) {
      current = hunk(out.length, line, [], []);
      out.push(current);
    }
    if (op.op === '-') {
      current.oldLines.push(op.text);
      line++;
    } else current.newLines.push(op.text);
  }
  return out;
}

/**
 * A final-newline change travels with the hunk at the end of the file (renderFile applies it only
 * with that hunk): when no hunk reaches the end, the last line joins the last hunk or forms one.
 */
function endWithLastLine(hunks: Hunk[], a: readonly string[]): void {
  if (a.length === 0) return;
  const last = hunks[hunks.length - 1];
  const lastEnd = last ? last.baseStart + last.oldLines.length : -1;
  if (lastEnd >= a.length) return;
  const line = a[a.length - 1];
  if (last && lastEnd === a.length - 1) {
    last.oldLines.push(line);
    last.newLines.push(line);
  } else hunks.push(hunk(hunks.length, a.length - 1, [line], [line]));
}

function hunk(index: number, baseStart: number, oldLines: string[], newLines: string[]): Hunk {
  return { index, baseStart, oldLines: [...oldLines], newLines: [...newLines], strategy: 'exact', confidence: 1 };
}

function renders(c: TextChange, f: FileChange): boolean {
  return renderFile(c.before, f) === c.after;
}
