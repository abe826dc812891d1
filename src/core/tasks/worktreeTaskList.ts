/**
 * The list of worktree tasks the Tasks view shows (docs/worktrees.md): each task's state, when it
 * started and ended, and where its worktree is. Pure data and transitions, so the VS Code view and
 * its persistence (a file in the workspace's storage) stay thin. A task that was running when the window closed comes
 * back as "stopped (window reloaded)", its worktree still there to review or discard.
 */

export type WorktreeTaskState = 'running' | 'review' | 'done' | 'failed' | 'stopped';

export interface WorktreeTaskRecord {
  /** The task id (also the worktree's id and its branch forge/<id>). */
  id: string;
  /** The task text (first line). */
  title: string;
  state: WorktreeTaskState;
  startedAt: number;
  endedAt?: number;
  /** The worktree's folder while it exists (undefined once removed). */
  worktree?: string;
  /** The engineer's checkout the task's worktree belongs to. */
  repo: string;
  branch: string;
  /** A short reason shown after the state ("window reloaded", the error, "kept: …"). */
  note?: string;
  /** The folder the agent works in: the worktree's subfolder that matches the workspace folder. */
  root?: string;
  /** The endpoint's label (the view), and its URL and model (the usage and decisions logs). */
  endpoint?: string;
  who?: { endpoint: string; model: string };
  steps?: number;
  tokensIn?: number;
  tokensOut?: number;
  costUsd?: number | null;
  /** Running, but waiting for the engineer to approve a command, a tool call or a secret read. */
  waiting?: boolean;
  /** Why Continue cannot run this task again (its worktree or its saved history is gone): shown, and the action not offered. */
  cannotContinue?: string;
  /** What the work becomes when the task finishes: reviewed into the checkout (default), or kept as a commit on its branch. */
  result?: 'review' | 'commit';
  /** The last run of the task's check command (check before done), with the end of its output. */
  check?: { command: string; passed: boolean; exitCode: number | null; attempt: number; outputTail: string };
  /** The best-of-N group it is a candidate of (the Tasks view shows the group as one node). */
  group?: string;
}

export type WorktreeTaskAction = 'stop' | 'continue' | 'review' | 'discard';

/** Which states may follow which: anything ends a running task; review, done and discard end the others; Continue runs a stopped or failed one again. */
const NEXT: Record<WorktreeTaskState, readonly WorktreeTaskState[]> = {
  running: ['review', 'done', 'failed', 'stopped'],
  review: ['review', 'done'],
  stopped: ['running', 'review', 'done'],
  failed: ['running', 'review', 'done'],
  done: [],
};

export function canMove(from: WorktreeTaskState, to: WorktreeTaskState): boolean {
  return NEXT[from].includes(to);
}

export function stateLabel(r: WorktreeTaskRecord): string {
  const base = r.state === 'review' ? 'waiting for review' : r.state === 'running' && r.waiting ? 'waiting for approval' : r.state;
  const why = (r.state === 'stopped' || r.state === 'failed') && r.cannotContinue ? `cannot continue: ${r.cannotContinue}` : undefined;
  const notes = [r.note, why].filter(Boolean);
  return notes.length ? `${base} (${notes.join('; ')})` : base;
}

/** The actions the view offers for a task: Stop while it runs; Review and Discard while its worktree exists, and Continue when it stopped or failed. */
export function actionsFor(r: WorktreeTaskRecord): WorktreeTaskAction[] {
  if (r.state === 'running') return ['stop'];
  if (!r.worktree) return [];
  return (r.state === 'stopped' || r.state === 'failed') && !r.cannotContinue ? ['continue', 'review', 'discard'] : ['review', 'discard'];
}

/** Whether the task waits for the engineer: its review, or an approval while it runs (the view's badge counts these). */
export function waitsForEngineer(r: WorktreeTaskRecord): boolean {
  return r.state === 'review' || (r.state === 'running' && !!r.waiting);
}

/** "42s", "3m 05s", "1h 02m". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function elapsedOf(r: WorktreeTaskRecord, now: number): string {
  return formatElapsed((r.endedAt ?? now) - r.startedAt);
}

export class WorktreeTaskList {
  private readonly tasks: WorktreeTaskRecord[];

  /** `stored`: the list saved before (a window reload); a task that was running then is stopped now. */
  constructor(stored: readonly WorktreeTaskRecord[] = [], now = Date.now()) {
    this.tasks = stored.filter(isRecord).map((r) => (r.state === 'running' ? { ...r, state: 'stopped' as const, note: 'window reloaded', endedAt: now, waiting: undefined } : { ...r }));
  }

  all(): readonly WorktreeTaskRecord[] {
    return this.tasks;
  }

  get(id: string): WorktreeTaskRecord | undefined {
    return this.tasks.find((t) => t.id === id);
  }

  add(r: Omit<WorktreeTaskRecord, 'state'>): WorktreeTaskRecord {
    if (this.get(r.id)) throw new Error(`Task ${r.id} is already in the list.`);
    const rec: WorktreeTaskRecord = { ...r, state: 'running' };
    this.tasks.unshift(rec);
    return rec;
  }

  /** Moves a task to a new state (the note replaced); throws on a move the table does not allow. */
  move(id: string, to: WorktreeTaskState, o: { note?: string; worktree?: string | null; now?: number } = {}): WorktreeTaskRecord {
    const r = this.get(id);
    if (!r) throw new Error(`No task ${id} in the list.`);
    if (!canMove(r.state, to)) throw new Error(`Task ${id} cannot go from ${r.state} to ${to}.`);
    const now = o.now ?? Date.now();
    if (r.state === 'running') r.endedAt = now;
    if (to === 'running') {
      // Continued: the elapsed time goes on from where it stopped (the time it sat stopped not counted).
      r.startedAt = now - ((r.endedAt ?? now) - r.startedAt);
      r.endedAt = undefined;
    }
    if (r.state === 'running' || to === 'running') r.waiting = undefined;
    r.state = to;
    r.note = o.note;
    if (o.worktree === null) r.worktree = undefined;
    else if (o.worktree !== undefined) r.worktree = o.worktree;
    return r;
  }

  remove(id: string): void {
    const i = this.tasks.findIndex((t) => t.id === id);
    if (i >= 0) this.tasks.splice(i, 1);
  }

  /** What is saved (the workspace's storage). */
  toJSON(): WorktreeTaskRecord[] {
    return this.tasks.map((t) => ({ ...t }));
  }
}

function isRecord(r: unknown): r is WorktreeTaskRecord {
  const o = r as WorktreeTaskRecord;
  return !!o && typeof o.id === 'string' && typeof o.title === 'string' && typeof o.startedAt === 'number' && ['running', 'review', 'done', 'failed', 'stopped'].includes(o.state);
}
