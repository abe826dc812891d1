/**
 * A run's private folder: the task's starting files in a fresh temp folder made a git repository
 * (so the final diff is exact), shell commands in it with a timeout, and the final diff.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EvalTask } from '../../core/eval/taskSpec';

export interface ShellResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/** Keys and tokens of the eval's own environment never reach the task's commands. */
function commandEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/API_KEY|TOKEN|SECRET/i.test(k)) delete env[k];
  return { ...env, ...extra };
}

/** What a task's setup and check see besides the usual environment: FORGE_EVAL_TASK_DIR, the task folder (hidden checks live there, outside repo/). */
export function taskEnv(task: EvalTask): Record<string, string> {
  return task.source.kind === 'folder' ? { FORGE_EVAL_TASK_DIR: task.source.dir } : {};
}

/** Runs a shell command line in dir; kills its whole process group after timeoutMs. Keeps the last 8,000 characters of output. */
export function runShell(command: string, dir: string, timeoutMs: number, env: Record<string, string> = {}): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: dir, env: commandEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (b: Buffer) => {
      output += b.toString('utf8');
      if (output.length > 16_000) output = output.slice(-8_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('error', (e) => { output += String(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, output: output.slice(-8_000), timedOut });
    });
  });
}

function git(dir: string, args: string[]): string {
  const r = spawnSync('git', ['-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', '-c', 'user.name=forge-eval', '-c', 'user.email=eval@forge.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args[0]} failed in ${dir}: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}

/** Copies the task's starting files into a new temp folder, runs setup, and commits the result as the base. */
export async function prepareTaskFolder(task: EvalTask, tmpRoot = os.tmpdir()): Promise<string> {
  const dir = fs.mkdtempSync(path.join(tmpRoot, `forge-eval-${task.id.slice(0, 40)}-`));
  try {
    if (task.source.kind === 'folder') {
      fs.cpSync(task.source.repoDir, dir, { recursive: true });
      git(dir, ['init', '-q']);
    } else {
      git(dir, ['clone', '-q', '--no-checkout', task.source.repoPath, '.']);
      git(dir, ['checkout', '-q', '--detach', task.source.baseCommit]);
    }
    if (task.setup) {
      const r = await runShell(task.setup, dir, task.checkTimeoutSeconds * 1000, taskEnv(task));
      if (r.code !== 0) throw new Error(`setup \`${task.setup}\` ${r.timedOut ? 'timed out' : `exited with ${r.code}`}: ${r.output.trim().slice(-500)}`);
    }
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'forge eval: base']);
    return fs.realpathSync(dir);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Everything the run changed against the base commit, new files included. */
export function finalDiff(dir: string): string {
  git(dir, ['add', '-A']);
  return git(dir, ['diff', '--cached', '--binary', 'HEAD']);
}

/** Applies a patch (SWE-bench's test_patch) before the check. */
export function applyPatch(dir: string, patch: string): void {
  const file = path.join(dir, '.git', 'forge-eval-test.patch');
  fs.writeFileSync(file, patch);
  git(dir, ['apply', '--whitespace=nowarn', file]);
}

/** Overlays the files of from/ onto dir (the suite self-test's "apply the reference solution"). */
export function overlay(from: string, dir: string): void {
  fs.cpSync(from, dir, { recursive: true, force: true });
}
