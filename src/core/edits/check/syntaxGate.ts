/**
 * The syntax check every non-exact result passes before it is proposed: for a file whose language
 * has a tree-sitter grammar, the file is parsed before and after the hunks Forge placed by anything
 * but an exact match (repaired, re-indented, whitespace-tolerant, elision or fuzzy). A hunk that
 * adds a parse error the file (with the edit's exact hunks) did not have is refused with the reason.
 * Files without a grammar keep the confidence rules of the locating cascade alone.
 */
import type { FileChange, HunkDecision, Strategy } from '../changeSet/changeSet';
import { renderFile } from '../changeSet/textDoc';

/** Parse-error count of a text in the language of `path`; undefined when there is no grammar for it. */
export interface SyntaxOracle {
  errors(path: string, text: string): { count: number; firstLine: number } | undefined;
}

/** Strategies that put the edit's own lines where it said: never second-guessed. */
const TRUSTED: ReadonlySet<Strategy> = new Set<Strategy>(['exact', 'exact-anywhere', 'eol-added', 'overwrite', 'create', 'append', 'whole-file', 'delete']);

/** Above this many non-exact hunks in one file, they are checked together only. */
const MAX_ONE_BY_ONE = 60;

export interface SyntaxRefusal {
  hunkIndex: number;
  reason: string;
}

export function syntaxRefusals(path: string, base: string, change: FileChange, oracle: SyntaxOracle): SyntaxRefusal[] {
  const suspect = change.hunks.filter((h) => !TRUSTED.has(h.strategy));
  if (suspect.length === 0) return [];
  const before = oracle.errors(path, base);
  if (!before) return [];
  const all = oracle.errors(path, renderFile(base, change) ?? '')!;
  if (all.count <= before.count) return [];
  const rejectSuspects = new Map<number, HunkDecision>(suspect.map((h) => [h.index, { kind: 'reject' }]));
  // Errors the edit's exact hunks bring are the edit's own: only what the placed hunks add counts.
  const trusted = suspect.length === change.hunks.length ? before : oracle.errors(path, renderFile(base, change, rejectSuspects) ?? '')!;
  const floor = Math.max(before.count, trusted.count);
  if (all.count <= floor) return [];
  const had = floor === 0 ? 'none' : String(floor);
  const reason = (line: number, how: string) =>
    `placed ${how}, it would add a syntax error near line ${line} of the result (the file had ${had}), so it was not applied; copy the lines to change exactly as they are in the current file`;
  const out: SyntaxRefusal[] = [];
  if (suspect.length <= MAX_ONE_BY_ONE) {
    for (const h of suspect) {
      const only = new Map(rejectSuspects);
      only.delete(h.index);
      const r = oracle.errors(path, renderFile(base, change, only) ?? '')!;
      if (r.count > floor) out.push({ hunkIndex: h.index, reason: reason(r.firstLine, describe(h.strategy, h.confidence)) });
    }
  }
  if (out.length === 0) {
    for (const h of suspect) out.push({ hunkIndex: h.index, reason: reason(all.firstLine, `${describe(h.strategy, h.confidence)} together with the other hunks that did not match exactly`) });
  }
  return out;
}

function describe(s: Strategy, confidence: number): string {
  if (s === 'fuzzy') return `by fuzzy match (confidence ${confidence.toFixed(2)})`;
  if (s === 'repaired') return 'after repairing its lines';
  if (s === 'indentation') return 'with its indentation changed to the file’s';
  if (s === 'elision') return 'with its elision expanded';
  return 'ignoring whitespace';
}
