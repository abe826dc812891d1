/**
 * Puts whole file texts back (the end review's "reject": the text from before the task) under the
 * same per-file locks as the change set writer: each file is checked to hold the expected text
 * while no other Forge writer can change it, then replaced by a temporary file renamed into place
 * (or deleted). A file that changed refuses the whole batch before anything is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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

let seq = 0;

export function replaceTexts(plan: readonly TextReplacement[], read: (abs: string, rel: string) => { text: string | null } | { error: string }, lock?: LockOptions): { ok: true } | { ok: false; error: string } {
  const held = acquireLocksSync(plan.map((p) => p.abs), lock);
  if (!held.ok) return { ok: false, error: held.error };
  try {
    for (const p of plan) {
      const now = read(p.abs, p.path);
      if ('error' in now) return { ok: false, error: now.error };
      if (now.text !== p.expected) return { ok: false, error: `${p.path} changed after the agent wrote it; Forge leaves it as it is.` };
    }
    for (const p of plan) {
      if (p.next === null) {
        fs.rmSync(p.abs, { force: true });
        continue;
      }
      fs.mkdirSync(path.dirname(p.abs), { recursive: true });
      const tmp = path.join(path.dirname(p.abs), `.${path.basename(p.abs)}.forge-new-${process.pid}-${seq++}`);
      let mode: number | undefined;
      try {
        mode = fs.statSync(p.abs).mode & 0o7777;
      } catch {
        mode = undefined;
      }
      fs.writeFileSync(tmp, p.next, { encoding: 'utf8', flag: 'wx', mode: mode ?? 0o666 });
      if (mode !== undefined) fs.chmodSync(tmp, mode);
      fs.renameSync(tmp, p.abs);
    }
    return { ok: true };
  } finally {
    held.release();
  }
}
