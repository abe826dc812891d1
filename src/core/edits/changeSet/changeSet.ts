/**
 * The one value that carries every edit: a ChangeSet of FileChanges, each with the hash of the
 * base content it was located against and its located hunks.
 *
 * Parse -> locate/verify -> review -> apply are separate steps:
 *   parse*()        model text -> ParsedEdit             (parsers in this folder)
 *   buildChangeSet  ParsedEdit + base texts -> ChangeSet  (or precise refusals)
 *   review          the user decides per hunk (accept / reject / edited new lines)
 *   renderFile      base text + hunks + decisions -> the exact new text to write
 *
 * Everything here is pure: no I/O, no vscode.
 */

export type FileAction = 'add' | 'delete' | 'update' | 'rename';

/** How a hunk was located in the base text, from most to least certain. */
export type Strategy =
  | 'exact' // at the stated line (allowing drift)
  | 'exact-anywhere' // exact text found elsewhere, uniquely
  | 'trailing-whitespace' // equal when trailing whitespace is ignored
  | 'indentation' // equal up to a consistent indentation shift (replacement re-indented)
  | 'whitespace' // equal when all runs of whitespace are normalised
  | 'elision' // a `...` / "existing code" elision expanded to real lines
  | 'fuzzy' // similarity-scored match above the threshold, unique
  | 'repaired' // found exactly once lines were re-read (a lost '+', invented or misremembered context, a truncated line)
  | 'create' // new file
  | 'append' // empty SEARCH / pure insertion at end of file
  | 'append-end' // apply_patch: a chunk with neither context nor removed lines, appended at the end as the format defines
  | 'eol-added' // apply_patch: matched exactly at the end of a file without a final newline; the result ends with one, as the format defines
  | 'overwrite' // apply_patch: "Add File" or "Move to" naming a file that exists replaces its content, as the format defines
  | 'whole-file' // whole-file replacement
  | 'delete'; // whole-file deletion

/** Strategies a reviewer should be told about (the text did not match exactly). */
export const FUZZY_STRATEGIES: ReadonlySet<Strategy> = new Set<Strategy>([
  'trailing-whitespace',
  'indentation',
  'whitespace',
  'elision',
  'fuzzy',
  'repaired',
]);

/** How a hunk was placed, in the words a reviewer reads (review panel, `forge apply --json`, tool results). */
export type PlacementLabel = 'exact' | 'whitespace-tolerant' | 're-indented' | 'repaired' | 'elision' | 'fuzzy' | 'new';

export function placementLabel(strategy: Strategy): PlacementLabel {
  switch (strategy) {
    case 'trailing-whitespace':
    case 'whitespace':
      return 'whitespace-tolerant';
    case 'indentation':
      return 're-indented';
    case 'repaired':
    case 'elision':
    case 'fuzzy':
      return strategy;
    case 'create':
    case 'append':
    case 'append-end':
      return 'new';
    default:
      return 'exact';
  }
}

export interface Hunk {
  /** Index within its file, in the order the edit gave the hunks (stable id for review). */
  index: number;
  /** 0-based line in the base text where the replaced lines start. */
  baseStart: number;
  /** The base lines this hunk replaces, exactly as they are in the base (no line terminators). */
  oldLines: string[];
  /** The lines that replace them (no line terminators). */
  newLines: string[];
  strategy: Strategy;
  /** 0..1; 1 for exact strategies. */
  confidence: number;
  /** Set when the optional syntax check found that this hunk adds a parse error. */
  syntaxWarning?: string;
}

export interface FileChange {
  action: FileAction;
  /** Workspace-relative path with forward slashes (the old path for a rename). */
  path: string;
  /** Target path for a rename. */
  newPath?: string;
  /** sha256 (hex) of the base text the hunks were located in; null for `add`. */
  baseHash: string | null;
  /** Hunks sorted by baseStart, non-overlapping. For `add` one hunk with no old lines. */
  hunks: Hunk[];
  /**
   * Whether the result ends with a line terminator. Undefined: keep the base's (LF-terminated for add).
   * Set when the edit explicitly changes it (`\ No newline at end of file`).
   */
  finalNewline?: boolean;
  /** Line terminator of a created file when the edit gave CRLF lines (default LF). */
  eol?: '\r\n';
}

export interface ChangeSet {
  id: string;
  /** Short human title, e.g. the task or the patch file name. */
  title?: string;
  files: FileChange[];
}

/** A reviewer's decision for one hunk. `edited` carries the user's replacement lines. */
export type HunkDecision =
  | { kind: 'accept' }
  | { kind: 'reject' }
  | { kind: 'edit'; newLines: string[] };

/** The closest place found for a hunk that could not be located with certainty. */
export interface ClosestCandidate {
  /** 1-based inclusive line range in the base. */
  startLine: number;
  endLine: number;
  text: string;
  /** 0..1 similarity. */
  score: number;
  /** Lines of the hunk that differ from the candidate, as `-expected` / `+actual` pairs. */
  differences: string[];
}

export interface HunkRefusal {
  path: string;
  /** Index of the hunk within its file; -1 for file-level refusals. */
  hunkIndex: number;
  /** One plain sentence saying exactly what is wrong. */
  reason: string;
  closest?: ClosestCandidate;
}
