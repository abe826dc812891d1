/**
 * parseEdit: any edit a model writes -> ParsedEdit. Detects the format (unless given), and copes
 * with what models wrap around edits: prose before and after, markdown fences, CRLF, a BOM.
 * Never throws; what it cannot understand becomes a ParseProblem with its line.
 *
 * EditParser is the line-by-line driver shared with the streaming parser, so that a stream's
 * end() is by construction the same as parseEdit of the whole text.
 */
import type { EditFormat, ParsedEdit } from './parsedEdit';
import { splitEditLines, type EditLineParser } from './parseCommon';
import { FormatDetector } from './detectFormat';
import { UnifiedParser } from './parseUnified';
import { SearchReplaceParser } from './parseSearchReplace';
import { ApplyPatchParser } from './parseApplyPatch';
import { WholeFileParser } from './parseWholeFile';

export interface ParseEditOptions {
  /** 'auto' (default) detects the format from its markers. */
  format?: EditFormat | 'auto';
  /** The file the edit is for, when the text names none (hunks without headers, a bare block). */
  path?: string;
}

export const NO_EDIT_MESSAGE =
  'no edit found: expected a unified diff ("--- a/PATH", "+++ b/PATH", "@@ ... @@"), SEARCH/REPLACE blocks ' +
  '(PATH, "<<<<<<< SEARCH", "=======", ">>>>>>> REPLACE"), an apply_patch ("*** Begin Patch", "*** Update File: PATH") ' +
  'or a fenced code block preceded by its file path';

/** When a format was asked for (or detected) but yielded nothing. */
const NOTHING_FOUND: Record<EditFormat, string> = {
  unified: 'no file changes found in the unified diff: expected "--- a/PATH" and "+++ b/PATH" headers followed by "@@" hunks with \' \', \'-\' and \'+\' lines',
  'search-replace': 'no SEARCH/REPLACE block found: expected a file path line, then "<<<<<<< SEARCH", the old lines, "=======", the new lines, ">>>>>>> REPLACE"',
  'apply-patch': 'no file operation found in the apply_patch: expected "*** Update File: PATH", "*** Add File: PATH" or "*** Delete File: PATH" after "*** Begin Patch"',
  whole: 'no file content found: expected a fenced code block right after a line with its file path',
};

function makeParser(format: EditFormat, path: string | undefined): EditLineParser {
  switch (format) {
    case 'unified':
      return new UnifiedParser({ path });
    case 'search-replace':
      return new SearchReplaceParser({ path });
    case 'apply-patch':
      return new ApplyPatchParser();
    case 'whole':
      return new WholeFileParser({ path, rawText: true });
  }
}

/** Line-by-line edit parser with format detection; feed complete lines, then end(). */
export class EditParser {
  private parser: EditLineParser | undefined;
  private readonly detector: FormatDetector | undefined;
  /** Lines seen before the format was known. */
  private pending: string[] | undefined = [];
  private lineNo = 0;
  private ended = false;
  private noEdit = false;

  constructor(private readonly opts: ParseEditOptions = {}) {
    const format = opts.format ?? 'auto';
    if (format === 'auto') this.detector = new FormatDetector();
    else {
      this.parser = makeParser(format, opts.path);
      this.pending = undefined;
    }
  }

  push(line: string): void {
    if (this.ended) return;
    const n = ++this.lineNo;
    if (this.parser) {
      this.parser.push(line, n);
      return;
    }
    this.pending!.push(line);
    const found = this.detector!.push(line);
    if (found) this.start(found);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.parser) {
      const whole = new WholeFileParser({ path: this.opts.path });
      const lines = this.pending!;
      for (let i = 0; i < lines.length; i++) whole.push(lines[i], i + 1);
      whole.end();
      if (whole.result().files.length > 0) this.parser = whole;
      else this.noEdit = true;
      this.pending = undefined;
      if (!this.parser) return;
    }
    this.parser.end();
  }

  result(): ParsedEdit {
    if (this.parser) {
      const r = this.parser.result();
      if (!this.ended || r.files.length > 0 || r.problems.length > 0) return r;
      return { ...r, problems: [{ line: 1, message: NOTHING_FOUND[r.format] }] };
    }
    const out: ParsedEdit = { format: 'unified', files: [], problems: [] };
    if (this.noEdit) out.problems.push({ line: 1, message: NO_EDIT_MESSAGE });
    if (!this.ended) out.partial = true;
    return out;
  }

  private start(format: EditFormat): void {
    const p = makeParser(format, this.opts.path);
    const lines = this.pending!;
    this.pending = undefined;
    for (let i = 0; i < lines.length; i++) p.push(lines[i], i + 1);
    this.parser = p;
  }
}

/** Parses model text into a ParsedEdit. Never throws. */
export function parseEdit(text: string, opts: ParseEditOptions = {}): ParsedEdit {
  try {
    const p = new EditParser(opts);
    const lines = splitEditLines(text);
    for (const l of lines) p.push(l);
    p.end();
    return p.result();
  } catch (e) {
    // A parser bug must not take the host down; report it as a problem instead.
    return { format: 'unified', files: [], problems: [{ line: 1, message: `internal parser error: ${(e as Error).message}` }] };
  }
}
