/**
 * Best of N (docs/worktrees.md): the same task on N candidates (endpoints, or samples of one), each
 * on its own task worktree started from the same commit, run at once, each with its own agent,
 * budget and check. This module is the host-neutral part both hosts use: the worktrees, running the
 * candidates and measuring them (what changed, check, cost, tokens, time, how the run ended), the
 * record of each for the preference record, and removing the candidates not picked. Building the
 * agent and the pick itself are the host's (the CLI: src/cli/run/bestOf/).
 */
import type { AgentEvent } from '../../core/agent/events';
import { changeSetSize } from '../../core/edits/changeSet/combineHunks';
import type { PreferenceCandidate } from '../../core/usage/preferenceRecord';
import { discardTaskWorktree } from './discardWorktree';
import { repositoryOf } from './git';
import { createTaskWorktree, resolveBaseCommit, type CreateWorktreeOptions, type TaskWorktree } from './taskWorktree';
import { worktreeChanges, type WorktreeChanges } from './worktreeChanges';

/** One candidate as the host names it: `id` "c1", "c2", ...; `endpoint` the profile's id (or URL) and its model. */
export interface CandidateSpec {
  id: string;
  endpoint: string;
  model: string;
}

export interface BestOfCandidate {
  spec: CandidateSpec;
  wt: TaskWorktree;
}

