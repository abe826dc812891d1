/**
 * Write a located change set to disk all-or-nothing, one writer at a time: the lock of every target
 * is taken (fileLock), then each file is checked to be still what the change set was located
 * against (its content hash) and only then written; the locks are released at the end. Every new
 * content goes to a temporary sibling first and is renamed over the target, so a process killed at
 * any moment leaves each file with its old bytes or its new ones, never a missing or partial file.
 * The original is kept as a hard link (a copy where links are not possible) until the end; on any
 * failure every step is undone (originals come back byte for byte, with their modes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeSet } from '../core/edits/changeSet/changeSet';
import { hashText, renderFile } from '../core/edits/changeSet/textDoc';
import { acquireLocksSync, type LockOptions } from './fileLock';

export interface WriteTarget {
  /** Workspace-relative path -> absolute path (already checked to be inside the root). */
  abs(rel: string): string;
  /** Test hook: called before each commit step (a throw simulates a failing disk). */
  beforeCommitStep?(step: number): void;
  /** How long to wait for another writer of the same files (see fileLock). */
  lock?: LockOptions;
}

type Op = { kind: 'write'; abs: string; content: string } | { kind: 'remove'; abs: string };

export type WriteResult = { ok: true; written: string[] } | { ok: false; error: string };

let seq = 0;
function sibling(abs: string, tag: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.forge-${tag}-${process.pid}-${Date.now().toString(36)}-${seq++}`);
}

export function writeChangeSet(cs: ChangeSet, bases: ReadonlyMap<string, string | null>, target: WriteTarget): WriteResult {
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
  const ops: Op[] = [];
  const written: string[] = [];
  for (const f of cs.files) {
    const base = bases.get(f.path) ?? null;
    const abs = target.abs(f.path);
    // The file must still be what the change set was located against (checked under the lock).
    const now = readOrNull(abs);
    if (f.action === 'add' ? now !== null || fs.existsSync(abs) : now === null || hashText(now) !== f.baseHash) {
      return { ok: false, error: `${f.path} changed on disk while the edit was being applied; nothing was written.` };
    }
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

  removeLeftovers(ops.map((op) => op.abs));
  const createdDirs: string[] = [];
  const temps = new Map<Op, string>();
  const undo: Array<() => void> = [];
  const backups: string[] = [];
  try {
    for (const op of ops) {
      if (op.kind !== 'write') continue;
      mkdirp(path.dirname(op.abs), createdDirs);
      const tmp = sibling(op.abs, 'new');
      const mode = modeOf(op.abs);
      writeDurably(tmp, op.content, mode);
      temps.set(op, tmp);
    }
    for (const [step, op] of ops.entries()) {
      target.beforeCommitStep?.(step);
      const exists = fs.existsSync(op.abs);
      if (op.kind === 'remove') {
        if (!exists) continue;
        const backup = sibling(op.abs, 'old');
        fs.renameSync(op.abs, backup);
        backups.push(backup);
        undo.push(() => fs.renameSync(backup, op.abs));
        continue;
      }
      const tmp = temps.get(op)!;
      if (exists) {
        // Keep the original under a second name, then replace it in one rename: the target always
        // holds the old bytes or the new ones.
        const backup = sibling(op.abs, 'old');
        keepCopy(op.abs, backup);
        backups.push(backup);
        fs.renameSync(tmp, op.abs);
        temps.delete(op);
        undo.push(() => fs.renameSync(backup, op.abs));
      } else {
        // Create without ever replacing a file that appeared meanwhile (a link fails if it exists).
        createFrom(tmp, op.abs);
        temps.delete(op);
        undo.push(() => fs.rmSync(op.abs, { force: true }));
      }
    }
  } catch (err) {
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        /* keep undoing the rest */
      }
    }
    for (const t of temps.values()) fs.rmSync(t, { force: true });
    for (const d of createdDirs.reverse()) {
      try {
        fs.rmdirSync(d);
      } catch {
        /* not empty or gone */
      }
    }
    return { ok: false, error: `writing failed (${err instanceof Error ? err.message : String(err)}); every file was restored and nothing was changed.` };
  }
  for (const b of backups) fs.rmSync(b, { force: true });
  return { ok: true, written };
}

/**
 * New-content temporaries of these files left by a writer that was killed: with the files' locks
 * held no other writer can be using them. (Kept originals, "-old-", are left alone: with an older
 * Forge they could be the only copy.)
 */
function removeLeftovers(targets: readonly string[]): void {
  const listed = new Map<string, string[]>();
  for (const abs of targets) {
    const dir = path.dirname(abs);
    let names = listed.get(dir);
    if (!names) {
      try {
        names = fs.readdirSync(dir);
      } catch {
        names = [];
      }
      listed.set(dir, names);
    }
    const prefix = `.${path.basename(abs)}.forge-new-`;
    for (const n of names) if (n.startsWith(prefix)) fs.rmSync(path.join(dir, n), { force: true });
  }
}

/** The content written and flushed to disk before it is renamed into place. */
function writeDurably(file: string, content: string, mode: number | undefined): void {
  const fd = fs.openSync(file, 'wx', mode ?? 0o666);
  try {
    fs.writeFileSync(fd, content, 'utf8');
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function keepCopy(abs: string, backup: string): void {
  try {
    fs.linkSync(abs, backup);
  } catch {
    fs.copyFileSync(abs, backup, fs.constants.COPYFILE_EXCL);
  }
}

function createFrom(tmp: string, abs: string): void {
  try {
    fs.linkSync(tmp, abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Error(`${abs} appeared while the edit was being written`);
    // No hard links on this file system: the lock still keeps other Forge writers out.
    if (fs.existsSync(abs)) throw new Error(`${abs} appeared while the edit was being written`);
    fs.renameSync(tmp, abs);
    return;
  }
  fs.rmSync(tmp, { force: true });
}

function readOrNull(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}

function modeOf(abs: string): number | undefined {
  try {
    return fs.statSync(abs).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function mkdirp(dir: string, created: string[]): void {
  if (fs.existsSync(dir)) return;
  mkdirp(path.dirname(dir), created);
  fs.mkdirSync(dir);
  created.push(dir);
}
