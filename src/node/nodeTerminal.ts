/** The CLI host's Terminal port: child_process in the workspace, with a timeout, an output cap and cancel. */
import { spawn } from 'node:child_process';
import { OutputCap } from '../core/outputCap';
import type { CommandRequest, CommandResult, Terminal } from '../core/ports';
import type { NodeWorkspace } from './nodeWorkspace';
import { childEnv } from './childEnv';

export class NodeTerminal implements Terminal {
  /** `env` is given to commands without Forge's key variables (see childEnv). */
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly workspace: NodeWorkspace, env: NodeJS.ProcessEnv = process.env) {
    this.env = childEnv(env);
  }

  run(req: CommandRequest): Promise<CommandResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      const win = process.platform === 'win32';
      const child = spawn(win ? 'cmd.exe' : '/bin/sh', win ? ['/d', '/s', '/c', req.command] : ['-c', req.command], {
        cwd: this.workspace.abs(req.cwd), env: { ...this.env, CI: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: !win,
      });
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
        resolve({ exitCode: timedOut || cancelled ? null : code, output, timedOut, cancelled, truncated, durationMs: Date.now() - started });
      };
      child.on('error', (e) => {
        take(Buffer.from(`failed to start: ${e.message}`));
        done(127);
      });
      child.on('close', (code) => done(code));
    });
  }
}
