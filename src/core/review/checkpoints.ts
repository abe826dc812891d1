/**
 * Checkpoints: for every applied change set, the bytes each touched file had before Forge wrote
 * it and the bytes Forge wrote. Reverting restores the "before" bytes exactly, and refuses for a
 * file whose current bytes are no longer what Forge wrote (someone changed it afterwards).
 * Cost is proportional to the files touched, never to the repository. Pure: the host stores them.
 */
import { createHash } from 'node:crypto';

export interface CheckpointFile {
  path: string;
  /** Base64 of the bytes before the first write; null when the file did not exist. */
  before: string | null;
  /** Base64 of the bytes after the last write; null when Forge deleted the file. */
  after: string | null;
}

export interface Checkpoint {
  changeSetId: string;
  title: string;
  /** ms since epoch of the first and the last write. */
  createdAt: number;
  updatedAt: number;
  files: CheckpointFile[];
}

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
): Checkpoint {
  const out: Checkpoint = cp
    ? { ...cp, files: cp.files.map((f) => ({ ...f })), updatedAt: now }
    : { changeSetId: ids.changeSetId, title: ids.title, createdAt: now, updatedAt: now, files: [] };
  for (const w of written) {
    const existing = out.files.find((f) => f.path === w.path);
    if (existing) existing.after = b64(w.after);
    else out.files.push({ path: w.path, before: b64(w.before), after: b64(w.after) });
  }
  return out;
}

export interface RevertPlan {
  /** Files to restore and the bytes to put back (null = delete). */
  restores: { path: string; bytes: Uint8Array | null; current: Uint8Array | null }[];
  /** Files changed since Forge wrote them: reverting them would lose someone's work. */
  conflicts: { path: string; reason: string; written: Uint8Array | null; current: Uint8Array | null }[];
}

function hash(b: Uint8Array | null): string {
  return b === null ? 'absent' : createHash('sha256').update(b).digest('hex');
}

/** What reverting `cp` needs, given the current bytes of its files (null = absent). */
export function planRevert(cp: Checkpoint, current: ReadonlyMap<string, Uint8Array | null>): RevertPlan {
  const plan: RevertPlan = { restores: [], conflicts: [] };
  for (const f of cp.files) {
    const now = current.get(f.path) ?? null;
    const written = fromB64(f.after);
    if (hash(now) !== hash(written)) {
      const reason =
        now === null ? `${f.path} was deleted after Forge wrote it` : written === null ? `${f.path} was created again after Forge deleted it` : `${f.path} changed after Forge wrote it`;
      plan.conflicts.push({ path: f.path, reason, written, current: now });
    } else if (hash(now) !== hash(fromB64(f.before))) {
      plan.restores.push({ path: f.path, bytes: fromB64(f.before), current: now });
    }
  }
  return plan;
}

/** One line for a quick pick: "title · 3 files · 12:04". */
export function describeCheckpoint(cp: Checkpoint): string {
  const n = cp.files.length;
  return `${n} file${n === 1 ? '' : 's'}: ${cp.files.map((f) => f.path).join(', ')}`;
}
