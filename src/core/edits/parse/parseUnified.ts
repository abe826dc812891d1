/**
 * Unified diffs, multi-file, as git and models write them. Header counts are not trusted: a hunk
 * ends at the next hunk/file header, a fence, or where prose clearly starts; counts only settle an
 * ambiguous tail (trailing blank or unprefixed lines). Parsing is line by line, so it streams.
 */
import type { HunkLine, ParseProblem, ParsedEdit, ParsedFileEdit, ParsedHunk } from './parsedEdit';
import {
  contentFromHunks,
  isBareFence,
  looksLikeProse,
  normalizePath,
  mergeSamePath,
  splitEditLines,
  trimHunkTail,
  type EditLineParser,
  type LineKind,
} from './parseCommon';
import { DEV_NULL, headerPath, parseGitDiffLine, parseHunkHeader, stripPrefixes, type HunkHeader } from './parseUnifiedHeaders';

interface Section {
  line: number;
  git: boolean;
  gitA?: string;
  gitB?: string;
  indexPath?: string;
  minus?: string;
  plus?: string;
  newFile: boolean;
  deleted: boolean;
  renameFrom?: string;
  renameTo?: string;
  copy: boolean;
  binary: boolean;
  headerDone: boolean;
  hunks: ParsedHunk[];
  /** Added lines, and how many of them ended in CRLF in the edit (a created file keeps CRLF). */
  added: number;
  crAdded: number;
}

interface OpenHunk {
  header: HunkHeader;
  line: number;
  lines: HunkLine[];
  kinds: LineKind[];
  oldSeen: number;
  newSeen: number;
  unprefixed: number;
  oldNoFinal: boolean;
  newNoFinal: boolean;
}

const GIT_EXT = /^(old mode|new mode|new file mode|deleted file mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|index) ?(.*)$/;

const DIFF_CMD = /^diff (?:--git |(?:-[-\w=]+ +)+\S)/;

export interface UnifiedOptions {
  /** Path for hunks that come without any file header. */
  path?: string;
}

export class UnifiedParser implements EditLineParser {
  private readonly done: ParsedFileEdit[] = [];
  private readonly problems: ParseProblem[] = [];
  private section: Section | undefined;
  private hunk: OpenHunk | undefined;
  private pendingMinus: { text: string; line: number } | undefined;
  private ended = false;
  private warnedNoHeader = false;
  /** The previous line was a `+++` file header. */
  private afterHeader = false;
  private cache: { sig: string; value: ParsedEdit } | undefined;

  constructor(private readonly opts: UnifiedOptions = {}) {}

  push(line: string, lineNo: number): void {
    const pm = this.pendingMinus;
    if (pm) {
      this.pendingMinus = undefined;
      if (/^\+\+\+(?:[ \t]|$)/.test(line) && this.isFileHeader(pm.text, line)) {
        this.fileHeaders(pm.text, line, pm.line);
        return;
      }
      if (!this.hunk && line.startsWith('@@') && /^--- \S/.test(pm.text)) {
        this.fileHeaders(pm.text, undefined, pm.line); // `--- a/x` with its `+++` line forgotten
      } else this.handle(pm.text, pm.line);
    }
    if (/^---(?:[ \t]|$)/.test(line) && line !== '---') {
      this.pendingMinus = { text: line, line: lineNo };
      return;
    }
    this.handle(line, lineNo);
  }

  end(): void {
    if (this.ended) return;
    if (this.pendingMinus) {
      const pm = this.pendingMinus;
      this.pendingMinus = undefined;
      this.handle(pm.text, pm.line);
    }
    this.closeHunk();
    this.closeSection();
    this.ended = true;
  }

  result(): ParsedEdit {
    const s = this.section;
    const sig = `${this.ended}|${this.done.length}|${this.problems.length}|${s ? [s.line, s.hunks.length, s.headerDone, s.minus, s.plus, s.newFile, s.deleted, s.renameTo, s.binary].join('|') : ''}`;
    if (this.cache && this.cache.sig === sig) return this.cache.value;
    const value = this.snapshot();
    this.cache = { sig, value };
    return value;
  }

