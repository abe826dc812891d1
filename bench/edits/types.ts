/** Shared shapes of the edit-accuracy benchmark. */

/** One real per-file change between two published versions of an npm package. */
export interface FileDiff {
  id: string; // e.g. "ms@2.1.2..2.1.3:index.js"
  pkg: string;
  from: string;
  to: string;
  /** Path inside the package (no "package/" prefix), forward slashes. */
  path: string;
  base: string;
  truth: string;
  /** The hunks of `git diff --no-index -U3` (from the first "@@" line on), LF-joined, no file headers. */
  hunks: string;
  /** Variant: the same change with the final newline stripped from both versions (only when the last hunk reaches EOF). */
  noEol?: { base: string; truth: string; hunks: string };
}

export type EditFormatName = 'unified' | 'search-replace' | 'apply-patch' | 'whole';

/** One benchmark row: an edit text to apply to `base`; the only correct result is `truth`. */
export interface Case {
  id: string;
  kind: string; // corruption type
  format: EditFormatName;
  path: string;
  base: string;
  truth: string;
  edit: string;
  /** False when a careful human could not recover the intended result from the edit (truly ambiguous or lost). */
  recoverable: boolean;
  note?: string;
  /** The edit creates the file: it does not exist before (base is ''). */
  create?: boolean;
}

export type Outcome = 'correct' | 'refused' | 'wrong' | 'n/a';

export interface ToolResult {
  outcome: Outcome;
  /** Why it refused / what went wrong (short). */
  reason?: string;
  ms?: number;
}
