/**
 * What the parsers produce from model text, before anything is located in real files.
 * Every format (unified diff, SEARCH/REPLACE, apply_patch, whole file) parses into this.
 */

export type EditFormat = 'unified' | 'search-replace' | 'apply-patch' | 'whole';

/** The formats a user or a client may name, 'auto' (detect from the markers) first. */
export const EDIT_FORMAT_CHOICES = ['auto', 'unified', 'search-replace', 'apply-patch', 'whole'] as const satisfies readonly (EditFormat | 'auto')[];

/** A line of a parsed hunk: context (' '), removed ('-') or added ('+'). */
export interface HunkLine {
  op: ' ' | '-' | '+';
  text: string;
  /**
   * The model wrote this line without a ' ', '-' or '+' prefix; the parser read it as context.
   * (It may be a context line whose leading space was dropped, or an added line missing its '+'.)
   */
  unprefixed?: boolean;
}

export interface ParsedHunk {
  /**
   * 1-based old start line from a unified `@@ -a,b +c,d @@` header, when given and plausible: a hint.
   * For an old side of 0 lines (`-a,0`, a pure insertion after line a) it is a + 1, the line the
   * new lines go before (so `@@ -0,0 +1 @@` gives 1).
   */
  oldStart?: number;
  /** Line counts as written in a unified hunk header (not trusted: hints only). */
  oldCount?: number;
  newCount?: number;
  /** 1-based line of the hunk's header (or first line) in the edit text, for messages. */
  line?: number;
  /** Text after the second `@@` (unified) or after `@@ ` (apply_patch): a scope hint like a function signature. */
  sectionHint?: string;
  /** In hunk order: context, removed and added lines. SEARCH/REPLACE blocks become '-' then '+' lines. */
  lines: HunkLine[];
  /** `\ No newline at end of file` after the old side / the new side. */
  oldNoFinalNewline?: boolean;
  newNoFinalNewline?: boolean;
  /** apply_patch `*** End of File`: the hunk must match at the end of the file. */
  anchoredAtEnd?: boolean;
  /** SEARCH/REPLACE with an empty SEARCH: append to the file (or create it). */
  appendOnly?: boolean;
}

export interface ParsedFileEdit {
  action: 'add' | 'delete' | 'update' | 'rename';
  /** Normalised workspace-relative path (a/ b/ prefixes stripped, forward slashes). */
  path: string;
  /** Rename target (`rename to`, `*** Move to`). */
  newPath?: string;
  hunks: ParsedHunk[];
  /** Full new content for `add` and whole-file edits. */
  content?: string;
  format: EditFormat;
  /** 1-based line in the edit text where this file's edit starts, for messages. */
  line?: number;
}

/** A problem the parser saw in the model's text; precise enough to send back to the model. */
export interface ParseProblem {
  /** 1-based line in the edit text. */
  line: number;
  message: string;
}

export interface ParsedEdit {
  format: EditFormat;
  files: ParsedFileEdit[];
  problems: ParseProblem[];
  /** For incremental parsing: true when the text ended inside an unfinished file or hunk. */
  partial?: boolean;
}
