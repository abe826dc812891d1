/**
 * What Forge's companion servers (Claude Code's and Gemini CLI's IDE protocols) need from the editor,
 * and the one review step both use: another agent's proposed file content becomes a change set
 * reviewed per hunk in Forge; the answer is the content the engineer's decisions produce. Forge
 * writes nothing here: the agent writes what it is told.
 */
import * as path from 'node:path';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import { companionAnswer, proposalChangeSet, type CompanionAnswer } from '../../core/review/companionProposal';
import { transplant } from '../../core/review/threeWay';

export type CompanionAgent = 'Claude Code' | 'Gemini CLI';

export interface CompanionReviewer {
  /** The local workspace folders (absolute); proposals outside them are refused. */
  folders(): string[];
  /** The text the engineer sees now: the editor's (unsaved) text when the file is open, else the disk's; null when missing. */
  currentText(absPath: string): Promise<string | null>;
  /** Reviews the change set per hunk WITHOUT writing it; resolves with the decisions (or when `signal` aborts). */
  review(cs: ChangeSet, agent: CompanionAgent, signal: AbortSignal): Promise<ReviewOutcome>;
  /** Tells the engineer something the agent's protocol cannot carry (e.g. the reason of a rejection). */
  notify(message: string): void;
  /** Records the decisions beside Forge's own (usage insights, exports). */
  record?(agent: CompanionAgent, cs: ChangeSet, outcome: ReviewOutcome, answer: CompanionAnswer): void;
}

/** Editor facts an agent may ask for (Claude Code's IDE tools); each missing one answers "not available". */
export interface CompanionEditor {
  openFile?(absPath: string, line?: number): Promise<void>;
  diagnostics?(absPath?: string): Promise<{ path: string; diagnostics: { message: string; severity: string; line: number; character: number; source?: string }[] }[]>;
  selection?(): Promise<{ path: string; text: string; start: { line: number; character: number }; end: { line: number; character: number } } | null>;
  openEditors?(): Promise<{ path: string; isActive: boolean; isDirty: boolean; languageId: string }[]>;
  documentState?(absPath: string): Promise<{ open: boolean; dirty: boolean }>;
  save?(absPath: string): Promise<boolean>;
}

/** The workspace-relative path of `absPath`, or undefined when it is in no folder. */
export function inFolders(folders: readonly string[], absPath: string): string | undefined {
  const abs = path.resolve(absPath);
  for (const f of folders) {
    const rel = path.relative(f, abs);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return undefined;
}

/**
 * Reviews one proposal: the file's current text is the base; after the review, if the engineer typed
 * in the file meanwhile, the decisions are carried onto what is there now (or the proposal is
 * rejected with the reason): whatever the agent then writes never loses the engineer's text.
 */
export async function reviewProposal(
  host: CompanionReviewer,
  agent: CompanionAgent,
  absPath: string,
  proposed: string,
  signal: AbortSignal,
): Promise<CompanionAnswer> {
  const rel = inFolders(host.folders(), absPath);
  if (!rel) throw new Error(`${absPath} is outside this window's workspace folders; Forge reviews files of the open workspace only.`);
  const base = await host.currentText(absPath);
  const cs = proposalChangeSet({ path: rel, base, proposed }, `${agent}: ${rel}`);
  if (!cs) throw new Error(`${rel}: ${agent}'s proposal cannot be shown as hunks of the file's current text (mixed line endings); review it in the agent.`);
  if (cs.files.length === 0) return { kind: 'accepted', content: proposed, accepted: 0, rejected: 0, edited: 0, reasons: [] };
  const outcome = await host.review(cs, agent, signal);
  const now = await host.currentText(absPath);
  let answer = companionAnswer(cs, base, outcome);
  if (now !== base && answer.kind === 'accepted') {
    // The engineer typed in the file meanwhile: carry the reviewed result onto what is there now.
    const moved = transplant(base, answer.content, now);
    if (moved.conflicts.length === 0 && moved.text !== null) answer = { ...answer, content: moved.text };
    else {
      const why = `${rel} changed while ${agent}'s proposal was under review, where the proposal changes it too; ${agent} was told the proposal was rejected, and your text was kept.`;
      host.notify(why);
      answer = { kind: 'rejected', reasons: [why] };
    }
  }
  host.record?.(agent, cs, outcome, answer);
  return answer;
}

/**
 * Neither agent's protocol carries a rejection's reason: the engineer is told what the agent heard,
 * and the reasons, so they can say it in the agent's terminal if it matters.
 */
export function tellReasons(host: CompanionReviewer, agent: CompanionAgent, absPath: string, answer: CompanionAnswer): void {
  if (answer.reasons.length === 0) return;
  const told = answer.kind === 'accepted'
    ? `${agent} was told to write ${path.basename(absPath)} with the ${answer.accepted + answer.edited} hunk(s) you accepted`
    : `${agent} was told its proposal for ${path.basename(absPath)} was rejected`;
  host.notify(`${told}. Its protocol carries no reason, so tell it in its terminal if it matters: ${answer.reasons.join('; ')}`);
}
