/**
 * Whole-file content for a path: a fenced block right after a line that is its path (`src/a.ts`,
 * `**src/a.ts**`, `### File: src/a.ts`, "Updated `src/a.ts`:") or naming it in the fence info
 * string. Stricter than SEARCH/REPLACE on purpose: a whole file replaces everything, so a code
 * sample after prose that merely mentions a path must not become one, or a path + content pair given by an API (`wholeFileEdit`). The action is 'update';
 * the locator turns it into an add when the file does not exist.
 */
import type { ParseProblem, ParsedEdit, ParsedFileEdit } from './parsedEdit';
import { findPathBefore, normalizePath, parseFence, pathInFenceInfo, splitEditLines, type EditLineParser } from './parseCommon';

/** A whole-file edit from a path and its full new content (kept verbatim). */
export function wholeFileEdit(path: string, content: string): ParsedFileEdit {
  return { action: 'update', path: normalizePath(path), hunks: [], content, format: 'whole' };
}

interface OpenBlock {
  marker: string;
  path?: string;
  line: number;
  lines: string[];
}

export interface WholeFileOptions {
  /** The file the text is for: used for a fenced block that names no path. */
  path?: string;
  /** With `path`: a text without any fence is the file's whole content (format 'whole' asked for). */
  rawText?: boolean;
}

const LOOKBACK = 6;

export class WholeFileParser implements EditLineParser {
  private readonly files: ParsedFileEdit[] = [];
  private readonly problems: ParseProblem[] = [];
  private recent: string[] = [];
  private block: OpenBlock | undefined;
  private ended = false;
  private sawFence = false;
  /** All lines, kept only when a default path may take the whole text. */
  private readonly all: string[] | undefined;

  constructor(private readonly opts: WholeFileOptions = {}) {
    if (opts.path !== undefined && opts.rawText) this.all = [];
  }

  push(line: string, lineNo: number): void {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1); // only unified diffs keep an added line's CR
    this.all?.push(line);
    const b = this.block;
    if (b) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === b.marker[0] && close[1].length >= b.marker.length) {
        this.block = undefined;
        if (b.path !== undefined) {
          this.files.push({ ...wholeFileEdit(b.path, b.lines.length > 0 ? b.lines.join('\n') + '\n' : ''), line: b.line });
        }
      } else b.lines.push(line);
      return;
    }
    const fence = parseFence(line);
    if (fence) {
      this.sawFence = true;
      const path = pathInFenceInfo(fence.info) ?? findPathBefore(this.recent, true) ?? this.opts.path;
      this.block = { marker: fence.marker, path, line: lineNo, lines: [] };
      this.recent = [];
      return;
    }
    this.recent.push(line);
    if (this.recent.length > LOOKBACK) this.recent.shift();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const b = this.block;
    if (b) {
      this.block = undefined;
      if (b.path !== undefined) {
        this.problems.push({ line: b.line, message: `code block for ${b.path} at line ${b.line} is not closed: expected a closing ${b.marker}` });
      }
    }
    if (this.files.length === 0 && !this.sawFence && this.all && this.opts.path !== undefined && this.all.length > 0) {
      this.files.push({ ...wholeFileEdit(this.opts.path, this.all.join('\n') + '\n'), line: 1 });
    }
  }

  result(): ParsedEdit {
    const files = this.files.slice();
    const out: ParsedEdit = { format: 'whole', files, problems: this.problems.slice() };
    if (!this.ended) {
      out.partial = true;
      if (this.block?.path !== undefined) files.push({ action: 'update', path: this.block.path, hunks: [], format: 'whole', line: this.block.line });
    }
    return out;
  }
}

/** Whole-file edits from fenced blocks preceded by their paths. Never throws. */
export function parseWholeFile(text: string, opts: WholeFileOptions = {}): ParsedEdit {
  const p = new WholeFileParser(opts);
  const lines = splitEditLines(text);
  for (let i = 0; i < lines.length; i++) p.push(lines[i], i + 1);
  p.end();
  return p.result();
}
