/**
 * Discarding a task worktree: the worktree folder and the task's branch are removed. With work
 * nobody reviewed (changed files, or commits past the base), it refuses unless forced, and says
 * what would be lost. `keepBranch` removes only the folder (the branch keeps its commits).
 */
import * as fs from 'node:fs';
import { git, repositoryOf } from './git';
import { withWorktreeLock, type TaskWorktree } from './taskWorktree';
import { unreviewedWork } from './worktreeChanges';

export class UnreviewedWorkError extends Error {
  constructor(message: string, readonly files: string[], readonly commits: number) {
    super(message);
    this.name = 'UnreviewedWorkError';
  }
}

export async function discardTaskWorktree(wt: TaskWorktree, o: { force?: boolean; keepBranch?: boolean } = {}): Promise<void> {
  if (!o.force && fs.existsSync(wt.path)) {
    const { files, commits } = await unreviewedWork(wt);
    const branchWork = o.keepBranch ? 0 : commits;
    if (files.length || branchWork) {
      const what = [
        files.length ? `${files.length} changed file${files.length === 1 ? '' : 's'} (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''})` : '',
        branchWork ? `${branchWork} commit${branchWork === 1 ? '' : 's'} on ${wt.branch}` : '',
      ].filter(Boolean).join(' and ');
      throw new UnreviewedWorkError(`Task ${wt.taskId} has unreviewed work in ${wt.path}: ${what}; nothing was removed. Review it first, or discard with force to lose it.`, files, branchWork);
    }
  }
  // A worktree git no longer recognises (its `.git` file changed or gone) is removed by hand, then pruned.
  // Under the worktree lock: a prune while another task's worktree is half made could remove it.
  await withWorktreeLock((await repositoryOf(wt.repo)).commonDir, async () => {
    await git(wt.repo, ['worktree', 'remove', '--force', wt.path]).catch(() => fs.rmSync(wt.path, { recursive: true, force: true }));
    await git(wt.repo, ['worktree', 'prune']);
  });
  if (!o.keepBranch) {
    await git(wt.repo, ['branch', '-D', '--end-of-options', wt.branch]).catch((e: Error) => {
      if (!/not found/i.test(e.message)) throw e;
    });
  }
}
