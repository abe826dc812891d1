/**
 * Records a companion review (Claude Code's or Gemini CLI's proposal) like Forge's own reviews, with
 * the agent as the endpoint ("agent: Claude Code"), so usage insights compare acceptance across agents.
 */
import type * as vscode from 'vscode';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import type { CompanionAnswer } from '../../core/review/companionProposal';
import { otherAgentReviewRecords } from '../../core/usage/usageRecorder';
import type { CompanionAgent } from '../../node/companion/companionHost';
import type { UsageLog } from '../../node/usageLog';

export function companionUsage(usage: UsageLog | undefined, agent: CompanionAgent, cs: ChangeSet, outcome: ReviewOutcome, answer: CompanionAnswer, log: vscode.LogOutputChannel): void {
  if (!usage) return;
  const accepted = answer.kind === 'accepted' ? answer.accepted + answer.edited : 0;
  const records = otherAgentReviewRecords(agent, {
    taskId: `companion-${cs.id}`, title: cs.title ?? agent, changeSet: cs, outcome,
    acceptedHunks: accepted,
    rejectedHunks: cs.files.reduce((n, f) => n + f.hunks.length, 0) - accepted,
    changedFiles: answer.kind === 'accepted' ? cs.files.map((f) => f.path) : [],
  });
  if (records.length) usage.append(records).catch((err: Error) => log.warn(`Usage log: ${err.message}`));
}
