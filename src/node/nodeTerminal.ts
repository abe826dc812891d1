/**
 * The CLI host's Terminal port: child_process in the workspace, with a timeout, an output cap and
 * cancel; each command goes through the OS sandbox when there is one (sandbox/shellSandbox.ts).
 */
import { spawn } from 'node:child_process';
import { OutputCap } from '../core/outputCap';
import type { CommandRequest, CommandResult, SandboxStatus, Terminal } from '../core/ports';
import { SANDBOX_DEFAULTS, type SandboxSettings } from '../core/settings/sandboxSettings';
import type { NodeWorkspace } from './nodeWorkspace';
import { childEnv } from './childEnv';
import { ShellSandbox, type SpawnSpec } from './sandbox/shellSandbox';

const COMMAND_ENV = { CI: '1', FORCE_COLOR: '0' };

export class NodeTerminal implements Terminal {
  readonly sandboxer: ShellSandbox;
  /** What commands get: the parent's environment without Forge's key variables (see childEnv). */
  private readonly env: NodeJS.ProcessEnv;

  /** `sandbox`: the settings, or a ShellSandbox the host built (e.g. shared with the VS Code terminal). */
  constructor(private readonly workspace: NodeWorkspace, env: NodeJS.ProcessEnv = process.env, sandbox: SandboxSettings | ShellSandbox = SANDBOX_DEFAULTS) {
    this.env = childEnv(env);
    this.sandboxer = sandbox instanceof ShellSandbox ? sandbox : new ShellSandbox(sandbox, { roots: [workspace.root], env: this.env });
  }

  sandbox(): SandboxStatus {
    return this.sandboxer.status();
  }

  run(req: CommandRequest): Promise<CommandResult> {
    const started = Date.now();
    const win = process.platform === 'win32';
    const cwd = this.workspace.abs(req.cwd);
    let spec: SpawnSpec;
    try {
      spec = win
        ? { file: 'cmd.exe', args: ['/d', '/s', '/c', req.command], env: { ...this.env, ...COMMAND_ENV } as Record<string, string> }
        : this.sandboxer.spawnSpec(req.command, cwd, COMMAND_ENV, req.outsideSandbox);
    } catch (e) {
      return Promise.resolve({ exitCode: 126, output: (e as Error).message, timedOut: false, cancelled: false, truncated: false, durationMs: 0 });
    }
    return new Promise((resolve) => {
      const child = spawn(spec.file, spec.args, { cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: !win });
      const cap = new OutputCap(req.maxOutputChars);
      const take = (b: Buffer) => cap.push(b.toString('utf8'));
      child.stdout!.on('data', take);
      child.stderr!.on('data', take);
      let timedOut = false;
      let cancelled = false;
      const kill = () => {
        try {
          if (!win && child.pid) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, req.timeoutMs);
      const onAbort = () => {
        cancelled = true;
        kill();
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      if (req.signal?.aborted) onAbort();
      const done = (code: number | null) => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        const { output, truncated } = cap.result();
        resolve({ exitCode: timedOut || cancelled ? null : code, output, timedOut, cancelled, truncated, durationMs: Date.now() - started, ...(spec.sandboxed ? { sandboxed: spec.sandboxed } : {}) });
      };
      child.on('error', (e) => {
        take(Buffer.from(`failed to start: ${e.message}`));
        done(127);
      });
      child.on('close', (code) => done(code));
    });
  }
}
