/**
 * SEARCH/REPLACE blocks (Aider, Cline, Roo and most chat models):
 *
 *   src/app.ts
 *   ```ts
 *   <<<<<<< SEARCH
 *   old lines
 *   =======
 *   new lines
 *   >>>>>>> REPLACE
 *   ```
 *
 * The path is the nearest line before the block that names one (outside or inside the fence, in
 * backticks, bold, `path:`, `File: path`, or a fence info string); a block without one belongs to
 * the previous block's file. Markers may have 5 to 9 `<`/`=`/`>`. An empty SEARCH appends (or
 * creates: the locator decides). Each block becomes one hunk: '-' lines then '+' lines.
 *
 * Models mix in whole files (a line that is only a path, then a fenced block without markers, as
 * in the whole-file format): such a block is read as that file's whole new content, never dropped.
 */
import type { ParseProblem, ParsedEdit, ParsedFileEdit, ParsedHunk } from './parsedEdit';
import { findPathBefore, mergeSamePath, parseFence, splitEditLines, type EditLineParser } from './parseCommon';

/**
 * A start marker with its keyword (`<<<<<<< SEARCH`, or Cline's `------- SEARCH`); a bare `<<<<<<<`
 * starts a block only after a first block.
 */
export const SR_START_KEYWORD = /^\s*(?:<{5,9}[ \t]*(?:SEARCH|ORIGINAL|FIND)\b|-{3,9}[ \t]*SEARCH\s*$)/i;
export const SR_DIVIDER = /^\s*={5,9}\s*$/;
export const SR_END = /^\s*(?:>{5,9}(?:[ \t]*(?:REPLACE|UPDATED)\b.*)?|\+{3,9}[ \t]*REPLACE)\s*$/i;
/** Roo's apply_diff metadata at the top of a SEARCH part, and its `-------` separator. */
const START_LINE = /^\s*:start_line:\s*(\d+)\s*$/i;
const END_LINE = /^\s*:end_line:\s*\d+\s*$/i;
const META_SEPARATOR = /^\s*-{3,9}\s*$/;
/** Roo escapes marker lines inside content with a backslash. */
const ESCAPED_MARKER = /^\\(?=<{5,9}|={5,9}|>{5,9}|-{5,9}|\+{5,9})/;

/** How many lines before a block are searched for its path. */
const LOOKBACK = 12;

interface OpenBlock {
  path?: string;
  line: number;
  startLine?: number;
  /** Roo metadata seen: a following `-------` line is its separator. */
  meta: boolean;
  search: string[];
  replace: string[] | undefined;
}

export interface SearchReplaceOptions {
  /** Path for blocks that name no file. */
  path?: string;
}

export class SearchReplaceParser implements EditLineParser {
  private readonly files: ParsedFileEdit[] = [];
  private readonly problems: ParseProblem[] = [];
  private recent: string[] = [];
  private lastPath: string | undefined;
  private block: OpenBlock | undefined;
  private ended = false;
  private cache: { sig: string; value: ParsedEdit } | undefined;
  private warnedNoPath = false;
  /** A fenced block right after a path line, not (yet) known to hold SEARCH/REPLACE markers. */
  private whole: { path: string; fence: string; line: number; lines: string[] } | undefined;

  constructor(private readonly opts: SearchReplaceOptions = {}) {}

