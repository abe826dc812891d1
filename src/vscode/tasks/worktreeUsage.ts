/**
 * A worktree task's review in the usage and decisions logs, as a normal task's review is: the
 * change set measured from the worktree is "proposed" (with the base commit's texts, so the
 * decision records keep the lines around each hunk), and the engineer's decisions "reviewed",
 * through the same observer the chat's tasks feed (usageObserver + decisionObserver), under the
 * task's id, endpoint and model. So Show Usage and Export Review Decisions include them.
 */
import type { ReviewOutcome } from '../../core/ports';
import type { WorktreeTaskRecord } from '../../core/tasks/worktreeTaskList';
import type { WorktreeChanges } from '../../node/worktrees';
import type { UsageObserver } from '../usage/showUsage';

/** Starts the review's records (call before the review opens: the time to decide counts from here); `reviewed` ends them. */
export function recordWorktreeReview(usage: UsageObserver | undefined, r: WorktreeTaskRecord, ch: WorktreeChanges): { reviewed(outcome: ReviewOutcome): void } {
  const observe = usage?.(r.who ?? { endpoint: r.endpoint ?? '', model: '' });
  observe?.({ type: 'started', taskId: r.id, task: r.title, resumed: true });
  observe?.({ type: 'changeSetProposed', changeSet: ch.changeSet, bases: Object.fromEntries(ch.changes.map((c) => [c.path, c.before])) });
  return {
    reviewed(outcome) {
      if (!observe || outcome.applyError) return;
      const decided = outcome.files.flatMap((f) => f.decisions.filter((d) => !d.pending).map((d) => ({ path: f.path, kind: d.decision.kind })));
      observe({
        type: 'changeSetReviewed', changeSetId: outcome.changeSetId, outcome,
        acceptedHunks: decided.filter((d) => d.kind !== 'reject').length, rejectedHunks: decided.filter((d) => d.kind === 'reject').length,
        changedFiles: [...new Set(decided.filter((d) => d.kind !== 'reject').map((d) => d.path))],
      });
    },
  };
}
