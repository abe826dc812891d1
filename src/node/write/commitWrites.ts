/**
 * The commit of a multi-file write, shared by the change set writer (writeChangeSet) and the end
 * review's restore (replaceTexts); the caller holds the files' locks and has checked them. Every
 * new content goes to a flushed temporary sibling first and is renamed over its target, so a
 * process killed at any moment leaves each file with its old bytes or its new ones. The original
 * is kept as a hard link (a copy where links are not possible) until the end; on any failure every
 * step is undone (originals come back byte for byte, with their modes).
 *
 * With `journalDir`, the steps are recorded in a journal (writeJournal) after the temporaries are
 * flushed and before the first rename, and removed at the end: a process killed between two
 * renames leaves some files new and some old, and the journal lets the next start say which and
 * finish or roll back the set. A leftover journal there makes every later write refuse until then.
 *
 * Test hook (never set it otherwise): FORGE_TEST_KILL_AFTER_RENAME=N makes the process SIGKILL
 * itself right after the Nth commit step (rename or removal) of a write, as `kill -9` would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashText } from '../../core/edits/changeSet/textDoc';
import { dropJournal, leftoverJournals, recordJournal, type JournalStep, type WriterFs } from './writeJournal';

export type WriteOp = { kind: 'write'; abs: string; content: string } | { kind: 'remove'; abs: string };

export interface CommitOptions {
  /** Record a journal of the commit here (journalDirOf(root)); without it a kill can leave a set half written. */
  journalDir?: string;
  /** The file system calls to use (tests: one that fails like a full disk). Default: node:fs. */
  fs?: WriterFs;
  /** Test hook: called before each commit step (a throw simulates a failing disk). */
  beforeCommitStep?(step: number): void;
}

export const INTERRUPTED = 'an earlier write of a change set was interrupted; finish or roll it back first (forge apply --recover); nothing was written.';

/** Whether an interrupted write waits in `journalDir` (then nothing else may be written there). */
export function interrupted(journalDir: string | undefined): boolean {
  return !!journalDir && leftoverJournals(journalDir).length > 0;
}

let seq = 0;
function sibling(abs: string, tag: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.forge-${tag}-${process.pid}-${Date.now().toString(36)}-${seq++}`);
}

/** Writes and removes the files of `ops` all or nothing (see above). */
export function commitWrites(ops: WriteOp[], o: CommitOptions): { ok: true } | { ok: false; error: string } {
  if (interrupted(o.journalDir)) return { ok: false, error: INTERRUPTED };
  const io = o.fs ?? fs;
  removeLeftovers(ops.map((op) => op.abs));
  const createdDirs: string[] = [];
  const temps = new Map<WriteOp, string>();
  const undo: Array<() => void> = [];
  const backups: string[] = [];
  let journal: string | undefined;
  const killAfter = Number(process.env.FORGE_TEST_KILL_AFTER_RENAME) || 0;
  try {
    for (const op of ops) {
      if (op.kind !== 'write') continue;
      mkdirp(path.dirname(op.abs), createdDirs, io);
      const tmp = sibling(op.abs, 'new');
      const mode = modeOf(op.abs);
      temps.set(op, tmp); // before the write: a failing write leaves a partial temporary to remove
      writeDurably(tmp, op.content, mode, io);
    }
    const backupOf = new Map<WriteOp, string>(ops.filter((op) => fs.existsSync(op.abs)).map((op) => [op, sibling(op.abs, 'old')]));
    if (o.journalDir) {
      const steps: JournalStep[] = ops.map((op) => {
        const old = readOrNull(op.abs);
        return { kind: op.kind, abs: op.abs, tmp: temps.get(op), backup: backupOf.get(op), oldHash: old === null ? null : hashText(old), newHash: op.kind === 'write' ? hashText(op.content) : null };
      });
      journal = recordJournal(o.journalDir, steps, io);
    }
    for (const [step, op] of ops.entries()) {
      o.beforeCommitStep?.(step);
      if (step > 0 && step === killAfter) process.kill(process.pid, 'SIGKILL');
      const backup = backupOf.get(op);
      if (op.kind === 'remove') {
        if (!backup) continue;
        io.renameSync(op.abs, backup);
        backups.push(backup);
        undo.push(() => io.renameSync(backup, op.abs));
        continue;
      }
      const tmp = temps.get(op)!;
      if (backup) {
        // Keep the original under a second name, then replace it in one rename: the target always
        // holds the old bytes or the new ones.
        keepCopy(op.abs, backup, io);
        backups.push(backup);
        // (Renaming a hard link onto the file it links to leaves both names: remove the copy too.)
        undo.push(() => {
          io.renameSync(backup, op.abs);
          io.rmSync(backup, { force: true });
        });
        io.renameSync(tmp, op.abs);
        temps.delete(op);
      } else {
        // Create without ever replacing a file that appeared meanwhile (a link fails if it exists).
        createFrom(tmp, op.abs, io);
        temps.delete(op);
        undo.push(() => io.rmSync(op.abs, { force: true }));
      }
    }
  } catch (err) {
    let undone = true;
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        undone = false; // keep undoing the rest; the journal stays to finish the job
      }
    }
    for (const t of temps.values()) rmQuietly(t);
    if (journal && undone) rmQuietly(journal, true);
    for (const d of createdDirs.reverse()) {
      try {
        fs.rmdirSync(d);
      } catch {
        /* not empty or gone */
      }
    }
    return { ok: false, error: `writing failed (${err instanceof Error ? err.message : String(err)}); every file was restored and nothing was changed.` };
  }
  // The journal goes first: a kill after it leaves only hidden "-old-" copies, never a half state.
  if (journal) dropJournal(journal, io);
  for (const b of backups) io.rmSync(b, { force: true });
  return { ok: true };
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
function writeDurably(file: string, content: string, mode: number | undefined, io: WriterFs): void {
  const fd = io.openSync(file, 'wx', mode ?? 0o666);
  try {
    io.writeFileSync(fd, content, 'utf8');
    if (mode !== undefined) io.fchmodSync(fd, mode);
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}

/** Clean-up after a failure (with the real fs: the failing one may be what failed). */
function rmQuietly(file: string, dropDirs = false): void {
  try {
    if (dropDirs) dropJournal(file);
    else fs.rmSync(file, { force: true });
  } catch {
    /* nothing more to do */
  }
}

function keepCopy(abs: string, backup: string, io: WriterFs): void {
  try {
    io.linkSync(abs, backup);
  } catch {
    io.copyFileSync(abs, backup, fs.constants.COPYFILE_EXCL);
  }
}

function createFrom(tmp: string, abs: string, io: WriterFs): void {
  try {
    io.linkSync(tmp, abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Error(`${abs} appeared while the edit was being written`);
    // No hard links on this file system: the lock still keeps other Forge writers out.
    if (fs.existsSync(abs)) throw new Error(`${abs} appeared while the edit was being written`);
    io.renameSync(tmp, abs);
    return;
  }
  io.rmSync(tmp, { force: true });
}

export function readOrNull(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}

export function isReadOnly(abs: string): boolean {
  const mode = modeOf(abs);
  return mode !== undefined && (mode & 0o222) === 0;
}

function modeOf(abs: string): number | undefined {
  try {
    return fs.statSync(abs).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function mkdirp(dir: string, created: string[], io: WriterFs): void {
  if (fs.existsSync(dir)) return;
  mkdirp(path.dirname(dir), created, io);
  io.mkdirSync(dir);
  created.push(dir);
}
