/**
 * Lists every file of a folder that its .gitignore rules keep, fast enough for an 80,000-file tree:
 * `git ls-files` inside a git work tree (exactly git's own rules: nested .gitignore, info/exclude,
 * core.excludesFile), else `rg --files`; null when neither can run (the core then walks the tree itself).
 * .forgeignore and secret files are the core's business: it filters this list again.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

const TAB = 9;
const SLASH = 0x2f;
const R = 0x52;
const S = 0x53;
const [ZERO, ONE, TWO] = [0x30, 0x31, 0x32];

/** One NUL-terminated record of a command's output: bytes [start, end) of `buf` (valid during the call only). */
type OnRecord = (buf: Buffer, start: number, end: number) => void;

/**
 * Runs a command and hands each NUL-terminated record of its output to `onRecord` as it arrives, as bytes, so
 * parsing overlaps the command's own work and decodes only what it keeps (no string of the whole output, no
 * substrings that pin it in memory). False when the command cannot run or fails.
 */
function records(cmd: string, args: string[], cwd: string, onRecord: OnRecord, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], signal });
    } catch {
      return resolve(false);
    }
    let rest: Buffer | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nul = buf.indexOf(0); nul >= 0; nul = buf.indexOf(0, start)) {
        if (nul > start) onRecord(buf, start, nul);
        start = nul + 1;
      }
      rest = start < buf.length ? buf.subarray(start) : undefined;
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** A symlink is listed when it leads to a file inside the root (as the Workspace port's list() does). */
function symlinkToFileInside(root: string, rel: string): boolean {
  try {
    const abs = path.join(root, rel);
    if (!statSync(abs).isFile()) return false;
    return realpathSync(abs).startsWith(root + path.sep);
  } catch {
    return false;
  }
}

/** An untracked path that is listed: a regular file, or a symlink to a file inside the root. */
function isListedFile(root: string, rel: string): boolean {
  try {
    const st = lstatSync(path.join(root, rel));
    return st.isFile() || (st.isSymbolicLink() && symlinkToFileInside(root, rel));
  } catch {
    return false;
  }
}

/**
 * Inside a git work tree, git's own view after `git add -A`, from two git processes run at once (on the Linux
 * tree about 0.1 s each, together faster than one `rg --files`, which walks the tree and reads its ignore files):
 * - `git ls-files -t -s -c -d`: the index with a status tag and mode each, and an `R` record right after each
 *   tracked file gone from disk (git lstat()s each, in its own process). Regular files are listed without a
 *   stat of ours; symlinks only when they lead to a file inside the root; submodules (mode 160000), sparse-checkout entries not on disk (`S`) and deleted files not at all.
 *   Force-added ignored files are included, as git tracks them.
 * - `git ls-files -o --exclude-standard`: the untracked files the ignore rules keep (an untracked nested
 *   repository comes as `dir/` and is not a file, as `git add -A` would add it as a gitlink).
 * Null outside a git work tree (git refuses) or without git.
 */
async function gitFiles(root: string, signal?: AbortSignal): Promise<string[] | null> {
  const tracked: string[] = [];
  const untracked: string[] = [];
  const [indexOk, othersOk] = await Promise.all([
    records('git', ['ls-files', '-z', '-t', '-s', '-c', '-d'], root, (buf, start, end) => {
      // "T MODE OBJECT STAGE\tPATH"; an unmerged path comes once per stage, a deleted one a second time tagged R.
      const tag = buf[start];
      const rel = buf.toString('utf8', buf.indexOf(TAB, start) + 1, end);
      const last = tracked.length ? tracked[tracked.length - 1] : undefined;
      if (tag === R) {
        if (last === rel) tracked.pop();
        return;
      }
      if (tag === S || rel === last) return;
      // Modes 10xxxx are regular files, 120000 symlinks, 160000 submodules (and 040000 a sparse index's folders).
      const kind = buf[start + 2] === ONE ? buf[start + 3] : -1;
      if (kind === ZERO || (kind === TWO && symlinkToFileInside(root, rel))) tracked.push(rel);
    }, signal),
    records('git', ['ls-files', '-z', '-o', '--exclude-standard'], root, (buf, start, end) => {
      // An untracked nested repository comes as "dir/".
      if (buf[end - 1] !== SLASH) untracked.push(buf.toString('utf8', start, end));
    }, signal),
  ]);
  if (!indexOk || !othersOk) return null;
  for (const rel of untracked) if (isListedFile(root, rel)) tracked.push(rel);
  return tracked;
}

/** Outside git: ripgrep with the .gitignore files (and .ignore/.rgignore) of the folder. */
async function rgFiles(root: string, rg: string, signal?: AbortSignal): Promise<string[] | null> {
  const files: string[] = [];
  const ok = await records(rg, ['--files', '--hidden', '--no-ignore-dot', '--no-require-git', '--null', '-g', '!.git'], root, (buf, start, end) => {
    const f = buf.toString('utf8', start, end);
    files.push(path.sep === '/' ? f : f.split(path.sep).join('/'));
  }, signal);
  return ok ? files : null;
}

/**
 * Workspace-relative paths (forward slashes, sorted) of the files `root`'s ignore rules keep, or null when
 * no fast lister can run here. `rg` is the ripgrep binary to fall back on outside git work trees, or a
 * function that finds it (called only then: looking it up can cost a process start).
 */
export async function listWorkspaceFiles(root: string, rg: string | undefined | (() => string | undefined), signal?: AbortSignal): Promise<string[] | null> {
  if (!existsSync(root)) return null;
  let files = await gitFiles(root, signal);
  if (!files && !signal?.aborted) {
    const bin = typeof rg === 'function' ? rg() : rg;
    if (bin) files = await rgFiles(root, bin, signal);
  }
  // git's output is already in order (the index, then the untracked files): the sort mostly merges two runs.
  return files ? files.sort() : null;
}
