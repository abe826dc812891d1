/**
 * Turns one task's agent events into decision records (decisionRecord.ts): at each proposal it
 * keeps the hunks with a few lines of their file around them, read through the Workspace port;
 * at each review one record per decided hunk. Secret-looking and ignored files are skipped and
 * every text passes the task's secret redactor (the one tool output goes through). The host
 * writes the records (the core never writes to disk).
 */
import type { AgentEvent } from '../agent/events';
import type { ChangeSet, FileChange } from '../edits/changeSet/changeSet';
import { hashText } from '../edits/changeSet/textDoc';
import { IgnoreRules } from '../context/ignoreRules';
import { SecretRedactor } from '../context/redaction';
import { isSecretPath } from '../context/secrets';
import type { Workspace } from '../ports';
import { CONTEXT_LINES, DECISION_SCHEMA_VERSION, type DecisionRecord } from './decisionRecord';
import { languageOf } from './usageRecord';

interface Kept {
  at: number;
  files: Map<string, { file: FileChange; base: string[] }>;
}

export class DecisionRecorder {
  private taskId = '';
  private task = '';
  private readonly proposed = new Map<string, Kept>();
  private redactor: Promise<SecretRedactor> | undefined;
  private readonly ignore: IgnoreRules;

  constructor(
    private readonly who: { endpoint: string; model: string },
    private readonly workspace: Workspace,
    private readonly o: { now?: () => number; secretValues?: string[] } = {},
  ) {
    this.ignore = new IgnoreRules(workspace);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Feeds one event (in order; await each); returns the records it completes. */
  async observe(e: AgentEvent): Promise<DecisionRecord[]> {
    switch (e.type) {
      case 'started':
        this.taskId = e.taskId;
        if (!e.resumed || !this.task) this.task = e.task;
        return [];
      case 'changeSetProposed':
        this.proposed.set(e.changeSet.id, await this.keep(e.changeSet, e.bases));
        return [];
      case 'changeSetReviewed':
        return this.review(e);
      default:
        return [];
    }
  }

  private async excluded(path: string): Promise<boolean> {
    if (isSecretPath(path)) return true;
    try {
      return (await this.ignore.check(path)).ignored;
    } catch {
      return true; // cannot tell: leave it out
    }
  }

  /** `bases`: the texts the proposal was located in, when the event has them; else the files are read now. */
  private async keep(cs: ChangeSet, bases?: Record<string, string | null>): Promise<Kept> {
    const kept: Kept = { at: this.now(), files: new Map() };
    for (const f of cs.files) {
      if ((await this.excluded(f.path)) || (f.newPath && (await this.excluded(f.newPath)))) continue;
      let base: string[] = [];
      if (f.action !== 'add') {
        try {
          const text = bases && f.path in bases ? (bases[f.path] ?? '') : await this.workspace.readText(f.path);
          // Changed since the proposal (review mode `end` writes before the review): no context rather than the wrong one.
          if (!f.baseHash || hashText(text) === f.baseHash) {
            base = text.split(/\r?\n/);
            if (base.at(-1) === '') base.pop(); // the text after the last line terminator is not a line
          }
        } catch {
          base = []; // gone meanwhile: the hunk's own lines are still kept
        }
      }
      kept.files.set(f.path, { file: f, base });
    }
    return kept;
  }

  private async review(e: Extract<AgentEvent, { type: 'changeSetReviewed' }>): Promise<DecisionRecord[]> {
    const kept = this.proposed.get(e.changeSetId);
    // Deferred: review mode `end` wrote the hunks without asking; the user decides them at the end.
    if (!kept || !e.outcome.completed || e.outcome.applyError || e.outcome.deferred) return [];
    this.proposed.delete(e.changeSetId);
    this.redactor ??= SecretRedactor.forWorkspace(this.workspace, this.o.secretValues ?? []);
    const r = await this.redactor;
    const red = (lines: readonly string[]) => lines.map((l) => r.redact(l));
    const out: DecisionRecord[] = [];
    for (const f of e.outcome.files) {
      const k = kept.files.get(f.path);
      if (!k) continue;
      for (const d of f.decisions) {
        if (d.pending) continue;
        const h = k.file.hunks.find((x) => x.index === d.hunkIndex);
        const start = h?.baseStart ?? 0;
        const old = h?.oldLines ?? [];
        out.push({
          v: DECISION_SCHEMA_VERSION, kind: 'hunk', taskId: this.taskId, task: r.redact(this.task), ...this.who, changeSetId: e.changeSetId,
          proposedAt: new Date(kept.at).toISOString(),
          decidedAt: d.decidedAt !== undefined ? new Date(d.decidedAt).toISOString() : null,
          decideMs: d.decidedAt !== undefined ? Math.max(0, d.decidedAt - kept.at) : null,
          path: f.path, action: k.file.action, language: languageOf(k.file.newPath ?? f.path), hunkIndex: d.hunkIndex, startLine: start + 1,
          before: red(k.base.slice(Math.max(0, start - CONTEXT_LINES), start)),
          oldLines: red(old),
          proposedLines: red(h?.newLines ?? []),
          after: red(k.base.slice(start + old.length, start + old.length + CONTEXT_LINES)),
          decision: d.decision.kind,
          editedLines: d.decision.kind === 'edit' ? red(d.decision.newLines) : null,
          reason: d.decision.kind === 'reject' && d.reason?.trim() ? r.redact(d.reason.trim()) : null,
        });
      }
    }
    return out;
  }
}
