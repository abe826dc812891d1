/**
 * A text file as lines, keeping everything needed to write it back byte for byte:
 * a BOM, each line's own terminator (mixed CRLF/LF files survive), and whether the last line ends
 * with a terminator. Untouched lines are always rendered with their original terminator; new lines
 * use the file's dominant terminator.
 */
import { createHash } from 'node:crypto';
import type { FileChange, HunkDecision } from './changeSet';

export type Eol = '\n' | '\r\n';

export interface TextDoc {
  bom: boolean;
  /** Dominant line terminator (LF when the file has none). */
  eol: Eol;
  /** Lines without terminators. A file ending in a terminator has no trailing empty line here. */
  lines: string[];
  /** terminators[i] ends lines[i]; the last may be '' (no final newline). */
  terminators: string[];
}

const BOM = '\uFEFF';

export function parseText(text: string): TextDoc {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const lines: string[] = [];
  const terminators: string[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  while (start < body.length) {
    const nl = body.indexOf('\n', start);
    if (nl < 0) {
      lines.push(body.slice(start));
      terminators.push('');
      break;
    }
    if (nl > start && body.charCodeAt(nl - 1) === 13) {
      lines.push(body.slice(start, nl - 1));
      terminators.push('\r\n');
      crlf++;
    } else {
      lines.push(body.slice(start, nl));
      terminators.push('\n');
      lf++;
    }
    start = nl + 1;
  }
  return { bom, eol: crlf > lf ? '\r\n' : '\n', lines, terminators };
}

export function hasFinalNewline(doc: TextDoc): boolean {
  return doc.terminators.length === 0 ? false : doc.terminators[doc.terminators.length - 1] !== '';
}

/** sha256 hex of a text (as UTF-8). Used as the base hash of a FileChange. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The exact text of a file after applying the chosen hunks of `change` to `base`.
 * Returns null when the result is that the file is deleted. Hunks without a decision are applied
 * (decisions default to accept), so `renderFile(base, change)` is the fully accepted result.
 */
export function renderFile(
  base: string | null,
  change: FileChange,
  decisions?: ReadonlyMap<number, HunkDecision>,
): string | null {
  const decide = (i: number): HunkDecision => decisions?.get(i) ?? { kind: 'accept' };
  if (change.action === 'delete') {
    const accepted = change.hunks.length === 0 || change.hunks.some((h) => decide(h.index).kind !== 'reject');
    return accepted ? null : base;
  }
  const doc = parseText(base ?? '');
  if ((base === null || base === '') && change.eol) doc.eol = change.eol;
  const out: string[] = [];
  const outTerm: string[] = [];
  let cursor = 0;
  let lastFromBase = true;
  const hunks = [...change.hunks].sort((a, b) => a.baseStart - b.baseStart);
  for (const h of hunks) {
    const d = decide(h.index);
    if (d.kind === 'reject') continue;
    for (; cursor < h.baseStart; cursor++) {
      out.push(doc.lines[cursor]);
      outTerm.push(doc.terminators[cursor]);
      lastFromBase = true;
    }
    const newLines = d.kind === 'edit' ? d.newLines : h.newLines;
    for (const l of newLines) {
      out.push(l);
      outTerm.push(doc.eol);
      lastFromBase = false;
    }
    cursor = h.baseStart + h.oldLines.length;
  }
  for (; cursor < doc.lines.length; cursor++) {
    out.push(doc.lines[cursor]);
    outTerm.push(doc.terminators[cursor]);
    lastFromBase = true;
  }
  if (out.length > 0) {
    const last = out.length - 1;
    // A base line that is no longer last needs a terminator.
    for (let i = 0; i < last; i++) if (outTerm[i] === '') outTerm[i] = doc.eol;
    const baseFinal = base === null || base === '' ? true : hasFinalNewline(doc);
    // A final-newline change belongs to the hunk at the end of the file (when there is one): it
    // applies only with it.
    const atEnd = hunks.filter((h) => h.baseStart + h.oldLines.length >= doc.lines.length);
    const endAccepted = atEnd.length === 0 || atEnd.some((h) => decide(h.index).kind !== 'reject');
    const wantFinal = change.finalNewline !== undefined && endAccepted ? change.finalNewline : lastFromBase ? outTerm[last] !== '' : baseFinal;
    if (!wantFinal) outTerm[last] = '';
    else if (outTerm[last] === '') outTerm[last] = doc.eol;
  }
  const parts: string[] = doc.bom ? [BOM] : [];
  for (let i = 0; i < out.length; i++) parts.push(out[i], outTerm[i]);
  return parts.join('');
}
