/**
 * Puts whole file texts back (the end review's "reject": the text from before the task) under the
 * same per-file locks and with the same all-or-nothing commit as the change set writer: each file
 * is checked to hold the expected text while no other Forge writer can change it, then every file
 * is replaced through a flushed temporary renamed into place (or deleted), journaled when
 * `journalDir` is given. A file that changed refuses the whole batch before anything is written.
 */
import { commitWrites, INTERRUPTED, interrupted, type CommitOptions, type WriteOp } from './commitWrites';
import { acquireLocksSync, type LockOptions } from './fileLock';

export interface TextReplacement {
  /** Workspace-relative path, for messages. */
  path: string;
  abs: string;
  /** What the file must hold now (null: it must not exist). */
  expected: string | null;
  /** What it gets (null: deleted). */
  next: string | null;
}

export function replaceTexts(
  plan: readonly TextReplacement[],
  read: (abs: string, rel: string) => { text: string | null } | { error: string },
  lock?: LockOptions,
  commit: CommitOptions = {},
): { ok: true } | { ok: false; error: string } {
  if (interrupted(commit.journalDir)) return { ok: false, error: INTERRUPTED };
  const held = acquireLocksSync(plan.map((p) => p.abs), lock);
  if (!held.ok) return { ok: false, error: held.error };
  try {
    for (const p of plan) {
      const now = read(p.abs, p.path);
      if ('error' in now) return { ok: false, error: now.error };
      if (now.text !== p.expected) return { ok: false, error: `${p.path} changed after the agent wrote it; Forge leaves it as it is.` };
    }
    const ops: WriteOp[] = plan.map((p) => (p.next === null ? { kind: 'remove', abs: p.abs } : { kind: 'write', abs: p.abs, content: p.next }));
    return commitWrites(ops, commit);
  } finally {
    held.release();
  }
}
