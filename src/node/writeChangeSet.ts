/**
 * Write a located change set to disk all-or-nothing: every new content goes to a temporary sibling
 * first; then originals are moved aside and the temporaries renamed into place; on any failure
 * every step is undone (originals come back byte for byte, with their modes) and nothing remains.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeSet } from '../core/edits/changeSet';
import { hashText, renderFile } from '../core/edits/textDoc';

export interface WriteTarget {
  /** Workspace-relative path -> absolute path (already checked to be inside the root). */
  abs(rel: string): string;
  /** Test hook: called before each commit step (a throw simulates a failing disk). */
  beforeCommitStep?(step: number): void;
}

type Op = { kind: 'write'; abs: string; content: string } | { kind: 'remove'; abs: string };

export type WriteResult = { ok: true; written: string[] } | { ok: false; error: string };

let seq = 0;
function sibling(abs: string, tag: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.forge-${tag}-${process.pid}-${Date.now().toString(36)}-${seq++}`);
}

export function writeChangeSet(cs: ChangeSet, bases: ReadonlyMap<string, string | null>, target: WriteTarget): WriteResult {
  const ops: Op[] = [];
  const written: string[] = [];
  for (const f of cs.files) {
    const base = bases.get(f.path) ?? null;
    const abs = target.abs(f.path);
    // The file must still be what the change set was located against.
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
      fs.writeFileSync(tmp, op.content, { encoding: 'utf8', flag: 'wx', mode: mode ?? 0o666 });
      if (mode !== undefined) fs.chmodSync(tmp, mode);
      temps.set(op, tmp);
    }
    for (const [step, op] of ops.entries()) {
      target.beforeCommitStep?.(step);
      const exists = fs.existsSync(op.abs);
      let backup: string | undefined;
      if (exists) {
        backup = sibling(op.abs, 'old');
        fs.renameSync(op.abs, backup);
        backups.push(backup);
        const b = backup;
        undo.push(() => fs.renameSync(b, op.abs));
      }
      if (op.kind === 'write') {
        fs.renameSync(temps.get(op)!, op.abs);
        temps.delete(op);
        if (!exists) undo.push(() => fs.rmSync(op.abs, { force: true }));
        else {
          // Restoring the backup (pushed above) puts the original back over the new file.
          undo.splice(undo.length - 1, 1, () => {
            fs.rmSync(op.abs, { force: true });
            fs.renameSync(backup!, op.abs);
          });
        }
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
