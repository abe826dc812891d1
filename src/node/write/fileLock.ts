/**
 * One writer at a time per file, across Forge processes and VS Code windows: a lock file next to the
 * target (`.name.forge-lock`, created with O_EXCL) is held while a writer checks that the file is
 * still what its edit was located against and renames the new content into place. A second writer
 * waits for the lock, then finds the file changed and refuses; it never overwrites.
 *
 * A lock whose owner died (same host, process gone) or that is older than `staleMs` is taken over.
 * A target in a folder that does not exist yet is locked in its nearest existing ancestor
 * (`.folder.forge-lock` for the first missing folder), so that two writers creating the same new
 * folder also meet at one lock.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive } from '../processAlive';

export interface LockOptions {
  /** How long to wait for another writer to finish (ms). */
  timeoutMs?: number;
  /** A lock file older than this is considered abandoned (ms). */
  staleMs?: number;
}

export type LockResult = { ok: true; release: () => void } | { ok: false; error: string };

const DEFAULT_TIMEOUT = 10_000;
const DEFAULT_STALE = 60_000;

/** The lock file that guards writes to `abs` right now. */
export function lockPathFor(abs: string): string {
  let child = abs;
  let dir = path.dirname(abs);
  while (!isDir(dir)) {
    const up = path.dirname(dir);
    if (up === dir) break;
    child = dir;
    dir = up;
  }
  return path.join(dir, `.${path.basename(child)}.forge-lock`);
}

/** Takes the locks of every path (in a fixed order, so two writers cannot deadlock), waiting synchronously. */
export function acquireLocksSync(absPaths: readonly string[], opts: LockOptions = {}): LockResult {
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT);
  for (let attempt = 0; ; attempt++) {
    const r = tryAll(absPaths, opts);
    if (r.ok || r.error || Date.now() >= deadline) return finish(r);
    sleepSync(backoff(attempt));
  }
}

/** The same, waiting without blocking the event loop (for the VS Code extension host). */
export async function acquireLocks(absPaths: readonly string[], opts: LockOptions = {}): Promise<LockResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT);
  for (let attempt = 0; ; attempt++) {
    const r = tryAll(absPaths, opts);
    if (r.ok || r.error || Date.now() >= deadline) return finish(r);
    await new Promise((res) => setTimeout(res, backoff(attempt)));
  }
}

type Attempt = { ok: true; release: () => void } | { ok: false; busy?: string; error?: string };

function finish(r: Attempt): LockResult {
  if (r.ok) return r;
  if (r.error) return { ok: false, error: r.error };
  return { ok: false, error: `another Forge process is writing ${r.busy} (lock file ${lockPathFor(r.busy!)}); try again when it has finished` };
}

function tryAll(absPaths: readonly string[], opts: LockOptions): Attempt {
  const wanted = [...new Set(absPaths.map(lockPathFor))].sort();
  const held: string[] = [];
  const release = (): void => {
    for (const l of held.reverse()) fs.rmSync(l, { force: true });
  };
  for (const lock of wanted) {
    const got = tryLock(lock, opts.staleMs ?? DEFAULT_STALE);
    if (got !== true) {
      release();
      if (got === 'busy') return { ok: false, busy: absPaths.find((p) => lockPathFor(p) === lock) ?? lock };
      return { ok: false, error: got.error };
    }
    held.push(lock);
  }
  // A folder created meanwhile moves a target's lock: take the locks again from the start.
  const now = [...new Set(absPaths.map(lockPathFor))].sort();
  if (now.join('\0') !== wanted.join('\0')) {
    release();
    return { ok: false, busy: absPaths[0] };
  }
  return { ok: true, release };
}

function tryLock(lock: string, staleMs: number): true | 'busy' | { error: string } {
  const owner = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() });
  try {
    fs.writeFileSync(lock, owner, { flag: 'wx' });
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') return { error: `cannot create the lock file ${lock} (${(err as Error).message})` };
  }
  if (abandoned(lock, staleMs)) {
    fs.rmSync(lock, { force: true });
    return tryLock(lock, Infinity);
  }
  return 'busy';
}

/** The lock's owner is gone: a process on this host that no longer runs, or a lock older than staleMs. */
function abandoned(lock: string, staleMs: number): boolean {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(lock, 'utf8');
    age = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
  if (age > staleMs) return true;
  try {
    const { pid, host } = JSON.parse(text) as { pid?: unknown; host?: unknown };
    if (host !== os.hostname() || typeof pid !== 'number') return false;
    return !processAlive(pid);
  } catch {
    // Being written this very moment, or garbage: garbage is abandoned once it is a second old.
    return age > 1_000;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function backoff(attempt: number): number {
  return Math.min(50, 2 + attempt * 3) + Math.random() * 5;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
