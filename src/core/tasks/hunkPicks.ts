/**
 * What a best-of-N review took: the candidates' hunks the engineer accepted (as proposed or
 * edited) in the review of one candidate's change set, or of hunks combined from several
 * (combineHunks.ts, whose `origin` maps each combined hunk back to its candidate's hunk).
 */
import type { CandidateHunkRef } from '../edits/changeSet/combineHunks';
import type { ReviewOutcome } from '../ports';

export type HunkRef = CandidateHunkRef;

/** `origin`: combineHunks' map (path -> the combined hunks' sources, by index), or the one candidate whose own change set was reviewed. */
export function takenHunks(outcome: ReviewOutcome, origin: ReadonlyMap<string, readonly CandidateHunkRef[]> | { candidateId: string }): HunkRef[] {
  const out: HunkRef[] = [];
  for (const f of outcome.files) {
    for (const d of f.decisions) {
      if (d.pending || d.decision.kind === 'reject') continue;
      const ref = origin instanceof Map ? origin.get(f.path)?.[d.hunkIndex] : { candidateId: (origin as { candidateId: string }).candidateId, path: f.path, hunkIndex: d.hunkIndex };
      if (ref) out.push({ candidateId: ref.candidateId, path: ref.path, hunkIndex: ref.hunkIndex });
    }
  }
  return out;
}
