/**
 * One run of a worktree task's agent (a new task, or Continue after a stop or a window reload):
 * builds the agent in the task's worktree folder, follows its events into the task's record
 * (endpoint, steps, tokens, cost, waiting for an approval) for the Tasks view, and feeds the usage
 * and decisions logs with the task's own events. The agent's edits go into its worktree without a
 * review, so its change-set events are not the engineer's decisions and are not logged as such:
 * the engineer's review at the end is (worktreeUsage.ts).
 */
import type { Agent } from '../../core/agent/agent';
import type { AgentEvent } from '../../core/agent/events';
import { followRun } from '../../core/tasks/taskFigures';
import type { WorktreeTaskRecord, WorktreeTaskState } from '../../core/tasks/worktreeTaskList';
import type { UsageObserver } from '../usage/showUsage';
import { worktreeTaskAgent, type WorktreeAgentDeps } from './worktreeAgent';

export interface RunOutcome {
  state: Extract<WorktreeTaskState, 'review' | 'failed' | 'stopped'>;
  note?: string;
}

export interface RunHooks {
  usage?: UsageObserver;
  /** The record changed (save it, refresh the view). */
  changed(): void;
}

export async function runTaskAgent(d: WorktreeAgentDeps, r: WorktreeTaskRecord, root: string, start: (agent: Agent) => AsyncIterable<AgentEvent>, signal: AbortSignal, hooks: RunHooks): Promise<RunOutcome> {
  try {
    const built = await worktreeTaskAgent(d, root, {
      title: r.title,
      onWaiting: (waiting) => {
        if (r.state !== 'running') return;
        r.waiting = waiting || undefined;
        hooks.changed();
      },
    });
    r.endpoint = built.endpoint;
    r.who = built.who;
    hooks.changed();
    const observe = hooks.usage?.(built.who);
    let end: RunOutcome = { state: 'review' };
    for await (const e of start(built.agent)) {
      if (e.type !== 'changeSetProposed' && e.type !== 'changeSetReviewed') observe?.(e);
      if (e.type === 'error') end = { state: 'failed', note: e.message };
      if (followRun(r, e)) hooks.changed();
    }
    return signal.aborted ? { state: 'stopped' } : end;
  } catch (e) {
    return signal.aborted ? { state: 'stopped' } : { state: 'failed', note: (e as Error).message };
  }
}
