/**
 * One best-of-N candidate's run in VS Code: the worktree agent on the candidate's own endpoint,
 * its events followed by the host-neutral CandidateTracker (src/node/worktrees/bestOf.ts: tokens,
 * cost, check, how it ended), plus the check's command and output for the comparison's tooltip.
 */
import type { AgentEvent } from '../../core/agent/events';
import type { CandidateCheck, CandidateState } from '../../core/tasks/bestOfGroup';
import type { ConfiguredProfile } from '../../core/settings/forgeSettings';
import { CandidateTracker } from '../../node/worktrees/bestOf';
import { worktreeTaskAgent, type WorktreeAgentDeps } from './worktreeAgent';

export interface CandidateRun {
  state: CandidateState;
  note?: string;
  tokens: number;
  costUsd?: number;
  check?: CandidateCheck;
}

/** `named`: the candidate's name in its approvals, who is told while one waits for the engineer (the Tasks view's bell), and who follows its events (the Tasks view's figures and check). */
export async function runCandidate(deps: WorktreeAgentDeps, root: string, task: string, taskId: string, endpoint: ConfiguredProfile, signal: AbortSignal, named?: { title: string; onWaiting(waiting: boolean): void; onEvent?(e: AgentEvent): void }): Promise<CandidateRun> {
  const tracker = new CandidateTracker(Date.now());
  let check: CandidateCheck | undefined;
  try {
    const { agent } = await worktreeTaskAgent(deps, root, named, endpoint);
    for await (const e of agent.run(task, { signal, taskId })) {
      tracker.observe(e);
      named?.onEvent?.(e);
      if (e.type === 'check') check = { passed: e.result.passed, command: e.result.command, exitCode: e.result.exitCode, outputTail: e.result.outputTail };
    }
  } catch (e) {
    tracker.fail((e as Error).message);
  }
  const s = tracker.stats();
  const base = { tokens: s.tokens ?? 0, ...(s.costUsd !== null ? { costUsd: s.costUsd } : {}), ...(check ? { check } : {}) };
  if (signal.aborted || s.outcome === 'stopped') return { ...base, state: 'stopped' };
  if (s.outcome === 'failed') return { ...base, state: 'failed', note: s.message };
  return { ...base, state: 'ended', ...(s.outcome === 'limit' ? { note: 'limit reached' } : {}) };
}
