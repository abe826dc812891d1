/**
 * Turns one task's agent events into usage records: a review record for each change set the user
 * reviewed, and a task record when the task ends. The host passes the endpoint and model and
 * writes the records (the core never writes to disk).
 */
import type { AgentEvent } from '../agent/events';
import type { ChangeSet } from '../edits/changeSet/changeSet';
import type { ReviewOutcome } from '../ports';
import { languageOf, USAGE_SCHEMA_VERSION, type HunkUsage, type ReviewRecord, type TaskRecord, type UsageRecord } from './usageRecord';

export class UsageRecorder {
  private taskId = '';
  private steps = 0;
  private tokensIn = 0;
  private tokensOut = 0;
  private costUsd: number | null = null;
  private changeSets = 0;
  private readonly languages = new Set<string>();
  private accepted = 0;
  private rejected = 0;
  private edited = 0;
  private readonly proposed = new Map<string, { cs: ChangeSet; at: number }>();

  constructor(private readonly who: { endpoint: string; model: string }, private readonly now: () => number = Date.now, private readonly startedAt = now()) {}

  /** Feeds one event; returns the records it completes (none, a review, or the task). */
  observe(e: AgentEvent): UsageRecord[] {
    switch (e.type) {
      case 'started': this.taskId = e.taskId; return [];
      case 'step': this.steps = Math.max(this.steps, e.step); return [];
      case 'usage':
        this.tokensIn = e.total.promptTokens;
        this.tokensOut = e.total.completionTokens;
        this.costUsd = e.total.costUsd ?? null;
        return [];
      case 'changeSetProposed':
        this.changeSets++;
        this.proposed.set(e.changeSet.id, { cs: e.changeSet, at: this.now() });
        return [];
      case 'changeSetReviewed': return this.review(e);
      case 'finished': case 'stopped': case 'limitReached': case 'error': return [this.task(e.type)];
      default: return [];
    }
  }

  private review(e: Extract<AgentEvent, { type: 'changeSetReviewed' }>): ReviewRecord[] {
    const p = this.proposed.get(e.changeSetId);
    // Deferred: review mode `end` wrote the hunks without asking; they are counted when the user decides them at the end.
    if (!e.outcome.completed || e.outcome.deferred) return [];
    let accepted = 0;
    let rejected = 0;
    let edited = 0;
    let reasonGiven = false;
    const languages = new Set<string>();
    const rejectedKinds: string[] = [];
    const hunks: HunkUsage[] = [];
    for (const f of e.outcome.files) {
      const lang = languageOf(f.path);
      languages.add(lang);
      this.languages.add(lang);
      const action = p?.cs.files.find((x) => x.path === f.path)?.action ?? 'update';
      for (const d of f.decisions) {
        if (d.pending) continue; // left undecided: neither accepted nor rejected
        hunks.push({
          kind: `${action} ${lang}`, decision: d.decision.kind, reasonGiven: d.decision.kind === 'reject' && !!d.reason?.trim(),
          decideMs: p && d.decidedAt !== undefined ? Math.max(0, d.decidedAt - p.at) : null,
        });
        if (d.decision.kind === 'reject') {
          rejected++;
          rejectedKinds.push(`${action} ${lang}`);
          if (d.reason?.trim()) reasonGiven = true;
        } else {
          accepted++;
          if (d.decision.kind === 'edit') edited++;
        }
      }
    }
    this.accepted += accepted;
    this.rejected += rejected;
    this.edited += edited;
    return [{
      v: USAGE_SCHEMA_VERSION, kind: 'review', at: new Date(this.now()).toISOString(), taskId: this.taskId, changeSetId: e.changeSetId, ...this.who,
      languages: [...languages].sort(), hunksAccepted: accepted, hunksRejected: rejected, hunksEdited: edited, reasonGiven, rejectedKinds,
      decideMs: p ? Math.max(0, this.now() - p.at) : 0, hunks,
    }];
  }

  private task(outcome: string): TaskRecord {
    return {
      v: USAGE_SCHEMA_VERSION, kind: 'task', at: new Date(this.now()).toISOString(), taskId: this.taskId, ...this.who, outcome,
      languages: [...this.languages].sort(), steps: this.steps, tokensIn: this.tokensIn, tokensOut: this.tokensOut, costUsd: this.costUsd,
      durationMs: Math.max(0, this.now() - this.startedAt), changeSets: this.changeSets,
      hunksAccepted: this.accepted, hunksRejected: this.rejected, hunksEdited: this.edited,
    };
  }
}

/**
 * The usage records of another agent's proposal reviewed in Forge (`forge review` / `forge mcp`, the
 * IDE companion of Claude Code and Gemini CLI): recorded like Forge's own reviews, with the agent as
 * the endpoint ("agent: Claude Code").
 */
export function otherAgentReviewRecords(
  agent: string,
  review: { taskId: string; title: string; changeSet: ChangeSet; outcome: ReviewOutcome; acceptedHunks: number; rejectedHunks: number; changedFiles: string[] },
): UsageRecord[] {
  const recorder = new UsageRecorder({ endpoint: `agent: ${agent}`, model: agent });
  recorder.observe({ type: 'started', taskId: review.taskId, task: review.title, resumed: false });
  recorder.observe({ type: 'changeSetProposed', changeSet: review.changeSet });
  const { changeSet, outcome, acceptedHunks, rejectedHunks, changedFiles } = review;
  return recorder.observe({ type: 'changeSetReviewed', changeSetId: changeSet.id, outcome, acceptedHunks, rejectedHunks, changedFiles });
}
