/**
 * Best of N (docs/worktrees.md): the same task run on N endpoints (or N samples of one), each
 * candidate a worktree task of its own. A group holds what the comparison shows per candidate
 * (endpoint, model, the change set's files and lines, the check, cost, tokens, time) and what
 * the preference record needs. Pure data, so the VS Code host stays thin.
 */
export type CandidateState = 'running' | 'ended' | 'failed' | 'stopped';

export interface CandidateCheck {
  passed: boolean;
  command: string;
  exitCode: number | null;
  /** The last lines of the check's output. */
  outputTail: string;
}

export interface BestOfCandidate {
  /** The worktree task's id. */
  id: string;
  /** "A", "B", "C"… in the order they were started. */
  letter: string;
  endpoint: string;
  endpointLabel: string;
  model: string;
  state: CandidateState;
  note?: string;
  startedAt: number;
  endedAt?: number;
  /** Set once it ended: the id of its change set (`<task id>-worktree`). */
  changeSetId?: string;
  files: number;
  linesAdded: number;
  linesRemoved: number;
  check?: CandidateCheck;
  /** undefined: no request had a price. */
  costUsd?: number;
  tokens: number;
}

export interface BestOfGroup {
  id: string;
  task: string;
  /** Epoch ms: when the candidates were started. */
  proposedAt: number;
  candidates: BestOfCandidate[];
  /** Set once the engineer picked (or took hunks): the group is over. */
  decidedAt?: number;
}

/** A..Z, then A1, B1… */
export function candidateLetter(i: number): string {
  const l = String.fromCharCode(65 + (i % 26));
  return i < 26 ? l : `${l}${Math.floor(i / 26)}`;
}

export function candidateDurationMs(c: BestOfCandidate, now: number): number {
  return Math.max(0, (c.endedAt ?? now) - c.startedAt);
}

/** A candidate can be picked once it ended with a change set that changes something. */
export function pickable(c: BestOfCandidate): boolean {
  return c.state !== 'running' && c.changeSetId !== undefined && c.files > 0;
}

/**
 * What the engineer chose to run: the profiles picked (each once), or N samples of one. Returns
 * the endpoint ids in candidate order, or a sentence saying what is wrong.
 */
export function candidateEndpoints(picked: readonly string[], samples?: number): { ok: true; endpoints: string[] } | { ok: false; message: string } {
  if (samples !== undefined) {
    if (picked.length !== 1) return { ok: false, message: 'Pick one endpoint to sample several times.' };
    if (!Number.isInteger(samples) || samples < 2 || samples > 8) return { ok: false, message: 'Run 2 to 8 samples.' };
    return { ok: true, endpoints: Array.from({ length: samples }, () => picked[0]!) };
  }
  if (picked.length < 2) return { ok: false, message: 'Pick at least two endpoints (or one endpoint and a number of samples).' };
  if (picked.length > 8) return { ok: false, message: 'Pick at most 8 endpoints.' };
  return { ok: true, endpoints: [...picked] };
}

/** Groups restored from storage: a candidate that was running when the window closed is stopped now. */
export function restoreGroups(stored: unknown, now: number): BestOfGroup[] {
  if (!Array.isArray(stored)) return [];
  return stored
    .filter((g): g is BestOfGroup => !!g && typeof g.id === 'string' && typeof g.task === 'string' && Array.isArray(g.candidates))
    .map((g) => ({
      ...g,
      candidates: g.candidates.map((c) => (c.state === 'running' ? { ...c, state: 'stopped' as const, note: 'window reloaded', endedAt: now } : { ...c })),
    }));
}

/** The engineer's decision on a group, as the host reports it (the preference record's inputs). */
export interface BestOfChoice {
  group: BestOfGroup;
  decidedAt: number;
  /** The candidate reviewed as a whole; absent when hunks were taken from several. */
  picked?: string;
  /** The candidates' hunks accepted in the review (candidate ids as in `group`). */
  taken: readonly { candidateId: string; path: string; hunkIndex: number }[];
  reason?: string;
}
