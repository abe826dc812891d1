/**
 * Checkpoints: for every applied change set, the bytes each touched file had before Forge wrote
 * it and the bytes Forge wrote, and how the review ended; bounded history per workspace. Revert
 * and Reapply work from these (revertPlan.ts: a three-way merge with the current text).
 * Cost is proportional to the files touched, never to the repository. Pure: the host stores them.
 */

export interface CheckpointFile {
  path: string;
  /** Base64 of the bytes before the first write; null when the file did not exist. */
  before: string | null;
  /** Base64 of the bytes after the last write; null when Forge deleted the file. */
  after: string | null;
  /** Forge's hunks of this file (see revertPlan.forgeHunks) that are reverted now; -1: the whole file. */
  reverted?: number[];
}

/** How the review of a set ended: every hunk accepted, some, or none (nothing written). */
export type ReviewResult = 'applied' | 'partly applied' | 'rejected';

export interface Checkpoint {
  changeSetId: string;
  title: string;
  /** ms since epoch of the first and the last write. */
  createdAt: number;
  updatedAt: number;
  files: CheckpointFile[];
  /** Set when the review ended. */
  result?: ReviewResult;
  /** ms since epoch of the last revert or reapply. */
  revertedAt?: number;
  /** Folders created for the set's new files (removed again when they are empty after a revert). */
  createdDirs?: string[];
}

/** Change sets kept in a workspace's history (the oldest beyond this are dropped). */
export const HISTORY_LIMIT = 50;

export interface WrittenFile {
  path: string;
  before: Uint8Array | null;
  after: Uint8Array | null;
}

const b64 = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('base64'));
export const fromB64 = (s: string | null): Uint8Array | null => (s === null ? null : new Uint8Array(Buffer.from(s, 'base64')));

/** Adds one applied batch to a change set's checkpoint: the first "before" of a file wins, the last "after" wins. */
export function recordBatch(
  cp: Checkpoint | undefined,
  ids: { changeSetId: string; title: string },
  written: readonly WrittenFile[],
  now: number,
  createdDirs: readonly string[] = [],
): Checkpoint {
  const out: Checkpoint = cp
    ? { ...cp, files: cp.files.map((f) => ({ ...f })), updatedAt: now }
    : { changeSetId: ids.changeSetId, title: ids.title, createdAt: now, updatedAt: now, files: [] };
  for (const w of written) {
    const existing = out.files.find((f) => f.path === w.path);
    if (existing) {
      existing.after = b64(w.after);
      delete existing.reverted; // a new write starts the file's hunks afresh
    } else out.files.push({ path: w.path, before: b64(w.before), after: b64(w.after) });
  }
  if (createdDirs.length) out.createdDirs = [...new Set([...(out.createdDirs ?? []), ...createdDirs])];
  return out;
}

/** One line for a quick pick: "title · 3 files · 12:04". */
export function describeCheckpoint(cp: Checkpoint): string {
  const n = cp.files.length;
  return `${n} file${n === 1 ? '' : 's'}: ${cp.files.map((f) => f.path).join(', ')}`;
}