  private snapshot(): ParsedEdit {
    const files = this.done.slice();
    if (!this.ended && this.section) {
      const f = this.toFile(this.section, undefined);
      if (f) files.push(f);
    }
    const out: ParsedEdit = { format: 'unified', files: mergeSamePath(files), problems: this.problems.slice() };
    if (!this.ended) out.partial = true;
    return out;
  }

  /** `--- x` then `+++ y`: a file header, unless an open hunk's counts say these are its lines. */
  private isFileHeader(minus: string, plus: string): boolean {
    const h = this.hunk;
    if (!h || h.header.oldCount === undefined || h.header.newCount === undefined) return true;
    if (h.oldSeen >= h.header.oldCount || h.newSeen >= h.header.newCount) return true;
    const a = headerPath(minus.slice(3));
    const b = headerPath(plus.slice(3));
    return a === DEV_NULL || b === DEV_NULL || (a.startsWith('a/') && b.startsWith('b/'));
  }

  private handle(line: string, lineNo: number): void {
    const afterHeader = this.afterHeader;
    this.afterHeader = false;
    if (DIFF_CMD.test(line) || line.startsWith('Index: ')) {
      this.closeHunk();
      this.closeSection();
      this.section = newSection(lineNo, line.startsWith('diff --git '));
      if (this.section.git) {
        const g = parseGitDiffLine(line);
        this.section.gitA = g.a;
        this.section.gitB = g.b;
      } else if (line.startsWith('Index: ')) this.section.indexPath = line.slice(7).trim();
      return;
    }
    if (line.startsWith('@@')) {
      this.closeHunk();
      this.openHunk(line, lineNo);
      return;
    }
    if (this.hunk) {
      if (isBareFence(line) && !this.fenceInsideHunk(this.hunk)) this.closeHunk();
      else if (isBareFence(line)) this.add(this.hunk, { op: ' ', text: line, unprefixed: true }, 'f');
      else this.hunkLine(line, lineNo);
      return;
    }
    if (/^\+\+\+ \S/.test(line)) return this.fileHeaders(undefined, line, lineNo); // `+++ b/x` without its `---` line
    const s = this.section;
    if (!s || s.hunks.length > 0) return; // prose between or after files
    if (afterHeader && !s.binary && /^[ +-]/.test(line)) {
      // Hunk lines right after `+++` with the @@ line forgotten: one hunk without a position.
      this.openHunk('@@', lineNo);
      this.hunkLine(line, lineNo);
      return;
    }
    if (s.git && !s.headerDone) {
      const m = GIT_EXT.exec(line);
      if (m) return this.gitExtended(s, m[1], m[2].trim(), lineNo);
    }
    if (line.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(line)) {
      if (!s.binary) this.problems.push({ line: lineNo, message: `binary patch for ${describe(s)} is not supported: send the file's text instead` });
      s.binary = true;
    }
  }

  private gitExtended(s: Section, key: string, value: string, lineNo: number): void {
    switch (key) {
      case 'new file mode':
        s.newFile = true;
        break;
      case 'deleted file mode':
        s.deleted = true;
        break;
      case 'rename from':
        s.renameFrom = headerPath(value);
        break;
      case 'rename to':
        s.renameTo = headerPath(value);
        break;
      case 'copy from':
      case 'copy to':
        if (!s.copy) this.problems.push({ line: lineNo, message: 'git "copy from/copy to" is not supported: write the copy as a new file (--- /dev/null)' });
        s.copy = true;
        break;
      default:
        break;
    }
  }

  private fileHeaders(minus: string | undefined, plus: string | undefined, lineNo: number): void {
    this.closeHunk();
    let s = this.section;
    if (!s || s.headerDone || s.hunks.length > 0 || s.binary || !(s.git || s.indexPath !== undefined)) {
      this.closeSection();
      s = this.section = newSection(lineNo, false);
    }
    s.minus = minus === undefined ? undefined : headerPath(minus.slice(3));
    s.plus = plus === undefined ? undefined : headerPath(plus.slice(3));
    s.headerDone = true;
    this.afterHeader = true;
  }

