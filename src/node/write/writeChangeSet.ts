/**
 * Write a located change set to disk all-or-nothing, one writer at a time: the lock of every target
 * is taken (fileLock), then each file is checked to be still what the change set was located
 * against (its content hash) and only then written; the locks are released at the end. Every new
 * content goes to a temporary sibling first and is renamed over the target, so a process killed at
 * any moment leaves each file with its old bytes or its new ones, never a missing or partial file
 * (commitWrites); with `journalDir` a multi-file set killed half way can be finished or rolled back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import { hashText, renderFile } from '../../core/edits/changeSet/textDoc';
import { commitWrites, INTERRUPTED, interrupted, isReadOnly, readOrNull, type CommitOptions, type WriteOp } from './commitWrites';
import { acquireLocksSync, type LockOptions } from './fileLock';

export interface WriteTarget extends CommitOptions {
  /** Workspace-relative path -> absolute path (already checked to be inside the root). */
  abs(rel: string): string;
  /** How long to wait for another writer of the same files (see fileLock). */
  lock?: LockOptions;
}

export type WriteResult = { ok: true; written: string[] } | { ok: false; error: string };

export function writeChangeSet(cs: ChangeSet, bases: ReadonlyMap<string, string | null>, target: WriteTarget): WriteResult {
  if (interrupted(target.journalDir)) return { ok: false, error: INTERRUPTED };
  const paths = cs.files.flatMap((f) => (f.newPath ? [target.abs(f.path), target.abs(f.newPath)] : [target.abs(f.path)]));
  const lock = acquireLocksSync(paths, target.lock);
  if (!lock.ok) return { ok: false, error: `${lock.error}; nothing was written.` };
  try {
    return writeLocked(cs, bases, target);
  } finally {
    lock.release();
  }
}

function writeLocked(cs: ChangeSet, bases: ReadonlyMap<string, string | null>, target: WriteTarget): WriteResult {
  const ops: WriteOp[] = [];
  const written: string[] = [];
  for (const f of cs.files) {
    const base = bases.get(f.path) ?? null;
    const abs = target.abs(f.path);
    // The file must still be what the change set was located against (checked under the lock).
    const now = readOrNull(abs);
    if (f.action === 'add' ? now !== null || fs.existsSync(abs) : now === null || hashText(now) !== f.baseHash) {
      return { ok: false, error: `${f.path} changed on disk while the edit was being applied; nothing was written.` };
    }
    // A file made read-only (no write permission for anyone) is left alone, as editors do.
    if (f.action !== 'add' && isReadOnly(abs)) return { ok: false, error: `${f.path} is read-only; nothing was written.` };
    if (f.action === 'delete') {
      ops.push({ kind: 'remove', abs });
    } else if (f.action === 'rename' && f.newPath) {
      const dest = target.abs(f.newPath);
      if (readOrNull(dest) !== null || fs.existsSync(dest)) return { ok: false, error: `${f.newPath} already exists; nothing was written.` };
      ops.push({ kind: 'write', abs: dest, content: renderFile(base, f) ?? '' }, { kind: 'remove', abs });
    } else {
      ops.push({ kind: 'write', abs, content: renderFile(base, f) ?? '' });
    }
    written.push(f.newPath ?? f.path);
  }

  const r = commitWrites(ops, target);
  return r.ok ? { ok: true, written } : r;
}

