/**
 * What a bridge client gets back for a proposal: the review's decisions, per file and hunk, with the
 * reviewer's edited lines and reasons. Pure: built from the change set and the review outcome.
 */
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import type { HunkVerdict, ProposeResult } from './bridgeProtocol';

export function proposeResult(cs: ChangeSet, outcome: ReviewOutcome): ProposeResult {
  const files = cs.files.map((f) => {
    const decided = outcome.files.find((o) => o.path === f.path)?.decisions ?? [];
    const hunks: HunkVerdict[] = f.hunks.map((h) => {
      const d = decided.find((x) => x.hunkIndex === h.index);
      const base = { hunkIndex: h.index, line: h.baseStart + 1, oldLines: h.oldLines, newLines: h.newLines };
      if (!d || d.pending) return { ...base, decision: 'undecided' };
      if (d.decision.kind === 'accept') return { ...base, decision: 'accepted' };
      if (d.decision.kind === 'edit') return { ...base, decision: 'edited', editedLines: d.decision.newLines };
      return { ...base, decision: 'rejected', ...(d.reason ? { reason: d.reason } : {}) };
    });
    return { path: f.newPath ?? f.path, hunks };
  });
  const every = files.flatMap((f) => f.hunks);
  return {
    changeSetId: cs.id,
    allAccepted: !outcome.applyError && every.length > 0 && every.every((h) => h.decision === 'accepted'),
    files,
    ...(outcome.applyError ? { error: outcome.applyError } : {}),
  };
}

/** One line per file for people reading a terminal: "src/a.ts: 2 accepted, 1 rejected (too broad)". */
export function summarizeResult(r: ProposeResult): string {
  if (r.error) return `nothing was written: ${r.error}`;
  return r.files
    .map((f) => {
      const count = (k: HunkVerdict['decision']) => f.hunks.filter((h) => h.decision === k).length;
      const parts = (['accepted', 'edited', 'rejected', 'undecided'] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`);
      const reasons = f.hunks.filter((h) => h.reason).map((h) => h.reason);
      return `${f.path}: ${parts.join(', ')}${reasons.length ? ` (${reasons.join('; ')})` : ''}`;
    })
    .join('\n');
}
