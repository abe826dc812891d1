/**
 * How a review ends: the question asked when Done or closing the panel leaves hunks undecided
 * (Keep Pending is the default: nothing is decided for the engineer), the summary the panel shows
 * once every hunk is decided, and the announcement of a review Forge starts on its own (a
 * notification with a Review action; nothing takes focus from the editor or terminal).
 */
import * as vscode from 'vscode';
import type { ReviewSummaryMessage } from '../../protocol/review';
import type { ReviewSession } from '../../core/review/reviewSession';

export type PendingChoice = 'keep' | 'reject' | 'accept';

const KEEP = vscode.l10n.t('Keep Pending');
const REJECT = vscode.l10n.t('Reject Them');
const ACCEPT = vscode.l10n.t('Accept Them');

/**
 * Asks what to do with the undecided hunks. `closing`: the tab is already closed, so dismissing
 * the dialog keeps them pending; from Done, dismissing means "go back to the review" (undefined).
 */
export async function askAboutPending(session: ReviewSession, closing: boolean): Promise<PendingChoice | undefined> {
  const n = session.pendingCount;
  const files = session.pendingPaths();
  const title = session.changeSet.title ?? vscode.l10n.t('Proposed changes');
  const keep = session.appliedFromStart
    ? n === 1
      ? vscode.l10n.t('Keep Pending leaves it for later (Forge: Show Pending Changes, the Change Sets view or the status bar reopen the review). Undecided hunks stay in the files.')
      : vscode.l10n.t('Keep Pending leaves them for later (Forge: Show Pending Changes, the Change Sets view or the status bar reopen the review). Undecided hunks stay in the files.')
    : n === 1
      ? vscode.l10n.t('Keep Pending leaves it for later (Forge: Show Pending Changes, the Change Sets view or the status bar reopen the review). Nothing undecided is written.')
      : vscode.l10n.t('Keep Pending leaves them for later (Forge: Show Pending Changes, the Change Sets view or the status bar reopen the review). Nothing undecided is written.');
  const choice = await vscode.window.showWarningMessage(
    n === 1 ? vscode.l10n.t('1 hunk is still undecided in "{0}".', title) : vscode.l10n.t('{0} hunks are still undecided in "{1}".', n, title),
    { modal: true, detail: `${files.join(', ')}\n\n${keep}` },
    KEEP,
    REJECT,
    ACCEPT,
  );
  if (choice === REJECT) return 'reject';
  if (choice === ACCEPT) return 'accept';
  if (choice === KEEP) return 'keep';
  return closing ? 'keep' : undefined;
}

/** What the panel shows once every hunk is decided. */
export function reviewSummary(session: ReviewSession, written: ReadonlySet<string>, canRevert: boolean, writtenBy?: string): ReviewSummaryMessage {
  let accepted = 0;
  let rejected = 0;
  let edited = 0;
  for (const f of session.outcome(true).files) {
    for (const d of f.decisions) {
      if (d.decision.kind === 'reject') rejected++;
      else if (d.decision.kind === 'edit') edited++;
      else accepted++;
    }
  }
  return { type: 'summary', title: session.changeSet.title ?? 'Proposed changes', written: [...written].sort(), accepted, rejected, edited, canRevert, ...(writtenBy ? { writtenBy } : {}) };
}

/** What the model hears when the engineer decides, later, hunks they had left undecided. */
export function laterDecisionsNote(session: ReviewSession): string {
  const lines = session.outcome(true).files.map((f) => `- ${f.path}: ${f.decisions.map((d) => `hunk ${d.hunkIndex + 1} ${d.decision.kind === 'reject' ? `rejected${d.reason ? ` (reason: ${d.reason})` : ''}` : d.decision.kind === 'edit' ? 'accepted with the user\'s own edits' : 'accepted'}`).join(', ')}`);
  return `Note from Forge: the user has now decided the hunks they had left undecided in "${session.changeSet.title ?? 'Proposed changes'}":\n${lines.join('\n')}\nAccepted hunks are in the files now; rejected ones are not.`;
}

/**
 * Tells the engineer that Forge has a review for them, without taking focus: a notification whose
 * Review button (or Ctrl+Alt+R, Forge: Show Pending Changes) opens the panel.
 */
export async function announceReview(session: ReviewSession, reveal: () => void, by?: string): Promise<void> {
  const files = session.changeSet.files.length;
  const hunks = session.pendingCount;
  const hunkCount = hunks === 1 ? vscode.l10n.t('1 hunk') : vscode.l10n.t('{0} hunks', hunks);
  const review = vscode.l10n.t('Review');
  const choice = await vscode.window.showInformationMessage(
    by
      ? vscode.l10n.t('{0} proposes {1} in {2} and waits for your review.', by, hunkCount, session.changeSet.files.map((f) => f.path).join(', '))
      : vscode.l10n.t('Forge proposes {0} in {1}: "{2}". Review them when you are ready (Ctrl+Alt+R).', hunkCount,
        files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', files), session.changeSet.title ?? vscode.l10n.t('Proposed changes')),
    review,
  );
  if (choice === review) reveal();
}