  private openHunk(line: string, lineNo: number): void {
    if (!this.section) {
      if (this.opts.path === undefined) {
        if (!this.warnedNoHeader) {
          this.problems.push({
            line: lineNo,
            message: `hunk at line ${lineNo} has no file header: expected "--- a/PATH" and "+++ b/PATH" lines before the @@ line`,
          });
          this.warnedNoHeader = true;
        }
      }
      this.section = newSection(lineNo, false);
      this.section.headerDone = true;
    }
    this.section.headerDone = true;
    this.hunk = {
      header: parseHunkHeader(line),
      line: lineNo,
      lines: [],
      kinds: [],
      oldSeen: 0,
      newSeen: 0,
      unprefixed: 0,
      oldNoFinal: false,
      newNoFinal: false,
    };
  }

  private hunkLine(line: string, lineNo: number): void {
    const h = this.hunk!;
    const c = line.charCodeAt(0);
    const exhausted =
      h.header.oldCount !== undefined && h.header.newCount !== undefined && h.oldSeen >= h.header.oldCount && h.newSeen >= h.header.newCount;
    if (c === 92 /* \ */) {
      const last = h.lines[h.lines.length - 1];
      if (!last) return;
      if (last.op !== '+') h.oldNoFinal = true;
      if (last.op !== '-') h.newNoFinal = true;
      return;
    }
    if (exhausted && line === '-- ') {
      this.closeHunk(); // the signature separator of `git format-patch` mail
      return;
    }
    if (c === 43 && /^\+\+\+ \S/.test(line) && (exhausted || (h.header.oldCount === undefined && /^(?:b\/|\/dev\/null)/.test(headerPath(line.slice(3)))))) {
      this.fileHeaders(undefined, line, lineNo); // `+++ b/x` without its `---` line, after a finished hunk
      return;
    }
    if (c === 32 || c === 45 || c === 43) {
      const op = line[0] as ' ' | '-' | '+';
      const cr = line.charCodeAt(line.length - 1) === 13;
      if (op === '+' && this.section) {
        this.section.added++;
        if (cr) this.section.crAdded++;
      }
      this.add(h, { op, text: cr ? line.slice(1, -1) : line.slice(1) }, 'p');
      return;
    }
    if (line.length === 0) {
      this.add(h, { op: ' ', text: '' }, 'e');
      return;
    }
    const afterBlank = h.kinds.length > 0 && h.kinds[h.kinds.length - 1] === 'e';
    if (exhausted || (afterBlank && looksLikeProse(line))) {
      this.closeHunk();
      return;
    }
    this.add(h, { op: ' ', text: line, unprefixed: true }, 'u');
    h.unprefixed++;
  }

  /**
   * A bare fence before the header's counts are reached may be a line of the file that lost its
   * prefix (a markdown file's own fence); it is kept tentatively and cut again if no prefixed hunk
   * line follows it.
   */
  private fenceInsideHunk(h: OpenHunk): boolean {
    const { oldCount, newCount } = h.header;
    return oldCount !== undefined && newCount !== undefined && (h.oldSeen < oldCount || h.newSeen < newCount) && h.lines.length > 0;
  }

  private add(h: OpenHunk, l: HunkLine, kind: LineKind): void {
    h.lines.push(l);
    h.kinds.push(kind);
    if (l.op !== '+') h.oldSeen++;
    if (l.op !== '-') h.newSeen++;
  }

  private closeHunk(): void {
    const h = this.hunk;
    if (!h) return;
    this.hunk = undefined;
    const counts =
      h.header.oldCount !== undefined && h.header.newCount !== undefined ? { old: h.header.oldCount, new: h.header.newCount } : undefined;
    const keep = trimHunkTail(h.lines, h.kinds, counts);
    const lines = keep === h.lines.length ? h.lines : h.lines.slice(0, keep);
    if (lines.length === 0) {
      if (!(this.section && this.section.newFile && h.header.newCount === 0)) {
        this.problems.push({ line: h.line, message: `empty hunk at line ${h.line}: expected lines starting with ' ', '-' or '+' after the @@ header` });
      }
      return;
    }
    // A hunk of context only is kept: one of its lines may be an added line that lost its '+'
    // (the locator decides; a hunk that truly changes nothing is dropped there).
    const hunk: ParsedHunk = { lines, line: h.line };
    if (h.header.oldStart !== undefined) hunk.oldStart = h.header.oldStart;
    if (h.header.oldCount !== undefined) hunk.oldCount = h.header.oldCount;
    if (h.header.newCount !== undefined) hunk.newCount = h.header.newCount;
    if (h.header.sectionHint) hunk.sectionHint = h.header.sectionHint;
    if (h.oldNoFinal) hunk.oldNoFinalNewline = true;
    if (h.newNoFinal) hunk.newNoFinalNewline = true;
    this.section!.hunks.push(hunk);
  }

