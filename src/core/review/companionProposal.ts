/**
 * Another agent's proposed file content (Claude Code's or Gemini CLI's `openDiff`) as a change set
 * Forge reviews per hunk, and the engineer's decisions back as the content that agent should write.
 * Pure: the hosts read the current text and run the review (src/node/companion).
 */
import type { ChangeSet, HunkDecision } from '../edits/changeSet/changeSet';
import { changeSetFromTexts } from '../edits/changeSet/textChanges';
import { renderFile } from '../edits/changeSet/textDoc';
import type { ReviewOutcome } from '../ports';

export interface CompanionProposal {
  /** Workspace-relative path with forward slashes. */
  path: string;
  /** The file's current text (the editor's, when it is open), null when it does not exist. */
  base: string | null;
  /** The content the agent proposes to write. */
  proposed: string;
}

/** What the agent is told: write this content, or the proposal was rejected (with the reasons given). */
export type CompanionAnswer =
  | { kind: 'accepted'; content: string; accepted: number; rejected: number; edited: number; reasons: string[] }
  | { kind: 'rejected'; reasons: string[] };

let counter = 0;

/**
 * The proposal as hunks of the current text (changeSetFromTexts: one per run of changed lines, each
 * reviewable on its own, verified to render the proposal's bytes exactly). No file when nothing
 * changes; undefined when the proposal cannot be expressed as hunks of the current text.
 */
export function proposalChangeSet(p: CompanionProposal, title: string): ChangeSet | undefined {
  const id = `companion-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const built = changeSetFromTexts(id, title, [{ path: p.path, before: p.base, after: p.proposed }]);
  return built.unexpressible.length ? undefined : built.changeSet;
}

/**
 * The content the engineer's decisions produce from `base` (the accepted hunks, with their edits;
 * undecided hunks count as rejected: nothing is written that was not accepted). Every hunk rejected,
 * or the review dismissed, is a rejection.
 */
export function companionAnswer(cs: ChangeSet, base: string | null, outcome: ReviewOutcome): CompanionAnswer {
  const file = cs.files[0];
  const decided = outcome.files.find((f) => f.path === file.path)?.decisions ?? [];
  const reasons = decided.flatMap((d) => (d.reason ? [d.reason] : []));
  if (!outcome.completed && decided.length === 0) return { kind: 'rejected', reasons };
  const decisions = new Map<number, HunkDecision>();
  for (const h of file.hunks) decisions.set(h.index, { kind: 'reject' });
  let accepted = 0;
  let edited = 0;
  for (const d of decided) {
    if (d.pending || d.decision.kind === 'reject') continue;
    decisions.set(d.hunkIndex, d.decision);
    if (d.decision.kind === 'edit') edited++;
    else accepted++;
  }
  const rejected = file.hunks.length - accepted - edited;
  // A change of the final newline alone (no hunk) follows the whole proposal's fate.
  if (accepted + edited === 0 && (file.hunks.length > 0 || !outcome.completed)) return { kind: 'rejected', reasons };
  const content = renderFile(base, file, decisions);
  if (content === null) return { kind: 'rejected', reasons };
  return { kind: 'accepted', content, accepted, rejected, edited, reasons };
}
