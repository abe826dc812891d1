/**
 * Hunks taken from several candidates' change sets (best of N: the same task on N endpoints, each
 * change set measured from the same base commit) combined into one change set to apply. Two hunks
 * of one file overlap when their base lines intersect, when they start at the same line, or when
 * one inserts inside the other's lines; a file one candidate adds, deletes or renames can take hunks
 * of that candidate only. Overlapping picks are refused with a sentence naming both hunks. Pure.
 */
import type { ChangeSet, FileChange, Hunk } from './changeSet';

export interface CandidateChangeSet {
  candidateId: string;
  changeSet: ChangeSet;
}

/** One hunk of one candidate's change set (`hunkIndex`: the Hunk's `index`; 0 for a file without hunks). */
export interface CandidateHunkRef {
  candidateId: string;
  path: string;
  hunkIndex: number;
}

interface Located {
  ref: CandidateHunkRef;
  file: FileChange;
  hunk: Hunk | undefined;
}

function locate(sets: readonly CandidateChangeSet[], ref: CandidateHunkRef): Located | string {
  const set = sets.find((s) => s.candidateId === ref.candidateId);
  if (!set) return `there is no candidate ${ref.candidateId}`;
  const file = set.changeSet.files.find((f) => f.path === ref.path);
  if (!file) return `${ref.candidateId} did not change ${ref.path}`;
  const hunk = file.hunks.find((h) => h.index === ref.hunkIndex);
  if (!hunk && !(file.hunks.length === 0 && ref.hunkIndex === 0)) return `${ref.candidateId} has no hunk ${ref.hunkIndex} in ${ref.path}`;
  return { ref, file, hunk };
}

/** "c1's hunk 2 of src/a.ts (lines 4-6)", as the engineer reads it (hunks numbered from 1). */
export function describeHunk(l: { ref: CandidateHunkRef; file: FileChange; hunk?: Hunk }): string {
  const h = l.hunk;
  const pos = l.file.hunks.findIndex((x) => x.index === l.ref.hunkIndex);
  const lines = !h || l.file.action !== 'update' ? l.file.action : h.oldLines.length ? `lines ${h.baseStart + 1}-${h.baseStart + h.oldLines.length}` : `insertion at line ${h.baseStart + 1}`;
  return `${l.ref.candidateId}'s hunk ${pos < 0 ? 1 : pos + 1} of ${l.ref.path} (${lines})`;
}

function linesOverlap(a: Hunk, b: Hunk): boolean {
  const [as, ae, bs, be] = [a.baseStart, a.baseStart + a.oldLines.length, b.baseStart, b.baseStart + b.oldLines.length];
  if (as === bs) return true;
  if (as < be && bs < ae) return true;
  // An insertion strictly inside the other's replaced lines.
  return (as === ae && bs < as && as < be) || (bs === be && as < bs && bs < ae);
}

function verb(f: FileChange): string {
  return f.action === 'add' ? 'creates' : f.action === 'delete' ? 'deletes' : f.action === 'rename' ? 'renames' : 'changes';
}

function clash(a: Located, b: Located): boolean {
  if (a.ref.path !== b.ref.path) return false;
  if (a.ref.candidateId === b.ref.candidateId) return false; // one candidate's hunks never overlap each other
  if (a.file.action !== 'update' || b.file.action !== 'update' || a.file.baseHash !== b.file.baseHash) return true;
  return !a.hunk || !b.hunk || linesOverlap(a.hunk, b.hunk);
}

/**
 * Why `next` cannot be taken with the hunks already `taken` (one sentence), or undefined when it can.
 * Also refuses a reference to no hunk.
 */
export function hunkOverlap(sets: readonly CandidateChangeSet[], taken: readonly CandidateHunkRef[], next: CandidateHunkRef): string | undefined {
  const n = locate(sets, next);
  if (typeof n === 'string') return `Cannot take that hunk: ${n}.`;
  for (const t of taken) {
    const l = locate(sets, t);
    if (typeof l === 'string') continue;
    if (clash(l, n)) {
      const why = n.file.action !== 'update' || l.file.action !== 'update' ? `${n.file.action === 'update' ? l.ref.candidateId : n.ref.candidateId} ${n.file.action === 'update' ? verb(l.file) : verb(n.file)} the file` : 'they change the same lines';
      return `Not taken: ${describeHunk(n)} overlaps ${describeHunk(l)}, which you took (${why}).`;
    }
  }
  return undefined;
}

export type CombineResult =
  | {
      ok: true;
      changeSet: ChangeSet;
      /** For each file of the combined set and each of its hunks (by the combined hunk's index): where it came from. */
      origin: Map<string, CandidateHunkRef[]>;
    }
  | { ok: false; error: string };

/** The taken hunks as one change set (every hunk meant to be accepted), or why they cannot go together. */
export function combineHunks(id: string, title: string, sets: readonly CandidateChangeSet[], taken: readonly CandidateHunkRef[]): CombineResult {
  const located: Located[] = [];
  for (const [i, t] of taken.entries()) {
    const why = hunkOverlap(sets, taken.slice(0, i), t);
    if (why) return { ok: false, error: why };
    const l = locate(sets, t) as Located;
    if (located.some((x) => x.ref.candidateId === t.candidateId && x.ref.path === t.path && x.ref.hunkIndex === t.hunkIndex)) {
      return { ok: false, error: `${describeHunk(l)} is taken twice.` };
    }
    located.push(l);
  }
  const byPath = new Map<string, Located[]>();
  for (const l of located) byPath.set(l.ref.path, [...(byPath.get(l.ref.path) ?? []), l]);
  const files: FileChange[] = [];
  const origin = new Map<string, CandidateHunkRef[]>();
  for (const [path, ls] of byPath) {
    const first = ls[0]!;
    if (first.file.action !== 'update' || first.file.hunks.length === 0) {
      // One candidate's add, delete or rename (the overlap check kept any other candidate out of this path).
      const hunks = first.file.hunks.filter((h) => ls.some((l) => l.ref.hunkIndex === h.index));
      files.push({ ...first.file, hunks });
      origin.set(path, (hunks.length ? hunks : [{ index: 0 }]).map((h) => ({ candidateId: first.ref.candidateId, path, hunkIndex: h.index })));
      continue;
    }
    const sorted = [...ls].sort((a, b) => a.hunk!.baseStart - b.hunk!.baseStart || a.hunk!.oldLines.length - b.hunk!.oldLines.length);
    const hunks = sorted.map((l, i) => ({ ...l.hunk!, index: i }));
    // A final-newline change goes with its candidate's last hunk (changeSetFromTexts puts it at the file's end).
    const ender = sorted.find((l) => l.file.finalNewline !== undefined && l.hunk === l.file.hunks.at(-1));
    const { finalNewline: _f, ...rest } = first.file;
    files.push({ ...rest, hunks, ...(ender ? { finalNewline: ender.file.finalNewline } : {}) });
    origin.set(path, sorted.map((l) => l.ref));
  }
  return { ok: true, changeSet: { id, title, files }, origin };
}

/** Files, lines added and lines removed by a change set (the side-by-side summary of a candidate). */
export function changeSetSize(cs: ChangeSet): { files: number; linesAdded: number; linesRemoved: number } {
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const f of cs.files) for (const h of f.hunks) {
    linesAdded += h.newLines.length;
    linesRemoved += h.oldLines.length;
  }
  return { files: cs.files.length, linesAdded, linesRemoved };
}
