/**
 * How a hunk was placed in its file, in words: the same labels in the review panel, in
 * `forge apply` (text and --json) and in the propose_edits result the model reads, so a reviewer
 * knows which hunks deserve a second look. Built from the core's strategy name, kept a plain string
 * here: a strategy added later still gets a label (its own name) and is marked for review.
 */

export type PlacementKind = 'exact' | 'whitespace-tolerant' | 're-indented' | 'repaired' | 'elision' | 'fuzzy' | (string & {});

export interface Placement {
  /** The family of the strategy: exact, whitespace-tolerant, re-indented, repaired, elision, fuzzy, or the strategy itself. */
  kind: PlacementKind;
  /** A short label: "exact", "fuzzy, 87%", "re-indented, 97%". */
  label: string;
  /** What happened, in a few words (the confidence is in the label). */
  detail: string;
  /** The edit's text did not match the file as written: worth a second look. */
  review: boolean;
}

interface Known {
  kind: PlacementKind;
  label: string;
  detail: string;
  review: boolean;
}

const KNOWN: Record<string, Known> = {
  exact: { kind: 'exact', label: 'exact', detail: 'the old lines matched exactly at the stated place', review: false },
  'exact-anywhere': { kind: 'exact', label: 'exact', detail: 'the old lines matched exactly, once in the file, at another line than the edit said', review: false },
  create: { kind: 'exact', label: 'new file', detail: 'a new file', review: false },
  append: { kind: 'exact', label: 'appended', detail: 'added at the end of the file', review: false },
  'append-end': { kind: 'exact', label: 'appended at the end', detail: 'appended at the end of the file: the edit gave no context or removed lines, and apply_patch defines that as an append', review: true },
  'eol-added': { kind: 'exact', label: 'exact, newline added', detail: 'the old lines matched exactly at the end of a file without a final newline; the result ends with a newline, as apply_patch defines', review: true },
  overwrite: { kind: 'exact', label: 'replaces the whole file', detail: 'the edit added (or moved a file onto) a file that exists, and apply_patch defines that as replacing its whole content', review: true },
  'whole-file': { kind: 'exact', label: 'whole file', detail: 'the whole content was given', review: false },
  delete: { kind: 'exact', label: 'deleted', detail: 'the file is deleted', review: false },
  'trailing-whitespace': { kind: 'whitespace-tolerant', label: 'whitespace-tolerant', detail: 'matched when trailing whitespace is ignored', review: true },
  whitespace: { kind: 'whitespace-tolerant', label: 'whitespace-tolerant', detail: 'matched when runs of whitespace are ignored', review: true },
  indentation: { kind: 're-indented', label: 're-indented', detail: 'matched at another indentation; the new lines were re-indented to the file', review: true },
  're-indented': { kind: 're-indented', label: 're-indented', detail: 'the new lines were re-indented to the file', review: true },
  repaired: { kind: 'repaired', label: 'repaired', detail: 'the edit was malformed and was repaired before it matched', review: true },
  elision: { kind: 'elision', label: 'elision expanded', detail: 'a "..." line stood for lines of the file, which were kept', review: true },
  fuzzy: { kind: 'fuzzy', label: 'fuzzy', detail: 'the old lines did not match exactly; placed at the most similar place', review: true },
};

/** The strategies this file has words for. */
export const KNOWN_STRATEGIES: readonly string[] = Object.keys(KNOWN);

export function describePlacement(strategy: string, confidence: number): Placement {
  const known = KNOWN[strategy];
  const base: Known = known ?? { kind: strategy, label: strategy.replace(/[-_]+/g, ' '), detail: `placed by the "${strategy}" strategy`, review: true };
  const c = Math.max(0, Math.min(1, Number.isFinite(confidence) ? confidence : 0));
  const shown = base.review && c < 1;
  return {
    kind: base.kind,
    label: shown ? `${base.label}, ${Math.round(c * 100)}%` : base.label,
    detail: base.detail,
    review: base.review,
  };
}
