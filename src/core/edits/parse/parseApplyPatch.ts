/**
 * OpenAI's apply_patch format (V4A), which GPT models are trained to write:
 *
 *   *** Begin Patch
 *   *** Add File: path        (+lines)
 *   *** Delete File: path
 *   *** Update File: path
 *   *** Move to: new/path
 *   @@ class Foo              (optional scope hints, may be stacked; a bare @@ separates chunks)
 *    context / -removed / +added
 *   *** End of File           (the chunk must match at the end of the file)
 *   *** End Patch
 *
 * Missing Begin/End lines, an Update without any @@ and marker lines indented with spaces are
 * tolerated, as the reference does. Parsed line by line. What the format defines beyond locating
 * chunks (an Add or Move onto a file that exists, a context-free chunk, the final newline) is in
 * applyPatchSemantics.ts.
 */
import type { HunkLine, ParseProblem, ParsedEdit, ParsedFileEdit, ParsedHunk } from './parsedEdit';
import { isBareFence, looksLikeProse, mergeSamePath, normalizePath, splitEditLines, trimHunkTail, type EditLineParser, type LineKind } from './parseCommon';
import { parseHunkHeader } from './parseUnifiedHeaders';

interface OpenFile {
  action: 'add' | 'delete' | 'update';
  path: string;
  newPath?: string;
  line: number;
  hunks: ParsedHunk[];
  /** Hint lines (`@@ x`) waiting for the chunk they introduce. */
  hints: string[];
  /** A line number from a unified-style `@@ -a,b +c,d @@` header, for the next chunk. */
  oldStart?: number;
}

interface OpenChunk {
  line: number;
  hint?: string;
  oldStart?: number;
  lines: HunkLine[];
  kinds: LineKind[];
  unprefixed: number;
}

const MARKER = /^\*\*\*\s*(Begin Patch|End Patch|End of File|(Add|Delete|Update) File:|Move to:)\s*(.*)$/i;

export class ApplyPatchParser implements EditLineParser {
  private readonly done: ParsedFileEdit[] = [];
  private readonly problems: ParseProblem[] = [];
  private inPatch = false;
  private file: OpenFile | undefined;
  private chunk: OpenChunk | undefined;
  private ended = false;
  /** The terminator of a shell heredoc the patch was wrapped in (`apply_patch <<'EOF'`). */
  private heredoc: string | undefined;
  private cache: { sig: string; value: ParsedEdit } | undefined;

  push(line: string, lineNo: number): void {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1); // only unified diffs keep an added line's CR
    const m = MARKER.exec(line) ?? (this.indentedMarkerAllowed() ? MARKER.exec(line.trimStart()) : null);
    if (m) return this.marker(m[1].toLowerCase(), m[2]?.toLowerCase(), m[3].trim(), lineNo);
    if (this.heredoc !== undefined && line.trim() === this.heredoc) {
      this.heredoc = undefined;
      return this.stop(); // the end of `apply_patch <<'EOF'`
    }
    if (!this.inPatch) {
      const h = /<<-?\s*['"]?(\w+)['"]?\s*$/.exec(line);
      if (h) this.heredoc = h[1];
    }
    if (!this.inPatch || !this.file) {
      if (this.inPatch && /^\*\*\*/.test(line)) this.unknownMarker(line, lineNo);
      return;
    }
    if (/^\*\*\* /.test(line)) return this.unknownMarker(line, lineNo);
    if (isBareFence(line)) return this.stop();
    const f = this.file;
    if (f.action === 'delete') return;
    if (f.action === 'update' && line.startsWith('@@')) {
      this.closeChunk();
      if (/^@@+\s*-\d|^@@+.*\S.*@@/.test(line) || /^@@+\s*@@+\s*$/.test(line)) {
        // A unified-style header (`@@ -12,5 +12,6 @@ fn`) written in an apply_patch: numbers are a hint.
        const h = parseHunkHeader(line);
        if (h.oldStart !== undefined) f.oldStart = h.oldStart;
        if (h.sectionHint) f.hints.push(h.sectionHint);
        return;
      }
      const hint = line.replace(/^@@+ ?/, '').trimEnd();
      if (hint.trim()) f.hints.push(hint);
      return;
    }
    this.bodyLine(line, lineNo);
  }

