/**
 * Taking hunks from several candidates of a best-of-N group: the picks are checked for overlaps
 * (two candidates changing the same lines of a file cannot both be taken; the engineer is told
 * which, in one sentence), then become one change set for the usual per-hunk review, with a map
 * from its hunks back to the candidates' hunks (what the preference record says was taken).
 * Every candidate started from the same commit, so their files share one base text and hash.
 */
import type { ChangeSet, FileChange, Hunk } from '../edits/changeSet/changeSet';
import type { ReviewOutcome } from '../ports';

export interface HunkRef {
  candidateId: string;
  path: string;
  hunkIndex: number;
}

/** A hunk's base range [start, end); an insertion is empty (start = end). */
function range(h: Hunk): { start: number; end: number } {
  return { start: h.baseStart, end: h.baseStart + h.oldLines.length };
}

/** Whether two hunks of one base text cannot both be applied: their ranges meet (an insertion meets what touches its point). */
export function hunksOverlap(a: Hunk, b: Hunk): boolean {
  const x = range(a);
  const y = range(b);
  if (x.start === x.end || y.start === y.end) return x.start <= y.end && y.start <= x.end;
  return x.start < y.end && y.start < x.end;
}

export type CombineResult =
  | { ok: true; changeSet: ChangeSet; origin: Map<string, HunkRef> }
  | { ok: false; message: string };

const key = (path: string, hunkIndex: number) => `${path}#${hunkIndex}`;

function lines(h: Hunk): string {
  const first = h.baseStart + 1;
  const last = h.baseStart + Math.max(1, h.oldLines.length);
  return first === last ? `line ${first}` : `lines ${first}-${last}`;
}

/**
 * One change set of the picked hunks, or the first overlap (or unknown hunk) as one sentence.
 * `sets`: each candidate's change set by candidate id; `label`: how a candidate is named ("Candidate B").
 */
export function combineHunks(id: string, title: string, sets: ReadonlyMap<string, ChangeSet>, picks: readonly HunkRef[], label: (candidateId: string) => string): CombineResult {
  if (picks.length === 0) return { ok: false, message: 'Select at least one hunk to take.' };
  const byPath = new Map<string, { ref: HunkRef; file: FileChange; hunk: Hunk }[]>();
  const seen = new Set<string>();
  for (const ref of picks) {
    const k = `${ref.candidateId}|${key(ref.path, ref.hunkIndex)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const file = sets.get(ref.candidateId)?.files.find((f) => f.path === ref.path);
    const hunk = file?.hunks.find((h) => h.index === ref.hunkIndex);
    if (!file || !hunk) return { ok: false, message: `${label(ref.candidateId)} has no hunk ${ref.hunkIndex + 1} in ${ref.path}.` };
    const list = byPath.get(ref.path) ?? [];
    for (const other of list) {
      if (other.ref.candidateId === ref.candidateId) continue;
      if (other.file.action !== file.action || hunksOverlap(other.hunk, hunk)) {
        return {
          ok: false,
          message: `${ref.path}: hunk ${other.hunk.index + 1} of ${label(other.ref.candidateId)} and hunk ${hunk.index + 1} of ${label(ref.candidateId)} both change ${lines(other.hunk.baseStart <= hunk.baseStart ? other.hunk : hunk)}; take only one of them.`,
        };
      }
    }
    list.push({ ref, file, hunk });
    byPath.set(ref.path, list);
  }
  const origin = new Map<string, HunkRef>();
  const files: FileChange[] = [];
  for (const [path, list] of byPath) {
    list.sort((a, b) => a.hunk.baseStart - b.hunk.baseStart || a.hunk.oldLines.length - b.hunk.oldLines.length);
    const first = list[0]!.file;
    // A changed final newline belongs with the file's last hunk: kept only when that hunk is taken.
    const ending = list.find((p) => p.file.finalNewline !== undefined && p.hunk === p.file.hunks[p.file.hunks.length - 1]);
    const hunks = list.map((p, i) => {
      origin.set(key(path, i), p.ref);
      return { ...p.hunk, index: i, oldLines: [...p.hunk.oldLines], newLines: [...p.hunk.newLines] };
    });
    const { finalNewline: _f, ...rest } = first;
    files.push({ ...rest, hunks, ...(ending ? { finalNewline: ending.file.finalNewline } : {}) });
  }
  return { ok: true, changeSet: { id, title, files }, origin };
}

/** The candidates' hunks the review accepted (as proposed or edited); `origin` maps the reviewed set's hunks back (absent: the identity for `candidateId`). */
export function takenHunks(outcome: ReviewOutcome, origin: ReadonlyMap<string, HunkRef> | { candidateId: string }): HunkRef[] {
  const out: HunkRef[] = [];
  for (const f of outcome.files) {
    for (const d of f.decisions) {
      if (d.pending || d.decision.kind === 'reject') continue;
      const ref = origin instanceof Map ? origin.get(key(f.path, d.hunkIndex)) : { candidateId: (origin as { candidateId: string }).candidateId, path: f.path, hunkIndex: d.hunkIndex };
      if (ref) out.push(ref);
    }
  }
  return out;
}