/** A best-of-N run's id ("bo-" + time + random): its candidates' tasks are `<groupId>-c1`, ... */
export function newGroupId(): string {
  return `bo-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * One worktree per candidate (task id `<groupId>-<spec.id>`), all from the commit `base` names now,
 * so their change sets share one base. All or nothing: when one cannot be made, those made are removed.
 */
export async function createCandidateWorktrees(
  o: Omit<CreateWorktreeOptions, 'taskId' | 'base'> & { groupId: string; specs: readonly CandidateSpec[]; base?: string },
): Promise<BestOfCandidate[]> {
  const ids = new Set(o.specs.map((s) => s.id));
  if (ids.size !== o.specs.length || o.specs.length < 1) throw new Error('best of N needs at least one candidate, each with its own id.');
  const { top } = await repositoryOf(o.folder);
  const commit = await resolveBaseCommit(top, o.base ?? 'HEAD');
  const made: BestOfCandidate[] = [];
  try {
    for (const spec of o.specs) {
      const wt = await createTaskWorktree({ folder: o.folder, taskId: `${o.groupId}-${spec.id}`, base: commit, sparse: o.sparse, copy: o.copy, setup: o.setup });
      made.push({ spec, wt });
    }
  } catch (e) {
    await discardCandidates(made.map((c) => c.wt)).catch(() => undefined);
    throw e;
  }
  return made;
}

/** What one candidate's run came to, from its agent's events. */
export interface CandidateRunStats {
  /** "done" (finished), "stopped", "limit", "failed" (an error ended it, or it could not start). */
  outcome: 'done' | 'stopped' | 'limit' | 'failed';
  /** The final summary, or the message it stopped or failed with. */
  message: string;
  check: 'passed' | 'failed' | 'none';
  costUsd: number | null;
  tokens: number | null;
  durationMs: number;
}

/** Follows one candidate's agent events (in order). */
export class CandidateTracker {
  private outcome: CandidateRunStats['outcome'] = 'failed';
  private message = 'the run ended without a result';
  private check: CandidateRunStats['check'] = 'none';
  private costUsd: number | null = null;
  private tokens: number | null = null;

  constructor(private readonly startedAt: number, private readonly now: () => number = Date.now) {}

  observe(e: AgentEvent): void {
    switch (e.type) {
      case 'usage':
        this.tokens = e.total.totalTokens;
        this.costUsd = e.total.costUsd ?? null;
        break;
      case 'check': this.check = e.result.passed ? 'passed' : 'failed'; break;
      case 'finished': this.outcome = 'done'; this.message = e.summary; break;
      case 'stopped': this.outcome = 'stopped'; this.message = e.message; break;
      case 'limitReached': this.outcome = 'limit'; this.message = e.message; break;
      case 'error': this.outcome = 'failed'; this.message = e.message; break;
      default: break;
    }
  }

  /** The run threw instead of ending with an event. */
  fail(message: string): void {
    this.outcome = 'failed';
    this.message = message;
  }

  stats(): CandidateRunStats {
    return { outcome: this.outcome, message: this.message, check: this.check, costUsd: this.costUsd, tokens: this.tokens, durationMs: Math.max(0, this.now() - this.startedAt) };
  }
}

export interface CandidateResult extends BestOfCandidate {
  stats: CandidateRunStats;
  /** What it did in its worktree, measured from the common base commit (undefined: its worktree could not be read). */
  changes?: WorktreeChanges;
  /** Why its changes could not be read. */
  changesError?: string;
}

/**
 * Runs every candidate at once (`run` builds and runs the host's agent in the candidate's worktree)
 * and measures each when its run ends. A candidate that fails (a dead endpoint, an agent that
 * throws) is reported as failed; the others are not affected.
 */
export async function runCandidates(
  candidates: readonly BestOfCandidate[],
  run: (c: BestOfCandidate, signal: AbortSignal) => AsyncIterable<AgentEvent>,
  o: { signal?: AbortSignal; onEvent?: (c: BestOfCandidate, e: AgentEvent) => void; now?: () => number } = {},
): Promise<CandidateResult[]> {
  const now = o.now ?? Date.now;
  return Promise.all(candidates.map(async (c): Promise<CandidateResult> => {
    const tracker = new CandidateTracker(now(), now);
    const ctrl = new AbortController();
    const abort = () => ctrl.abort();
    o.signal?.addEventListener('abort', abort, { once: true });
    try {
      for await (const e of run(c, ctrl.signal)) {
        tracker.observe(e);
        o.onEvent?.(c, e);
      }
    } catch (e) {
      tracker.fail((e as Error).message);
    } finally {
      o.signal?.removeEventListener('abort', abort);
    }
    const stats = tracker.stats();
    try {
      return { ...c, stats, changes: await worktreeChanges(c.wt, `${c.spec.id} (${c.spec.endpoint}): ${stats.message.split('\n')[0]!.slice(0, 80)}`) };
    } catch (e) {
      return { ...c, stats, changesError: (e as Error).message };
    }
  }));
}

/** The candidate as the preference record keeps it. */
export function preferenceCandidate(r: CandidateResult): PreferenceCandidate {
  const cs = r.changes?.changeSet;
  const size = cs ? changeSetSize(cs) : { files: 0, linesAdded: 0, linesRemoved: 0 };
  return {
    id: r.spec.id, endpoint: r.spec.endpoint, model: r.spec.model, changeSetId: cs && cs.files.length ? cs.id : null, ...size,
    check: r.stats.check, costUsd: r.stats.costUsd, tokens: r.stats.tokens, durationMs: r.stats.durationMs, outcome: r.stats.outcome,
  };
}

/**
 * Removes candidates' worktrees and branches. `force` (the engineer picked, so what the others did
 * was seen and declined): without it, one with unreviewed work is kept and reported (discardWorktree's rule).
 */
export async function discardCandidates(wts: readonly TaskWorktree[], o: { force?: boolean } = { force: true }): Promise<{ removed: string[]; kept: { taskId: string; why: string }[] }> {
  const removed: string[] = [];
  const kept: { taskId: string; why: string }[] = [];
  // One at a time: git keeps one lock on the repository's worktree list.
  for (const wt of wts) {
    try {
      await discardTaskWorktree(wt, { force: o.force });
      removed.push(wt.taskId);
    } catch (e) {
      kept.push({ taskId: wt.taskId, why: (e as Error).message });
    }
  }
  return { removed, kept };
}
