/**
 * Whether commands can run in an OS sandbox on this machine, and with what: bubblewrap (`bwrap`)
 * on Linux, found on PATH at run time and tried once (user namespaces can be disabled, e.g. in
 * some containers). macOS (Seatbelt) and Windows have no backend yet (docs/sandbox.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxSettings } from '../../core/settings/sandboxSettings';

export type SandboxPlan =
  | { available: true; backend: 'bubblewrap'; bwrap: string; reason: string }
  | { available: false; reason: string };

export interface PlanOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The bwrap to use (tests); default: the first on PATH. null: none. */
  bwrap?: string | null;
}

const probed = new Map<string, string | undefined>();

/** Where bwrap is on PATH, or undefined. */
export function findBwrap(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findOnPath('bwrap', env);
}

/** The executable `name` on PATH (a name with a slash is checked as it is), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = name.includes('/') ? [''] : (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const f = dir ? path.join(dir, name) : name;
    try {
      fs.accessSync(f, fs.constants.X_OK);
      if (fs.statSync(f).isFile()) return f; // a folder named like the program is not it
    } catch {
      /* not here */
    }
  }
  return undefined;
}

const PROBE_ARGS = ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-all', '--die-with-parent', '--', '/bin/sh', '-c', 'exit 0'];
const PROBE_TIMEOUT_MS = 10_000;
const probing = new Map<string, Promise<void>>();

/** undefined when bwrap can make a sandbox here, else why not (tried once per bwrap and process). */
function probe(bwrap: string): string | undefined {
  if (!probed.has(bwrap)) {
    const r = spawnSync(bwrap, PROBE_ARGS, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
    const why = r.error ? r.error.message : r.status === 0 ? undefined : (r.stderr || `exit ${r.status}`).trim().split('\n')[0];
    probed.set(bwrap, why);
  }
  return probed.get(bwrap);
}

/** The same trial as probe(), without blocking the caller's thread; its answer goes to the same cache. */
function probeAsync(bwrap: string): Promise<void> {
  if (probed.has(bwrap)) return Promise.resolve();
  let p = probing.get(bwrap);
  if (!p) {
    p = new Promise<void>((resolve) => {
      const settle = (why: string | undefined) => {
        clearTimeout(timer);
        // A synchronous probe that ran meanwhile (a command asked first) has the same answer: keep it.
        if (!probed.has(bwrap)) probed.set(bwrap, why);
        probing.delete(bwrap);
        resolve();
      };
      let stderr = '';
      const child = spawn(bwrap, PROBE_ARGS, { stdio: ['ignore', 'ignore', 'pipe'] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle(`spawn ${bwrap} ETIMEDOUT`);
      }, PROBE_TIMEOUT_MS);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => (stderr += d));
      child.on('error', (e) => settle(e.message));
      child.on('close', (code) => settle(code === 0 ? undefined : (stderr || `exit ${code}`).trim().split('\n')[0]));
    });
    probing.set(bwrap, p);
  }
  return p;
}

/**
 * Runs the bwrap trial that sandboxPlan() needs in the background (a child process, not spawnSync), so that
 * the next sandboxPlan() for these settings answers at once. VS Code calls it at activation: the 10-20 ms
 * trial then no longer blocks the extension host (issue 11). Resolves when the answer is known; never rejects.
 */
export function prepareSandboxPlan(settings: Pick<SandboxSettings, 'mode'>, o: PlanOptions = {}): Promise<void> {
  const required = (o.env ?? process.env).FORGE_SANDBOX_REQUIRED === '1';
  if (settings.mode === 'off' && !required) return Promise.resolve();
  if ((o.platform ?? process.platform) !== 'linux') return Promise.resolve();
  const bwrap = o.bwrap === undefined ? findBwrap(o.env) : o.bwrap ?? undefined;
  return bwrap ? probeAsync(bwrap) : Promise.resolve();
}

export function sandboxPlan(settings: Pick<SandboxSettings, 'mode'>, o: PlanOptions = {}): SandboxPlan {
  if (settings.mode === 'off') return { available: false, reason: 'forge.sandbox.mode is "off"' };
  const platform = o.platform ?? process.platform;
  if (platform === 'darwin') return { available: false, reason: 'Forge has no sandbox for macOS yet' };
  if (platform !== 'linux') return { available: false, reason: `Forge has no sandbox for ${platform === 'win32' ? 'Windows' : platform} yet` };
  const bwrap = o.bwrap === undefined ? findBwrap(o.env) : o.bwrap ?? undefined;
  if (!bwrap) return { available: false, reason: 'bubblewrap (bwrap) is not installed; on Debian or Ubuntu: sudo apt-get install bubblewrap' };
  const why = probe(bwrap);
  if (why) return { available: false, reason: `bubblewrap cannot create a sandbox here (${why})` };
  return { available: true, backend: 'bubblewrap', bwrap, reason: `bubblewrap at ${bwrap}` };
}