  private closeSection(): void {
    const s = this.section;
    if (!s) return;
    this.section = undefined;
    const f = this.toFile(s, this.problems);
    if (f) this.done.push(f);
  }

  /** The file edit a section describes; problems are reported only when closing for good. */
  private toFile(s: Section, problems: ParseProblem[] | undefined): ParsedFileEdit | undefined {
    if (s.binary || s.copy) return undefined;
    const { old: minus, new: plus } = stripPrefixes(s.minus, s.plus, s.git);
    const git = stripPrefixes(s.gitA, s.gitB, true);
    const from = s.renameFrom ?? (minus !== DEV_NULL ? minus : undefined) ?? git.old ?? s.indexPath;
    const to = s.renameTo ?? (plus !== DEV_NULL ? plus : undefined) ?? git.new ?? s.indexPath;
    const base = { hunks: s.hunks, format: 'unified' as const, line: s.line };
    if (s.newFile || (minus === DEV_NULL && plus !== DEV_NULL)) {
      const path = to ?? this.opts.path;
      if (!path) return this.noPath(s, problems);
      const content = contentFromHunks(s.hunks);
      return { ...base, action: 'add', path, content: s.crAdded * 2 > s.added ? content.replace(/\n/g, '\r\n') : content };
    }
    if (s.deleted || plus === DEV_NULL) {
      const path = from ?? this.opts.path;
      if (!path) return this.noPath(s, problems);
      return { ...base, action: 'delete', path };
    }
    if (s.renameFrom !== undefined && s.renameTo !== undefined && s.renameFrom !== s.renameTo) {
      return { ...base, action: 'rename', path: normalizeRename(s.renameFrom), newPath: normalizeRename(s.renameTo) };
    }
    const path = to ?? from ?? this.opts.path;
    if (!problems && path) return { ...base, hunks: s.hunks.slice(), action: 'update', path }; // unfinished: show what is known
    if (s.hunks.length === 0) {
      if (problems && !s.git && s.minus !== undefined) {
        problems.push({ line: s.line, message: `no hunks for ${path ?? 'the file'} (line ${s.line}): expected an @@ hunk header after the +++ line` });
      }
      return undefined;
    }
    if (!path) return this.noPath(s, problems);
    return { ...base, action: 'update', path };
  }

  private noPath(s: Section, problems: ParseProblem[] | undefined): undefined {
    if (problems && !this.warnedNoHeader) problems.push({ line: s.line, message: `cannot tell which file the diff at line ${s.line} changes: expected "--- a/PATH" and "+++ b/PATH"` });
    return undefined;
  }
}

function normalizeRename(p: string): string {
  return normalizePath(p);
}

function newSection(line: number, git: boolean): Section {
  return { line, git, newFile: false, deleted: false, copy: false, binary: false, headerDone: false, hunks: [], added: 0, crAdded: 0 };
}

function describe(s: Section): string {
  const p = s.gitB ?? s.plus ?? s.indexPath;
  return p ? p.replace(/^b\//, '') : `the file at line ${s.line}`;
}

/** Parses a whole unified diff (multi-file). Never throws. */
export function parseUnified(text: string, opts: UnifiedOptions = {}): ParsedEdit {
  const p = new UnifiedParser(opts);
  const lines = splitEditLines(text);
  for (let i = 0; i < lines.length; i++) p.push(lines[i], i + 1);
  p.end();
  return p.result();
}
