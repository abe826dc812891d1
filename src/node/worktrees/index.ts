/** Task worktrees (docs/worktrees.md): create, read back what the task did, keep it as a commit, discard. */
export { createTaskWorktree, listTaskWorktrees, worktreeFolder, type CreateWorktreeOptions, type TaskWorktree } from './taskWorktree';
export { commitTaskWork, staleInCheckout, unreviewedWork, worktreeChanges, type WorktreeChanges } from './worktreeChanges';
export { discardTaskWorktree, UnreviewedWorkError } from './discardWorktree';
export { runSetupCommand, tail, type SetupRunner } from './setupCommand';
export { GitError, repositoryOf } from './git';
export { writeIntoWorktree } from './worktreeWriter';
