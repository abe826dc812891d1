/**
 * Runs git for the task worktrees: the real `git` binary, no shell, arguments as given. A failure
 * becomes a GitError carrying git's own message (its stderr), so callers can say what went wrong.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export class GitError extends Error {
  constructor(message: string, readonly stderr: string, readonly code: number | null) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  /** Standard input for git. */
  input?: string;
  /** Keep the output as bytes (file contents). */
  binary?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function git(cwd: string, args: string[], o: GitOptions = {}): Promise<string> {
  return gitBytes(cwd, args, o).then((b) => b.toString('utf8'));
}

export function gitBytes(cwd: string, args: string[], o: GitOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, env: { ...(o.env ?? process.env), GIT_TERMINAL_PROMPT: '0' } }, (err, stdout, stderr) => {
      if (err) {
        const text = Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : String(stderr ?? '').trim();
        const code = typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new GitError('git is not installed (or not on PATH); worktree tasks need it.', '', null));
        return reject(new GitError(text || err.message, text, code));
      }
      resolve(stdout as Buffer);
    });
    if (o.input !== undefined) child.stdin?.end(o.input);
  });
}

/** The top folder of the checkout that holds `folder`, or a GitError saying in one sentence that it is not a git repository. */
export async function repositoryOf(folder: string): Promise<{ top: string; commonDir: string }> {
  try {
    const out = (await git(folder, ['rev-parse', '--show-toplevel', '--git-common-dir'])).trim().split('\n');
    const top = out[0]!;
    const common = out[1]!;
    return { top, commonDir: path.resolve(folder, common) };
  } catch (e) {
    if (e instanceof GitError && /not a git repository/i.test(e.message)) {
      throw new GitError(`${folder} is not a git repository, so a task cannot get its own worktree there (run \`git init\` and commit first, or run the task without --worktree).`, e.stderr, e.code);
    }
    throw e;
  }
}

/**
 * Git in a task's worktree, run by the host after the task's sandboxed commands had the folder: the
 * private git folder recorded when the worktree was made is named explicitly, so a `.git` file the
 * task rewrote cannot point git at a configuration (hooks, fsmonitor) of its own making.
 */
export function gitIn(wt: { path: string; gitDir: string }, args: string[], o: GitOptions & { binary: true }, config?: string[]): Promise<Buffer>;
export function gitIn(wt: { path: string; gitDir: string }, args: string[], o?: GitOptions & { binary?: false }, config?: string[]): Promise<string>;
export function gitIn(wt: { path: string; gitDir: string }, args: string[], o: GitOptions = {}, config: string[] = []): Promise<string | Buffer> {
  const all = [...config, '--git-dir', wt.gitDir, '--work-tree', wt.path, ...args];
  return o.binary ? gitBytes(wt.path, all, o) : git(wt.path, all, o);
}
