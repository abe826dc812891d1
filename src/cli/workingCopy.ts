/**
 * Review mode `end` for the CLI (`forge run --review end`): change sets are written to the folder
 * as the agent makes them (all or nothing, like `forge apply`), and at the end the task's change
 * set is shown once; each file is kept or rejected (--yes keeps everything). Rejecting writes the
 * file's text from before the task back, after checking nobody changed it since.
 */
import type { ChangeSet } from '../core/edits/changeSet';
import type { ReviewOutcome } from '../core/ports';
import { ReviewSession } from '../core/review/reviewSession';
import { readBase } from './applyEdit';
import { applyReviewed } from './applyReviewed';
import { formatChangeSetDiff, type Prompt } from './consoleApproval';
import { replaceTexts, type TextReplacement } from '../node/replaceTexts';
import { resolveInside } from '../node/safePaths';

export interface WorkingCopyOptions {
  root: string;
  /** Keep every change at the end review without asking. */
  yes: boolean;
  prompt?: Prompt;
  out: (text: string) => void;
}

export class CliWorkingCopy {
  constructor(private readonly o: WorkingCopyOptions) {}

  async applyWorking(cs: ChangeSet): Promise<{ ok: true } | { ok: false; error: string }> {
    const outcome: ReviewOutcome = { changeSetId: cs.id, completed: true, files: cs.files.map((f) => ({ path: f.path, decisions: (f.hunks.length ? f.hunks : [{ index: 0 }]).map((h) => ({ hunkIndex: h.index, decision: { kind: 'accept' as const } })) })) };
    const w = applyReviewed(this.o.root, cs, outcome);
    if (!w.ok) return { ok: false, error: w.error };
    this.o.out(`Wrote ${w.written.join(', ')} (working copy; reviewed when the task ends)\n`);
    return { ok: true };
  }

  async reviewApplied(cs: ChangeSet, bases: ReadonlyMap<string, string | null>): Promise<ReviewOutcome> {
    this.o.out(`\nThe task's changes (already in the files)${cs.title ? `: ${cs.title}` : ''}\n${formatChangeSetDiff(cs)}`);
    const session = new ReviewSession(cs, bases, { applied: true });
    for (const f of cs.files) {
      if (this.o.yes || !this.o.prompt) break;
      const a = await this.o.prompt(`Keep ${f.action} ${f.path}? [y/n, or n: reason] `);
      if (a === null) break;
      if (/^y(es)?$/i.test(a.trim())) session.decide(f.path, undefined, { kind: 'accept' });
      else session.decide(f.path, undefined, { kind: 'reject' }, a.replace(/^\s*no?\s*:?\s*/i, '').trim() || undefined);
    }
    const error = this.restore(session);
    if (error) {
      this.o.out(`Nothing was restored: ${error}\n`);
      return { ...session.outcome(true), applyError: error };
    }
    return session.outcome(true);
  }

  /** Writes the rejected files' old text back, all checked (under the writers' locks) before any is written. */
  private restore(session: ReviewSession): string | undefined {
    const plan: TextReplacement[] = [];
    for (const f of session.changeSet.files) {
      for (const t of session.transitions(f.path)) {
        const r = resolveInside(this.o.root, t.path);
        if (!r.ok) return r.reason;
        plan.push({ abs: r.abs, expected: t.expected, next: t.next, path: t.path });
      }
    }
    if (plan.length === 0) return undefined;
    const done = replaceTexts(plan, readBase);
    if (!done.ok) return done.error;
    this.o.out(`Restored ${plan.map((p) => p.path).join(', ')}\n`);
    return undefined;
  }
}
