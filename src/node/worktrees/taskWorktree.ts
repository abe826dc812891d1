/**
 * A task's own git worktree: a new branch `forge/<task-id>` checked out (from HEAD or a base ref)
 * in `<git common dir>/forge/worktrees/<task-id>`. That folder is inside the repository's own
 * storage, never in the engineer's checkout: `git status` there does not see it, editors and
 * watchers skip `.git`, and it goes away with the repository. Large repositories can check out only
 * some paths (sparse checkout); untracked files such as `.env` are copied only when listed; a setup
 * command (e.g. `npm ci`) runs in the new worktree before the task starts. A record of the task
 * (base commit, branch, copied files) is kept in the worktree's private git folder, so discard and
 * apply-back know what the task started from. Creation is all or nothing: a failed step removes the
 * worktree and the branch again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acquireLocks } from '../write/fileLock';
import { git, GitError, gitIn, repositoryOf } from './git';
import { runSetupCommand, type SetupRunner } from './setupCommand';

export interface CreateWorktreeOptions {
  /** Any folder inside the engineer's checkout. */
  folder: string;
  taskId: string;
  /** The ref the task starts from (default HEAD). */
  base?: string;
  /** Check out only these paths (folders: cone mode; anything with a glob character: --no-cone patterns). */
  sparse?: string[];
  /** Untracked files to copy from the checkout (workspace-relative), e.g. `.env`. */
  copy?: string[];
  /** A command run in the worktree before the task starts (e.g. `npm ci`). */
  setup?: { command: string; runner: SetupRunner; signal?: AbortSignal };
}

export interface TaskWorktree {
  taskId: string;
  /** The engineer's checkout (its top folder). */
  repo: string;
  /** The worktree's folder. */
  path: string;
  /** Its private git folder (index, HEAD, this record), in the repository's git folder: never writable by the task's commands. */
  gitDir: string;
  branch: string;
  /** What the task started from: the ref given and the commit it named. */
  base: string;
  baseCommit: string;
  sparse: string[];
  copied: string[];
  createdAt: number;
}

const RECORD = 'forge-task.json';

/**
 * Runs `fn` holding the repository's worktree lock (a lock file in <git common dir>/forge, across
 * processes and windows). Two `git worktree add` at once can fail: each reads the others' admin
 * folders, and one half made gives "failed to read .git/worktrees/<id>/commondir".
 */
export async function withWorktreeLock<T>(commonDir: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.join(commonDir, 'forge'), { recursive: true });
  // A full checkout of a large tree takes tens of seconds; a dead holder's lock is taken over at once.
  const lock = await acquireLocks([path.join(commonDir, 'forge', 'worktree-add')], { timeoutMs: 600_000, staleMs: 600_000 });
  if (!lock.ok) throw new Error(`another task is still creating its worktree: ${lock.error}`);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** Where a task's worktree goes: inside the repository's git folder, outside the engineer's files. */
export function worktreeFolder(commonDir: string, taskId: string): string {
  return path.join(commonDir, 'forge', 'worktrees', taskId);
}

/** The commit `base` (a branch, tag, commit or HEAD) names in the repository at `top`, or an error saying what is wrong. */
export async function resolveBaseCommit(top: string, base: string): Promise<string> {
  try {
    return (await git(top, ['rev-parse', '--verify', '--end-of-options', `${base}^{commit}`])).trim();
  } catch {
    throw new Error(base === 'HEAD' ? `${top} has no commit yet; commit once so a task has something to start from.` : `"${base}" is not a commit, branch or tag in ${top}.`);
  }
}

export async function createTaskWorktree(o: CreateWorktreeOptions): Promise<TaskWorktree> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(o.taskId)) throw new Error(`"${o.taskId}" cannot name a task branch (letters, digits, ".", "_" and "-" only).`);
  const { top, commonDir } = await repositoryOf(o.folder);
  const base = o.base ?? 'HEAD';
  const baseCommit = await resolveBaseCommit(top, base);
  const branch = `forge/${o.taskId}`;
  const dir = worktreeFolder(commonDir, o.taskId);
  const copy = (o.copy ?? []).map((p) => checkRelative(p, '--copy'));
  for (const p of copy) if (!fs.existsSync(path.join(top, p))) throw new Error(`${p} (listed to copy into the task's worktree) does not exist in ${top}.`);
  const sparse = (o.sparse ?? []).map((p) => checkRelative(p, '--sparse'));
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await withWorktreeLock(commonDir, () => git(top, ['worktree', 'add', '--quiet', ...(sparse.length ? ['--no-checkout'] : []), '-b', branch, dir, baseCommit]));
  const wt: TaskWorktree = { taskId: o.taskId, repo: top, path: dir, gitDir: '', branch, base, baseCommit, sparse, copied: copy, createdAt: Date.now() };
  try {
    wt.gitDir = await privateGitDir(dir);
    if (sparse.length) {
      // Folders only: cone mode (fast on large trees); a file or a glob pattern needs --no-cone patterns.
      const isFile = (p: string) => fs.statSync(path.join(top, p), { throwIfNoEntry: false })?.isFile() === true;
      const cone = sparse.every((p) => !/[*?[\]!]/.test(p) && !isFile(p));
      await gitIn(wt, ['sparse-checkout', 'set', cone ? '--cone' : '--no-cone', '--end-of-options', ...sparse]);
      await gitIn(wt, ['read-tree', '-mu', 'HEAD']);
    }
    for (const p of copy) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.cpSync(path.join(top, p), path.join(dir, p), { recursive: true });
    }
    fs.writeFileSync(path.join(wt.gitDir, RECORD), `${JSON.stringify(wt, null, 2)}\n`);
    if (o.setup) {
      const r = await runSetupCommand(o.setup.command, dir, o.setup.runner, o.setup.signal);
      if (!r.ok) throw new Error(r.message);
    }
  } catch (e) {
    // Nothing half made: the worktree and its branch go again.
    await withWorktreeLock(commonDir, async () => {
      await git(top, ['worktree', 'remove', '--force', dir]).catch(() => fs.rmSync(dir, { recursive: true, force: true }));
      await git(top, ['worktree', 'prune']).catch(() => undefined);
    });
    await git(top, ['branch', '-D', '--end-of-options', branch]).catch(() => undefined);
    throw e;
  }
  return wt;
}

/**
 * The task worktrees of the repository that holds `folder`, read from the records in its own git
 * folder (never through a worktree's `.git` file, which the task could have rewritten).
 */
export async function listTaskWorktrees(folder: string): Promise<TaskWorktree[]> {
  const { commonDir } = await repositoryOf(folder);
  const admin = path.join(commonDir, 'worktrees');
  const names = fs.existsSync(admin) ? fs.readdirSync(admin) : [];
  const out: TaskWorktree[] = [];
  for (const name of names.sort()) {
    try {
      const wt = JSON.parse(fs.readFileSync(path.join(admin, name, RECORD), 'utf8')) as TaskWorktree;
      out.push({ ...wt, gitDir: path.join(admin, name) });
    } catch {
      // not a Forge task's worktree
    }
  }
  return out;
}

async function privateGitDir(dir: string): Promise<string> {
  return path.resolve(dir, (await git(dir, ['rev-parse', '--git-dir'])).trim());
}

function checkRelative(p: string, flag: string): string {
  const norm = p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (!norm || path.isAbsolute(p) || norm.split('/').includes('..')) throw new Error(`${flag} takes a path inside the repository (got "${p}").`);
  return norm;
}

export { GitError };