  /**
   * "  *** Update File: x" (a marker indented with spaces) is a marker, as the reference reads it,
   * except after an Update File line, where a line starting with a space is a context line.
   */
  private indentedMarkerAllowed(): boolean {
    return this.file?.action !== 'update';
  }

  end(): void {
    if (this.ended) return;
    this.stop();
    this.ended = true;
  }

  result(): ParsedEdit {
    const f = this.file;
    const sig = `${this.ended}|${this.done.length}|${this.problems.length}|${f ? [f.line, f.hunks.length, f.newPath].join('|') : ''}`;
    if (this.cache && this.cache.sig === sig) return this.cache.value;
    const value = this.snapshot();
    this.cache = { sig, value };
    return value;
  }

  private snapshot(): ParsedEdit {
    const files = this.done.slice();
    if (!this.ended && this.file) {
      const f = this.file;
      // An added file's content is one open chunk until the file ends: show the file, not the text.
      files.push(f.action === 'add' ? { action: 'add', path: f.path, hunks: [], format: 'apply-patch', line: f.line } : this.toFile(f));
    }
    const out: ParsedEdit = { format: 'apply-patch', files: mergeSamePath(files), problems: this.problems.slice() };
    if (!this.ended) out.partial = true;
    return out;
  }

  private marker(kind: string, fileOp: string | undefined, arg: string, lineNo: number): void {
    if (kind === 'begin patch') {
      this.stop();
      this.inPatch = true;
      return;
    }
    if (kind === 'end patch') return this.stop();
    if (kind === 'end of file') {
      if (this.chunk && this.chunk.lines.length > 0) {
        this.closeChunk(true);
      } else if (this.file?.action === 'update' && this.file.hunks.length > 0) {
        this.file.hunks[this.file.hunks.length - 1].anchoredAtEnd = true;
      } else if (this.file?.action !== 'add') {
        this.problems.push({ line: lineNo, message: `"*** End of File" at line ${lineNo} follows no chunk: expected it after the last ' ', '-' or '+' line of an Update File chunk` });
      }
      return;
    }
    if (kind === 'move to:') {
      const f = this.file;
      if (f && f.action === 'update' && f.hunks.length === 0 && !this.chunk && arg) f.newPath = normalizePath(arg);
      else this.problems.push({ line: lineNo, message: `"*** Move to:" at line ${lineNo} must directly follow "*** Update File: PATH"` });
      return;
    }
    // Add / Delete / Update File
    this.closeFile();
    this.inPatch = true;
    if (!arg) {
      this.problems.push({ line: lineNo, message: `"*** ${fileOp![0].toUpperCase()}${fileOp!.slice(1)} File:" at line ${lineNo} names no file: expected a path after the colon` });
      return;
    }
    this.file = { action: fileOp as OpenFile['action'], path: normalizePath(arg), line: lineNo, hunks: [], hints: [] };
  }

  private unknownMarker(line: string, lineNo: number): void {
    this.problems.push({
      line: lineNo,
      message: `unknown apply_patch line ${lineNo} "${line.slice(0, 60)}": expected "*** Add File:", "*** Update File:", "*** Delete File:", "*** Move to:", "*** End of File" or "*** End Patch"`,
    });
  }

