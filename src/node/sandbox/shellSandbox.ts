/**
 * The sandbox both hosts run the agent's commands through (the CLI's NodeTerminal, VS Code's
 * Forge terminal, MCP stdio servers): the plan for this machine, the status the core asks by, and
 * a command line turned into the process to spawn (bwrap around it, or the plain shell).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { SandboxStatus } from '../../core/ports';
import { SANDBOX_DEFAULTS, type SandboxSettings } from '../../core/settings/sandboxSettings';
import { sandboxEnv, withoutSecrets } from './sandboxEnv';
import { sandboxPlan, type PlanOptions, type SandboxPlan } from './sandboxPlan';
import { wrapArgv, wrapCommand, type WrapOptions, type WrappedCommand } from './wrapCommand';

/**
 * Set in every sandboxed command: the user's ~/.npmrc is hidden (it may hold a registry token), so
 * its usual `update-notifier=false` is gone too, and npm would look for a newer npm on each run
 * (about 15 ms per npm command at a low load here, bench/sandbox.ts, and always in vain with the network off).
 */
const IN_SANDBOX_ENV = { npm_config_update_notifier: 'false' };

export interface ShellSandboxOptions extends PlanOptions {
  /** The folders a command may write: the workspace folders, or a task's own folder. */
  roots: string[];
  /** Variables whose values are API keys (a profile's apiKeyEnv), besides FORGE_API_KEY and OPENAI_API_KEY. */
  keyNames?: string[];
  /** Paths to hide besides the settings' (e.g. the protected files of the command policy). */
  hidden?: string[];
}

export interface SpawnSpec extends WrappedCommand {
  /** Set when it runs in the sandbox. */
  sandboxed?: { network: boolean };
}

export class ShellSandbox {
  readonly plan: SandboxPlan;
  private readonly env: NodeJS.ProcessEnv;

  readonly settings: SandboxSettings;

  /** FORGE_SANDBOX_REQUIRED=1 in the environment (set by an administrator) makes the mode "required" whatever the settings say. */
  constructor(settings: SandboxSettings = SANDBOX_DEFAULTS, private readonly o: ShellSandboxOptions) {
    this.env = o.env ?? process.env;
    this.settings = this.env.FORGE_SANDBOX_REQUIRED === '1' ? { ...settings, mode: 'required', allowUnsandboxedCommands: false } : settings;
    this.plan = sandboxPlan(this.settings, o);
  }

  status(): SandboxStatus {
    const s = this.settings;
    if (!this.plan.available) return { sandboxed: false, reason: this.plan.reason, required: s.mode === 'required', unsafe: s.allowUnsandboxedCommands };
    const net = s.network === 'on' ? 'the network on' : 'the network off';
    const extra = s.writablePaths.length ? ` and ${s.writablePaths.join(', ')}` : '';
    return { sandboxed: true, network: s.network === 'on', required: s.mode === 'required', allowOutside: s.allowOutside, summary: `only the workspace${extra} and a private /tmp are writable, ~/.ssh, ~/.aws and other secret locations are hidden, ${net}, API keys not in the environment (bubblewrap).` };
  }

  /**
   * How to spawn `line` in `cwd` (absolute). `extraEnv` is added to the safe environment (e.g.
   * CI=1); `outside` is what the user approved: 'network' or no sandbox at all. Without a sandbox
   * the line runs in /bin/sh with the host's environment minus the API keys.
   */
  spawnSpec(line: string, cwd: string, extraEnv: Record<string, string> = {}, outside?: 'network' | 'all'): SpawnSpec {
    if (!this.plan.available || outside === 'all') {
      if (this.settings.mode === 'required') throw new Error('forge.sandbox.mode is "required" and the sandbox is not available; the command was not run.');
      const env = { ...withoutSecrets(this.env, this.o.keyNames), ...extraEnv } as Record<string, string>;
      return { file: '/bin/sh', args: ['-c', line], env };
    }
    const network = this.settings.network === 'on' || outside === 'network';
    const env = sandboxEnv(this.env, { ...IN_SANDBOX_ENV, ...extraEnv }, this.o.keyNames);
    return { ...wrapCommand(line, cwd, this.wrapOptions(this.plan.bwrap, network, env)), sandboxed: { network } };
  }

  /**
   * How to start a long-running program (an MCP stdio server) in the sandbox, or undefined when
   * there is none. It gets the network (most servers need it), the settings' writable folders,
   * a private npm and XDG cache in /tmp (so `npx` works without writing the user's caches), and
   * `env` as configured (the user gave it to this server) on top of the safe environment.
   */
  spawnServer(argv: string[], cwd: string, env: Record<string, string>): SpawnSpec | undefined {
    if (!this.plan.available) return undefined;
    const safe = { ...sandboxEnv(this.env, { npm_config_cache: '/tmp/.npm', XDG_CACHE_HOME: '/tmp/.cache' }, this.o.keyNames), ...env };
    return { ...wrapArgv(argv, cwd, { ...this.wrapOptions(this.plan.bwrap, true, safe), readable: namedTempFolders(argv) }), sandboxed: { network: true } };
  }

  private wrapOptions(bwrap: string, network: boolean, env: Record<string, string>): WrapOptions {
    return {
      bwrap,
      writable: [...this.o.roots, ...this.settings.writablePaths],
      hidden: [...this.settings.hiddenPaths, ...(this.o.hidden ?? [])],
      home: this.env.HOME || os.homedir(),
      network,
      env,
    };
  }
}

/**
 * The sandbox's /tmp is private, so a server whose program or script lives under /tmp (a checkout in a temp
 * folder) would not find itself: the top folder under /tmp (or /var/tmp) of every path its command line names
 * (plain or file: URL) is shown read-only.
 */
function namedTempFolders(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const p = a.startsWith('file://') ? decodeURIComponent(a.slice('file://'.length)) : a;
    const m = /^(\/(?:var\/)?tmp\/[^/]+)/.exec(p);
    if (m && fs.existsSync(p)) out.push(m[1]!);
  }
  return out;
}
