/**
 * A change set as a real unified diff for the console: context lines with a space, only the lines
 * that change with `-`/`+`, hunk headers with both sides' line numbers (the new side counting the
 * hunks before it as accepted), coloured like git when asked (a terminal without NO_COLOR).
 */
import type { ChangeSet, FileChange, Hunk } from '../../core/edits/changeSet/changeSet';
import { diffLines } from '../../core/edits/changeSet/lineDiff';

export interface DiffStyle {
  color: boolean;
}

const SGR = { bold: '\x1b[1m', cyan: '\x1b[36m', red: '\x1b[31m', green: '\x1b[32m', dim: '\x1b[2m', reset: '\x1b[0m' };
const paint = (s: DiffStyle, code: keyof typeof SGR, text: string) => (s.color ? `${SGR[code]}${text}${SGR.reset}` : text);

/** Whether console output should be coloured: a terminal, and NO_COLOR (https://no-color.org) unset or empty. */
export function wantsColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return Boolean(isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function formatFileHeader(f: FileChange, s: DiffStyle): string {
  const from = f.action === 'add' ? '/dev/null' : `a/${f.path}`;
  const to = f.action === 'delete' ? '/dev/null' : `b/${f.newPath ?? f.path}`;
  return `${paint(s, 'bold', `--- ${from}`)}\n${paint(s, 'bold', `+++ ${to}`)}\n`;
}

/** One hunk: its header and its lines; `newStart` is its 0-based first line on the new side. */
export function formatHunk(h: Hunk, newStart: number, s: DiffStyle): string {
  const side = (start: number, n: number) => (n === 0 ? `${start},0` : n === 1 ? `${start + 1}` : `${start + 1},${n}`);
  const label = h.strategy !== 'exact' && h.strategy !== 'create' ? ` located by ${h.strategy}${h.confidence < 1 ? ` (${Math.round(h.confidence * 100)}%)` : ''}` : '';
  const out = [`${paint(s, 'cyan', `@@ -${side(h.baseStart, h.oldLines.length)} +${side(newStart, h.newLines.length)} @@`)}${label ? paint(s, 'dim', label) : ''}`];
  for (const o of diffLines(h.oldLines, h.newLines)) {
    const line = `${o.op}${o.text}`;
    out.push(o.op === '-' ? paint(s, 'red', line) : o.op === '+' ? paint(s, 'green', line) : line);
  }
  if (h.syntaxWarning) out.push(paint(s, 'dim', `(syntax: ${h.syntaxWarning})`));
  return `${out.join('\n')}\n`;
}

/** Each hunk's 0-based first line on the new side when every hunk before it is accepted. */
export function newStarts(f: FileChange): Map<number, number> {
  const starts = new Map<number, number>();
  let shift = 0;
  for (const h of [...f.hunks].sort((a, b) => a.baseStart - b.baseStart)) {
    starts.set(h.index, h.baseStart + shift);
    shift += h.newLines.length - h.oldLines.length;
  }
  return starts;
}

export function formatChangeSetDiff(cs: ChangeSet, s: DiffStyle = { color: false }): string {
  let out = '';
  for (const f of cs.files) {
    out += formatFileHeader(f, s);
    if (f.action === 'rename' && f.hunks.length === 0) out += `rename ${f.path} -> ${f.newPath}\n`;
    const starts = newStarts(f);
    for (const h of f.hunks) out += formatHunk(h, starts.get(h.index)!, s);
  }
  return out;
}