  private bodyLine(line: string, lineNo: number): void {
    let c = this.chunk;
    const ch = line.charCodeAt(0);
    const prefixed = this.file!.action === 'add' ? ch === 43 : ch === 32 || ch === 45 || ch === 43;
    if (!prefixed && line.length > 0 && c) {
      const afterBlank = c.kinds.length > 0 && c.kinds[c.kinds.length - 1] === 'e';
      if (afterBlank && looksLikeProse(line)) return this.stop(); // prose after the patch
    }
    if (!c) {
      const f = this.file!;
      c = this.chunk = { line: lineNo, lines: [], kinds: [], unprefixed: 0 };
      if (f.hints.length > 0) c.hint = f.hints.join('\n');
      f.hints = [];
      c.oldStart = f.oldStart;
      f.oldStart = undefined;
    }
    if (prefixed) {
      const op = this.file!.action === 'add' ? '+' : (line[0] as ' ' | '-' | '+');
      c.lines.push({ op, text: line.slice(1) });
      c.kinds.push('p');
    } else if (line.length === 0) {
      c.lines.push({ op: this.file!.action === 'add' ? '+' : ' ', text: '' });
      c.kinds.push('e');
    } else {
      const l: HunkLine = this.file!.action === 'add' ? { op: '+', text: line } : { op: ' ', text: line, unprefixed: true };
      c.lines.push(l);
      c.kinds.push('u');
      c.unprefixed++;
    }
  }

  private closeChunk(anchoredAtEnd = false): void {
    const c = this.chunk;
    const f = this.file;
    if (!c || !f) return;
    this.chunk = undefined;
    const keep = trimHunkTail(c.lines, c.kinds);
    const lines = keep === c.lines.length ? c.lines : c.lines.slice(0, keep);
    if (lines.length === 0) return;
    const h: ParsedHunk = { lines, line: c.line };
    if (c.hint) h.sectionHint = c.hint;
    if (c.oldStart !== undefined) h.oldStart = c.oldStart;
    if (anchoredAtEnd) h.anchoredAtEnd = true;
    // Neither context nor removed lines nor a place hint: apply_patch appends such a chunk at the end.
    else if (!c.hint && c.oldStart === undefined && lines.every((l) => l.op === '+')) h.appendOnly = true;
    f.hunks.push(h);
  }

  /** Ends the current file and leaves the patch (End Patch, a fence, prose, end of text). */
  private stop(): void {
    this.closeChunk();
    this.closeFile();
    this.inPatch = false;
  }

  private closeFile(): void {
    this.closeChunk();
    const f = this.file;
    if (!f) return;
    this.file = undefined;
    if (f.action === 'update' && f.newPath === undefined && !f.hunks.some((h) => h.lines.some((l) => l.op !== ' '))) {
      this.problems.push({
        line: f.line,
        message: `"*** Update File: ${f.path}" at line ${f.line} changes nothing: expected lines starting with '-' or '+' (with ' ' context) after it`,
      });
      return;
    }
    this.done.push(this.toFile(f));
  }

  private toFile(f: OpenFile): ParsedFileEdit {
    if (f.action === 'add') {
      const lines: string[] = [];
      for (const h of f.hunks) for (const l of h.lines) lines.push(l.text);
      const hunks: ParsedHunk[] = lines.length > 0 ? [{ lines: lines.map((text) => ({ op: '+' as const, text })), line: f.line }] : [];
      return { action: 'add', path: f.path, hunks, content: lines.length > 0 ? lines.join('\n') + '\n' : '', format: 'apply-patch', line: f.line };
    }
    if (f.action === 'delete') return { action: 'delete', path: f.path, hunks: [], format: 'apply-patch', line: f.line };
    const hunks = f.hunks.slice();
    if (f.newPath !== undefined && f.newPath !== f.path) {
      return { action: 'rename', path: f.path, newPath: f.newPath, hunks, format: 'apply-patch', line: f.line };
    }
    return { action: 'update', path: f.path, hunks, format: 'apply-patch', line: f.line };
  }
}

/** Parses an apply_patch (V4A) text. Never throws. */
export function parseApplyPatch(text: string): ParsedEdit {
  const p = new ApplyPatchParser();
  const lines = splitEditLines(text);
  for (let i = 0; i < lines.length; i++) p.push(lines[i], i + 1);
  p.end();
  return p.result();
}
