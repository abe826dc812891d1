/** Task worktrees (docs/worktrees.md): create, read back what the task did, keep it as a commit, discard; best of N. */
export { createTaskWorktree, listTaskWorktrees, worktreeFolder, type CreateWorktreeOptions, type TaskWorktree } from './taskWorktree';
export { commitTaskWork, staleInCheckout, unreviewedWork, worktreeChanges, type WorktreeChanges } from './worktreeChanges';
export { discardTaskWorktree, UnreviewedWorkError } from './discardWorktree';
export { runSetupCommand, tail, type SetupRunner } from './setupCommand';
export { GitError, repositoryOf } from './git';
export { writeIntoWorktree } from './worktreeWriter';
export { CandidateTracker, createCandidateWorktrees, discardCandidates, newGroupId, preferenceCandidate, runCandidates, type BestOfCandidate, type CandidateResult, type CandidateRunStats, type CandidateSpec } from './bestOf';
