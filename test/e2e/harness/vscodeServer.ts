import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from './codeServerInstall';
import { repoRoot } from './paths';
import { killGroup, removeAtExit, spawnGroup } from './processes';

export interface StartOptions {
  /** Folder to open. */
  workspace: string;
  /** The VSIX to install; omitted: no extension is installed. */
  vsix?: string;
  /** Extra user settings (merged over the quiet defaults). */
  settings?: Record<string, unknown>;
  /** Shorthand for settings["workbench.colorTheme"]. */
  theme?: string;
  /** Keep the run folder after stop() (it holds user data and the log). */
  keepRunDir?: boolean;
  /** Milliseconds to wait for /healthz. */
  startTimeoutMs?: number;
  /** Keep VS Code's workspace trust on (default off: --disable-workspace-trust), so the folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
}

export interface RunningVsCode {
  /** http://127.0.0.1:PORT/?folder=... (opens the workspace). */
  url: string;
  port: number;
  /** code-server's stdout + stderr. */
  logPath: string;
  /** Isolated folder with user-data, extensions, XDG folders and TMPDIR. */
  runDir: string;
  /** Seconds from spawn to a healthy /healthz. */
  startSeconds: number;
  /** Seconds spent installing code-server first (0 when the cached install was reused). */
  installSeconds: number;
  /** Kills code-server's whole process group; safe to call twice. */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'files.autoSave': 'off',
  'editor.accessibilitySupport': 'off',
};

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The settings Forge declares with scope machine or machine-overridable (package.json). */
function machineScopedKeys(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const sections: { properties?: Record<string, { scope?: string }> }[] = [pkg.contributes?.configuration ?? []].flat();
  return new Set(sections.flatMap((sec) => Object.entries(sec.properties ?? {}).filter(([, v]) => v.scope === 'machine' || v.scope === 'machine-overridable').map(([k]) => k)));
}

/** Starts an isolated code-server with the workspace open; resolves once /healthz answers. */
export async function startVsCode(opts: StartOptions): Promise<RunningVsCode> {
  const { entry, installSeconds } = ensureCodeServer();
  // A short path under the system temp folder: code-server puts unix sockets below it (108-byte limit).
  const runDir = mkdtempSync(join(tmpdir(), 'forge-vsc-'));
  if (!opts.keepRunDir) removeAtExit(runDir);
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    tmp: join(runDir, 'tmp'),
    runtime: join(runDir, 'xdg-runtime'),
    config: join(runDir, 'xdg-config'),
    data: join(runDir, 'xdg-data'),
    cache: join(runDir, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true, mode: 0o700 });
  const settings = { ...QUIET_SETTINGS, ...(opts.theme ? { 'workbench.colorTheme': opts.theme } : {}), ...opts.settings };
  // code-server is a remote window: VS Code ignores machine-scoped settings (forge.agent.commandAllowlist,
  // forge.mcpServers, forge.sandbox.*) in the local user settings once it knows their scope, and reads them
  // from the remote's settings (user-data/Machine/settings.json), where a user of a remote window sets them.
  const machine = machineScopedKeys();
  const split = (onMachine: boolean) => Object.fromEntries(Object.entries(settings).filter(([k]) => machine.has(k) === onMachine));
  for (const [folder, values] of [['User', split(false)], ['Machine', split(true)]] as const) {
    mkdirSync(join(dirs.userData, folder), { recursive: true });
    writeFileSync(join(dirs.userData, folder, 'settings.json'), JSON.stringify(values, null, 2) + '\n');
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: dirs.tmp,
    XDG_RUNTIME_DIR: dirs.runtime,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    // Forge's Claude Code companion writes its lock file here, not in the user's ~/.claude.
    CLAUDE_CONFIG_DIR: join(runDir, 'claude'),
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
  };
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, do not talk to that instance
  const base = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  if (opts.vsix) {
    const r = spawnSync(process.execPath, [entry, ...base, '--install-extension', opts.vsix, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} into code-server failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }

  const port = await freePort();
  const logPath = join(runDir, 'code-server.log');
  const logFd = openSync(logPath, 'a');
  const args = [
    entry, ...base,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    opts.workspace,
  ];
  const started = Date.now();
  const child = spawnGroup(process.execPath, args, { env, cwd: runDir, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const pid = child.pid!;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(pid);
    if (!opts.keepRunDir) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = started + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) {
      const log = readFileSync(logPath, 'utf8');
      await stop();
      throw new Error(`code-server exited with ${exited} before it was healthy:\n${log.slice(-4000)}`);
    }
    if (await healthy(port)) break;
    if (Date.now() > deadline) {
      const log = readFileSync(logPath, 'utf8');
      await stop();
      throw new Error(`code-server was not healthy on port ${port} after ${opts.startTimeoutMs ?? 60_000} ms:\n${log.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}`;
  return { url, port, logPath, runDir, startSeconds: (Date.now() - started) / 1000, installSeconds, stop };
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Copies a folder to a fresh scratch folder (so runs never modify a fixture). */
export function copyToScratch(src: string, prefix = 'forge-ws-'): string {
  const dst = mkdtempSync(join(tmpdir(), prefix));
  if (existsSync(src)) cpSync(src, dst, { recursive: true });
  return dst;
}
