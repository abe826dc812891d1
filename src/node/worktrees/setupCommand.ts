/**
 * The setup command of a task worktree (`npm ci`, `pip install -e .`): run once in the new worktree
 * before the task starts, through the command sandbox when the machine has one (only the worktree
 * and a private /tmp writable, secrets hidden, no API keys). The engineer typed this command, so it
 * gets the network (installs need a registry); the files stay sandboxed.
 */
import { spawn } from 'node:child_process';
import { OutputCap } from '../../core/outputCap';
import type { SpawnSpec } from '../sandbox/shellSandbox';

/** Builds the spawn of a command line in a folder: a ShellSandbox whose writable root is that folder. */
export type SetupRunner = (cwd: string) => { spawnSpec(line: string, cwd: string, extraEnv?: Record<string, string>, outside?: 'network' | 'all'): SpawnSpec };

export type SetupResult = { ok: true; output: string; sandboxed: boolean; durationMs: number } | { ok: false; message: string; output: string };

export function runSetupCommand(command: string, cwd: string, runner: SetupRunner, signal?: AbortSignal, timeoutMs = 30 * 60_000): Promise<SetupResult> {
  let spec: SpawnSpec;
  try {
    spec = runner(cwd).spawnSpec(command, cwd, { CI: '1' }, 'network');
  } catch (e) {
    return Promise.resolve({ ok: false, message: `The setup command \`${command}\` was not run: ${(e as Error).message}`, output: '' });
  }
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(spec.file, spec.args, { cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const cap = new OutputCap(20_000);
    const take = (b: Buffer) => cap.push(b.toString('utf8'));
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(kill, timeoutMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (e) => take(Buffer.from(`failed to start: ${e.message}`)));
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      const output = cap.result().output;
      if (code === 0) return resolve({ ok: true, output, sandboxed: !!spec.sandboxed, durationMs: Date.now() - started });
      resolve({ ok: false, output, message: `The setup command \`${command}\` failed (${code === null ? 'stopped' : `exit code ${code}`}) in the task's worktree, so the task did not start; the worktree was removed.\n${tail(output, 20)}` });
    });
  });
}

/** The last `lines` lines of a command's output. */
export function tail(output: string, lines: number): string {
  const all = output.replace(/\s+$/, '').split('\n');
  return all.length <= lines ? all.join('\n') : `[... ${all.length - lines} lines above ...]\n${all.slice(-lines).join('\n')}`;
}
