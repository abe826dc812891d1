/**
 * Writes what the user accepted of a change set (per-hunk decisions, edited hunks included) to a
 * folder, all-or-nothing, with the same path checks and writer as `forge apply`.
 */
import type { ChangeSet, FileChange, HunkDecision } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import { readBase } from './applyEdit';
import { resolveInside } from '../../node/safePaths';
import { writeChangeSet, type WriteResult } from '../../node/write/writeChangeSet';
import { journalDirOf } from '../../node/write/writeJournal';

/** The change set reduced to the accepted hunks (edited ones carry the user's lines). */
export function acceptedPart(cs: ChangeSet, outcome: ReviewOutcome): ChangeSet {
  const files: FileChange[] = [];
  for (const f of cs.files) {
    const decided = new Map<number, HunkDecision>();
    for (const d of outcome.files.find((x) => x.path === f.path)?.decisions ?? []) decided.set(d.hunkIndex, d.decision);
    if (f.hunks.length === 0) {
      if (![...decided.values()].some((d) => d.kind === 'reject') && decided.size > 0) files.push(f);
      continue;
    }
    const hunks = f.hunks.flatMap((h) => {
      const d = decided.get(h.index);
      if (!d || d.kind === 'reject') return [];
      return [d.kind === 'edit' ? { ...h, newLines: d.newLines } : h];
    });
    if (hunks.length) files.push({ ...f, hunks });
  }
  return { ...cs, files };
}

export function applyReviewed(rootReal: string, cs: ChangeSet, outcome: ReviewOutcome): WriteResult {
  const part = acceptedPart(cs, outcome);
  if (!outcome.completed || part.files.length === 0) return { ok: true, written: [] };
  const bases = new Map<string, string | null>();
  const absOf = new Map<string, string>();
  for (const f of part.files) {
    for (const p of [f.path, f.newPath]) {
      if (p === undefined || absOf.has(p)) continue;
      const r = resolveInside(rootReal, p);
      if (!r.ok) return { ok: false, error: r.reason };
      const read = readBase(r.abs, p);
      if ('error' in read) return { ok: false, error: read.error };
      absOf.set(p, r.abs);
      bases.set(p, read.text);
    }
  }
  return writeChangeSet(part, bases, { abs: (rel) => absOf.get(rel)!, journalDir: journalDirOf(rootReal) });
}
