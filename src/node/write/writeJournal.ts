/**
 * The journal of a multi-file write (writeChangeSet): once every new content sits flushed in a
 * temporary sibling, a journal naming each step (target, temporary, kept original, old and new
 * content hashes) is written to `<root>/.forge/journal/` and flushed; then the targets are renamed
 * into place one by one; the journal is removed when all are done. A process killed in between
 * leaves the journal behind, and the next start reports, file by file, whether each holds its old
 * or its new bytes, and can finish the write (every file new) or roll it back (every file old).
 * `forge apply --recover [finish|rollback]` is the CLI's way to do either (docs/reliability.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashText } from '../../core/edits/changeSet/textDoc';
import { acquireLocksSync } from './fileLock';
import { processAlive } from '../processAlive';

/** The node:fs calls the writer and the journal make (tests pass one that fails, e.g. ENOSPC at the Nth write). */
export type WriterFs = Pick<typeof fs,
  'openSync' | 'writeFileSync' | 'fchmodSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'linkSync' | 'copyFileSync' | 'rmSync' | 'mkdirSync' | 'rmdirSync'>;

export interface JournalStep {
  kind: 'write' | 'remove';
  /** The target (absolute). */
  abs: string;
  /** write: the flushed new content, renamed over the target. */
  tmp?: string;
  /** The original kept under a second name while the write runs (absent: the target did not exist). */
  backup?: string;
  /** sha256 of the target's text before (null: absent) and after (null: removed). */
  oldHash: string | null;
  newHash: string | null;
}

export interface Journal {
  version: 1;
  pid: number;
  startedAt: string;
  steps: JournalStep[];
  /** Where it is stored (set when read back). */
  file?: string;
}

export type FileState = 'old' | 'new' | 'changed';

/** The journal folder of a workspace root. */
export function journalDirOf(root: string): string {
  return path.join(root, '.forge', 'journal');
}

/** Writes the journal durably (a temporary renamed into place) and returns its path. */
export function recordJournal(dir: string, steps: JournalStep[], io: WriterFs = fs): string {
  io.mkdirSync(dir, { recursive: true });
  const name = `write-${process.pid}-${Date.now().toString(36)}.json`;
  const file = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.tmp`);
  const journal: Journal = { version: 1, pid: process.pid, startedAt: new Date().toISOString(), steps };
  try {
    const fd = io.openSync(tmp, 'wx', 0o644);
    try {
      io.writeFileSync(fd, JSON.stringify(journal, null, 1), 'utf8');
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
    io.renameSync(tmp, file);
  } catch (err) {
    // No journal, no renames yet: leave nothing behind (with the real fs: the given one just failed).
    dropJournal(tmp, fs);
    throw err;
  }
  syncDir(dir);
  return file;
}

/** Removes a finished journal (and the journal folders, when empty). */
export function dropJournal(file: string, io: WriterFs = fs): void {
  io.rmSync(file, { force: true });
  for (const d of [path.dirname(file), path.dirname(path.dirname(file))]) {
    try {
      io.rmdirSync(d);
    } catch {
      break; // not empty: something else of Forge's lives there
    }
  }
}

/** Journals in `dir` (journalDirOf(root)) left by writers that are no longer running (an interrupted write each). */
export function leftoverJournals(dir: string): Journal[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^write-.*\.json$/.test(n)).sort();
  } catch {
    return [];
  }
  const out: Journal[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
      if (j.version !== 1 || !Array.isArray(j.steps)) continue;
      if (j.pid !== process.pid && processAlive(j.pid)) continue; // still being written by a live process
      out.push({ ...j, file });
    } catch {
      /* a journal half written before its rename is never under this name */
    }
  }
  return out;
}

/** Whether each target holds its old bytes, its new bytes, or neither (changed by someone since). */
export function journalState(j: Journal): Array<{ abs: string; state: FileState }> {
  return j.steps.map((s) => {
    const now = hashOrNull(s.abs);
    // A step that changes nothing counts as done.
    const state: FileState = now === s.newHash ? 'new' : now === s.oldHash ? 'old' : 'changed';
    return { abs: s.abs, state };
  });
}

/** One line per file for the user: "a.txt: new bytes", relative to root. */
export function describeJournal(j: Journal, root: string): string {
  const label: Record<FileState, string> = { old: 'still its old bytes', new: 'already its new bytes', changed: 'changed by someone since (left alone)' };
  return journalState(j).map((s) => `  ${path.relative(root, s.abs)}: ${label[s.state]}`).join('\n');
}

/** Completes an interrupted write (every file its new bytes) or rolls it back (every file its old bytes). */
export function recoverJournal(j: Journal, how: 'finish' | 'rollback'): { ok: true } | { ok: false; error: string } {
  const states = journalState(j);
  const changed = states.filter((s) => s.state === 'changed');
  if (changed.length) return { ok: false, error: `${changed.map((c) => c.abs).join(', ')} changed since the interrupted write; nothing was done (fix or remove ${j.file} by hand).` };
  const lock = acquireLocksSync(j.steps.map((s) => s.abs));
  if (!lock.ok) return { ok: false, error: lock.error };
  try {
    j.steps.forEach((s, i) => (how === 'finish' ? finishStep(s, states[i].state) : rollBackStep(s, states[i].state)));
    for (const s of j.steps) {
      if (s.tmp) fs.rmSync(s.tmp, { force: true });
      if (s.backup) fs.rmSync(s.backup, { force: true });
    }
    if (j.file) dropJournal(j.file);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `recovery stopped (${(err as Error).message}); the journal ${j.file} is kept, try again.` };
  } finally {
    lock.release();
  }
}

function finishStep(s: JournalStep, state: FileState): void {
  if (state === 'new') return;
  if (s.kind === 'remove') {
    fs.rmSync(s.abs, { force: true });
    return;
  }
  if (!s.tmp || !fs.existsSync(s.tmp)) throw new Error(`the new content of ${s.abs} is missing; roll back instead`);
  fs.mkdirSync(path.dirname(s.abs), { recursive: true });
  fs.renameSync(s.tmp, s.abs);
}

function rollBackStep(s: JournalStep, state: FileState): void {
  if (state === 'old') return;
  if (s.oldHash === null) {
    fs.rmSync(s.abs, { force: true });
    return;
  }
  if (!s.backup || !fs.existsSync(s.backup)) throw new Error(`the old content of ${s.abs} is missing; finish instead`);
  fs.renameSync(s.backup, s.abs);
}

function hashOrNull(abs: string): string | null {
  try {
    return hashText(fs.readFileSync(abs, 'utf8'));
  } catch {
    return null;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported on this platform: the rename is still atomic */
  }
}
