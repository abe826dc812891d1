/**
 * What a task did in its worktree, as one change set with workspace-relative paths: every file
 * that differs from the commit the task started from (untracked files included, ignored ones and
 * the files copied in such as `.env` left out), measured from that commit's text. Because its base
 * hashes are of the base commit's text, it applies to the engineer's checkout only where their
 * files still hold that text, byte for byte (the change-set writer checks it under its locks).
 * The same work can instead be kept as a commit on the task's branch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changeSetFromTexts, type TextChange, type TextChangeSet } from '../../core/edits/changeSet/textChanges';
import { hashText } from '../../core/edits/changeSet/textDoc';
import { GitError, gitIn } from './git';
import type { TaskWorktree } from './taskWorktree';

export interface WorktreeChanges extends TextChangeSet {
  /** The text changes, with each file's base-commit text (for the review's bases). */
  changes: TextChange[];
  /** Changed files that are binary or not UTF-8: they stay on the task's branch only. */
  notText: string[];
}

/** The changed paths (status letter and path) against a commit (default: the base commit), with untracked files staged first. */
async function changedPaths(wt: TaskWorktree, against = wt.baseCommit): Promise<{ status: string; path: string }[]> {
  await gitIn(wt, ['add', '-A', ...(wt.sparse.length ? ['--sparse'] : [])]);
  const raw = await gitIn(wt, ['diff', '--cached', '--name-status', '-z', '--no-renames', against]);
  const parts = raw.split('\0').filter(Boolean);
  const out: { status: string; path: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ status: parts[i]!, path: parts[i + 1]! });
  const copied = new Set(wt.copied);
  return out.filter((c) => !copied.has(c.path) && !wt.copied.some((d) => c.path.startsWith(`${d}/`)));
}

function asText(buf: Buffer): string | undefined {
  if (buf.includes(0)) return undefined;
  const t = buf.toString('utf8');
  return Buffer.from(t, 'utf8').equals(buf) ? t : undefined;
}

export async function worktreeChanges(wt: TaskWorktree, title = `Task ${wt.taskId}`): Promise<WorktreeChanges> {
  const changes: TextChange[] = [];
  const notText: string[] = [];
  for (const c of await changedPaths(wt)) {
    const before = c.status === 'A' ? null : asText(await gitIn(wt, ['show', `${wt.baseCommit}:${c.path}`], { binary: true }));
    const abs = path.join(wt.path, c.path);
    const after = c.status === 'D' ? null : fs.lstatSync(abs).isFile() ? asText(fs.readFileSync(abs)) : undefined;
    if (before === undefined || after === undefined) notText.push(c.path);
    else changes.push({ path: c.path, before, after });
  }
  return { ...changeSetFromTexts(`${wt.taskId}-worktree`, title, changes), changes, notText };
}

/** Paths of the change set whose file in the engineer's checkout no longer holds the base commit's text. */
export function staleInCheckout(wt: TaskWorktree, ch: WorktreeChanges): string[] {
  const stale: string[] = [];
  for (const f of ch.changeSet.files) {
    const abs = path.join(wt.repo, f.path);
    let now: string | null;
    try {
      now = fs.readFileSync(abs, 'utf8');
    } catch {
      now = null;
    }
    const want = f.baseHash;
    if (want === null ? now !== null : now === null || hashText(now) !== want) stale.push(f.path);
  }
  return stale;
}

/** Unreviewed work in the worktree: files changed and not committed, and commits on the branch past the base. */
export async function unreviewedWork(wt: TaskWorktree): Promise<{ files: string[]; commits: number }> {
  const files = (await changedPaths(wt, 'HEAD')).map((c) => c.path);
  const commits = Number((await gitIn(wt, ['rev-list', '--count', `${wt.baseCommit}..HEAD`])).trim()) || 0;
  return { files, commits };
}

/** Keeps the task's work as one commit on its branch (the files copied in left out); its id, or undefined when there was nothing to commit. */
export async function commitTaskWork(wt: TaskWorktree, message: string): Promise<string | undefined> {
  const changed = await changedPaths(wt, 'HEAD');
  if (wt.copied.length) await gitIn(wt, ['reset', '-q', '--', ...wt.copied]).catch(() => undefined);
  if (changed.length === 0) return undefined;
  const commit = (ident: string[]) => gitIn(wt, ['commit', '-q', '--no-verify', '-m', message], {}, ident);
  try {
    await commit([]);
  } catch (e) {
    // No identity configured on this machine: the commit is Forge's own.
    if (!(e instanceof GitError) || !/tell me who you are|empty ident|user\.email/i.test(e.message)) throw e;
    await commit(['-c', 'user.name=Forge', '-c', 'user.email=forge@localhost']);
  }
  return (await gitIn(wt, ['rev-parse', 'HEAD'])).trim();
}