  push(line: string, lineNo: number): void {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1); // only unified diffs keep an added line's CR
    const b = this.block;
    if (!b) {
      if (SR_START_KEYWORD.test(line) || (/^\s*<{5,9}\s*$/.test(line) && this.files.length > 0)) {
        this.whole = undefined;
        this.open(lineNo);
        return;
      }
      this.trackWholeFile(line, lineNo);
      this.recent.push(line);
      if (this.recent.length > LOOKBACK) this.recent.shift();
      return;
    }
    if (b.replace === undefined) {
      if (SR_DIVIDER.test(line)) b.replace = [];
      else if (SR_END.test(line)) {
        this.problems.push({ line: lineNo, message: `SEARCH block at line ${b.line} has no "=======" line: expected "=======" between the SEARCH and REPLACE parts` });
        this.block = undefined;
      } else if (SR_START_KEYWORD.test(line)) {
        this.problems.push({ line: lineNo, message: `SEARCH block at line ${b.line} is not finished: expected "=======" and ">>>>>>> REPLACE" before the next "<<<<<<< SEARCH" at line ${lineNo}` });
        this.open(lineNo);
      } else if (b.search.length === 0 && START_LINE.test(line)) {
        b.startLine = Number(START_LINE.exec(line)![1]);
        b.meta = true;
      } else if (b.search.length === 0 && END_LINE.test(line)) b.meta = true;
      else if (b.search.length === 0 && b.meta && META_SEPARATOR.test(line)) b.meta = false;
      else b.search.push(line.replace(ESCAPED_MARKER, ''));
      return;
    }
    if (SR_END.test(line)) {
      this.finish(b);
      return;
    }
    if (SR_START_KEYWORD.test(line)) {
      this.problems.push({ line: lineNo, message: `SEARCH/REPLACE block at line ${b.line} is not finished: expected ">>>>>>> REPLACE" before the next "<<<<<<< SEARCH" at line ${lineNo}` });
      this.open(lineNo);
      return;
    }
    b.replace.push(line.replace(ESCAPED_MARKER, ''));
  }

  /** Whole-file blocks among the SEARCH/REPLACE blocks: path line, fence, content, closing fence. */
  private trackWholeFile(line: string, lineNo: number): void {
    const w = this.whole;
    if (w) {
      if (line.trim() === w.fence) {
        this.whole = undefined;
        this.files.push({ action: 'update', path: w.path, hunks: [], content: w.lines.length ? `${w.lines.join('\n')}\n` : '', format: 'whole', line: w.line });
        this.lastPath = w.path;
      } else w.lines.push(line);
      return;
    }
    const fence = parseFence(line);
    if (!fence || !/^\s*$/.test(fence.info.replace(/^[\w+#.-]+/, ''))) return;
    const path = findPathBefore(this.recent.slice(-1), true);
    if (path !== undefined) this.whole = { path, fence: fence.marker, line: lineNo, lines: [] };
  }

  end(): void {
    if (this.ended) return;
    if (this.whole) {
      this.problems.push({ line: this.whole.line, message: `the fenced block for ${this.whole.path} at line ${this.whole.line} is not closed: expected a closing ${this.whole.fence}` });
      this.whole = undefined;
    }
    const b = this.block;
    if (b) {
      this.problems.push({
        line: b.line,
        message: `SEARCH/REPLACE block at line ${b.line} is not finished: expected ${b.replace === undefined ? '"=======" and ' : ''}">>>>>>> REPLACE"`,
      });
      this.block = undefined;
    }
    this.ended = true;
  }

  result(): ParsedEdit {
    const sig = `${this.ended}|${this.files.length}|${this.problems.length}|${this.block?.line}`;
    if (this.cache && this.cache.sig === sig) return this.cache.value;
    const value = this.snapshot();
    this.cache = { sig, value };
    return value;
  }

  private snapshot(): ParsedEdit {
    const out: ParsedEdit = { format: 'search-replace', files: mergeSamePath(this.files), problems: this.problems.slice() };
    if (!this.ended) {
      out.partial = true;
      const b = this.block;
      if (b?.path !== undefined && !out.files.some((f) => f.path === b.path)) {
        out.files.push({ action: 'update', path: b.path, hunks: [], format: 'search-replace', line: b.line });
      }
    }
    return out;
  }

  private open(lineNo: number): void {
    const path = findPathBefore(this.recent) ?? this.lastPath ?? this.opts.path;
    if (path === undefined && !this.warnedNoPath) {
      this.problems.push({ line: lineNo, message: `SEARCH/REPLACE block at line ${lineNo} names no file: expected the file path on the line before "<<<<<<< SEARCH"` });
      this.warnedNoPath = true;
    }
    if (path !== undefined) this.lastPath = path;
    this.recent = [];
    this.block = { path, line: lineNo, search: [], replace: undefined, meta: false };
  }

  private finish(b: OpenBlock): void {
    this.block = undefined;
    if (b.path === undefined) return;
    let replace = b.replace ?? [];
    let searchRaw = b.search;
    // Both parts wrapped in the same ``` fence (a model fencing each part): unwrap them. Harmless
    // even for a markdown file whose block really is fenced so: the fence lines are not changed.
    if (fenced(searchRaw) && fenced(replace) && searchRaw[0] === replace[0] && searchRaw[searchRaw.length - 1] === replace[replace.length - 1]) {
      searchRaw = searchRaw.slice(1, -1);
      replace = replace.slice(1, -1);
    }
    const search = searchRaw.every((l) => l.trim().length === 0) ? [] : searchRaw;
    const hunk: ParsedHunk = { lines: [], line: b.line };
    for (const text of search) hunk.lines.push({ op: '-', text });
    for (const text of replace) hunk.lines.push({ op: '+', text });
    if (search.length === 0) hunk.appendOnly = true;
    if (b.startLine !== undefined && b.startLine >= 1) hunk.oldStart = b.startLine;
    this.files.push({ action: 'update', path: b.path, hunks: [hunk], format: 'search-replace', line: b.line });
  }
}

function fenced(lines: string[]): boolean {
  return lines.length >= 2 && parseFence(lines[0]) !== undefined && /^ {0,3}(`{3,}|~{3,})\s*$/.test(lines[lines.length - 1]);
}

/** Parses SEARCH/REPLACE blocks. Never throws. */
export function parseSearchReplace(text: string, opts: SearchReplaceOptions = {}): ParsedEdit {
  const p = new SearchReplaceParser(opts);
  const lines = splitEditLines(text);
  for (let i = 0; i < lines.length; i++) p.push(lines[i], i + 1);
  p.end();
  return p.result();
}
