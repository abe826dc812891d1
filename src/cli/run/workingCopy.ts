/**
 * Review mode `end` for the CLI (`forge run --review end`): change sets are written to the folder
 * as the agent makes them (all or nothing, like `forge apply`), and at the end the task's change
 * set is reviewed once, hunk by hunk (--yes keeps everything). Rejecting a hunk writes its text from
 * before the task back (an edited hunk writes the user's lines), after checking nobody changed the
 * file since. Hunks left undecided stay as the agent wrote them.
 */
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import { ReviewSession } from '../../core/review/reviewSession';
import { readBase } from '../apply/applyEdit';
import { applyReviewed } from '../apply/applyReviewed';
import { formatChangeSetDiff } from './consoleDiff';
import type { ConsoleApprovalOptions } from './consoleApproval';
import { reviewHunks } from './hunkReview';
import { replaceTexts, type TextReplacement } from '../../node/write/replaceTexts';
import { resolveInside } from '../../node/safePaths';
import { journalDirOf } from '../../node/write/writeJournal';

/** The console review's options (`yes` keeps every change at the end review without asking); no sandbox rules here. */
export type WorkingCopyOptions = Omit<ConsoleApprovalOptions, 'saveRule'>;

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
    this.o.out(`\nThe task's changes (already in the files)${cs.title ? `: ${cs.title}` : ''}\n`);
    const session = new ReviewSession(cs, bases, { applied: true });
    if (this.o.yes || !this.o.prompt) this.o.out(formatChangeSetDiff(cs, { color: Boolean(this.o.color) }));
    else {
      const decided = await reviewHunks(cs, { prompt: this.o.prompt, out: this.o.out, style: { color: Boolean(this.o.color) }, verb: 'Keep', edit: this.o.edit });
      for (const f of decided.files) {
        const whole = cs.files.find((x) => x.path === f.path)?.hunks.length === 0;
        for (const d of f.decisions) session.decide(f.path, whole ? undefined : d.hunkIndex, d.decision, d.reason);
      }
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
    const done = replaceTexts(plan, readBase, undefined, { journalDir: journalDirOf(this.o.root) });
    if (!done.ok) return done.error;
    this.o.out(`Restored ${plan.map((p) => p.path).join(', ')}\n`);
    return undefined;
  }
}
