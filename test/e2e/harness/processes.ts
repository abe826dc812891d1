import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Every process group the harness started. They are killed when the test says so, and
 * in any case when this Node process exits (normally, by an uncaught error or by a signal),
 * so a failed or timed-out run never leaves a code-server or a chromium behind.
 */
const groups = new Set<number>();
/** Scratch folders removed at exit as well. */
const scratchDirs = new Set<string>();

/** Removes dir when this process exits (unless forget() was called for it). */
export function removeAtExit(dir: string): () => void {
  scratchDirs.add(dir);
  return () => scratchDirs.delete(dir);
}

/** Kills one process group (SIGTERM, then SIGKILL after graceMs). Resolves once it is gone. */
export async function killGroup(pid: number, graceMs = 3000): Promise<void> {
  groups.delete(pid);
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  signalGroup(pid, 'SIGKILL');
}

/** Starts a command as the leader of its own process group and remembers the group. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  // Kept until killed: when the leader exits, its children may still be alive.
  if (child.pid !== undefined) {
    groups.add(child.pid);
    startWatchdog(child.pid);
  }
  return child;
}

/**
 * Exit handlers do not run when this process is SIGKILLed (a CI timeout, say), and a group of
 * its own does not die with ours. So a tiny detached watchdog kills the group, and removes the
 * scratch folders known so far, once this process is gone; it ends by itself when the group ends.
 */
function startWatchdog(pgid: number): void {
  const script = `
    const [parent, group, ...dirs] = process.argv.slice(1);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    setInterval(() => {
      if (!alive(-group)) process.exit(0);
      if (alive(+parent)) return;
      try { process.kill(-group, 'SIGKILL'); } catch {}
      setTimeout(() => { for (const d of dirs) require('fs').rmSync(d, { recursive: true, force: true }); process.exit(0); }, 1000);
    }, 1000);`;
  const dog = spawn(process.execPath, ['-e', script, String(process.pid), String(pgid), ...scratchDirs], {
    detached: true,
    stdio: 'ignore',
  });
  dog.unref();
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killAllNow(): void {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
  groups.clear();
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
}

let installed = false;
/** Installs exit handlers once: process exit, and SIGINT/SIGTERM/SIGHUP (which then exit). */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAllNow();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}
installExitHandlers();
