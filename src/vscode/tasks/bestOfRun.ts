/**
 * One best-of-N candidate's run: the worktree agent on the candidate's own endpoint, its events
 * read for what the comparison shows (tokens, cost, the check's last result) and how it ended.
 */
import type { CandidateCheck, CandidateState } from '../../core/tasks/bestOfGroup';
import type { ConfiguredProfile } from '../../core/settings/forgeSettings';
import { worktreeAgent, type WorktreeAgentDeps } from './worktreeAgent';

export interface CandidateRun {
  state: CandidateState;
  note?: string;
  tokens: number;
  costUsd?: number;
  check?: CandidateCheck;
}

export async function runCandidate(deps: WorktreeAgentDeps, root: string, task: string, taskId: string, endpoint: ConfiguredProfile, signal: AbortSignal): Promise<CandidateRun> {
  const run: CandidateRun = { state: 'ended', tokens: 0 };
  try {
    const agent = await worktreeAgent(deps, root, endpoint);
    for await (const e of agent.run(task, { signal, taskId })) {
      if (e.type === 'usage') {
        run.tokens = e.total.totalTokens;
        run.costUsd = e.total.costUsd;
      } else if (e.type === 'check') {
        run.check = { passed: e.result.passed, command: e.result.command, exitCode: e.result.exitCode, outputTail: e.result.outputTail };
      } else if (e.type === 'error') {
        run.state = 'failed';
        run.note = e.message;
      } else if (e.type === 'limitReached') {
        run.note = e.limit === 'cost' ? 'cost limit reached' : 'step limit reached';
      }
    }
  } catch (e) {
    run.state = 'failed';
    run.note = (e as Error).message;
  }
  if (signal.aborted) return { ...run, state: 'stopped', note: undefined };
  return run;
}
