/**
 * Revert and Reapply of an applied change set, per set, file or hunk ("Forge: Revert Change
 * Set...", the Change Sets view, the review summary). A three-way merge (before Forge / as Forge
 * wrote it / now) moves Forge's hunks the engineer did not touch and keeps their edits; the
 * hunks they did touch open in the review panel as a proposal instead of refusing everything.
 * Asks first (modal, listing the files), writes through one WorkspaceEdit, says what moved, keeps
 * the set in the history (Reapply), and tells the model (RevertNotes).
 */
import * as vscode from 'vscode';
import { describeCheckpoint, type Checkpoint } from '../../core/review/checkpoints';
import { changeSetFromTexts } from '../../core/edits/changeSet/textChanges';
import { planReverts, revertNote, revertState, markReverted, type FileRevert, type RevertDirection } from '../../core/review/revertPlan';
import { ReviewSession } from '../../core/review/reviewSession';
import { applyTransitions } from './applyTransitions';
import { CheckpointDocuments } from './checkpointDocuments';
import { readBytes, resolveUnder } from '../hostFiles';
import { removeEmptyCreatedDirs } from './createdDirs';
import { ReviewPanel, type ReviewPanelDeps } from './reviewPanel';

export interface RevertRequest {
  changeSetId?: string;
  path?: string;
  /** One of Forge's hunks of `path` (revertPlan.forgeHunks numbering). */
  hunk?: number;
  direction?: RevertDirection;
}

const hunkCount = (n: number) => (n === 1 ? vscode.l10n.t('1 hunk') : vscode.l10n.t('{0} hunks', n));
/** "Forge: nothing was reverted: {reason}." for the direction. */
const nothingDone = (dir: RevertDirection, reason: string) =>
  dir === 'revert' ? vscode.l10n.t('Forge: nothing was reverted: {0}.', reason) : vscode.l10n.t('Forge: nothing was reapplied: {0}.', reason);

export async function revertChangeSet(deps: ReviewPanelDeps, root: vscode.Uri | undefined, req: RevertRequest = {}): Promise<void> {
  const dir = req.direction ?? 'revert';
  const Verb = dir === 'revert' ? vscode.l10n.t('Revert') : vscode.l10n.t('Reapply');
  if (!root) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: open a folder first.'));
    return;
  }
  const cp = req.changeSetId ? await deps.checkpoints.get(req.changeSetId) : await pick(deps, dir);
  if (!cp) {
    if (req.changeSetId) void vscode.window.showErrorMessage(vscode.l10n.t('Forge: that change set is no longer in the history of this workspace.'));
    return;
  }
  const current = new Map<string, Uint8Array | null>();
  for (const f of cp.files) {
    const uri = resolveUnder(root, f.path);
    current.set(f.path, uri ? await readBytes(uri) : null);
  }
  const plan = planReverts(cp, current, dir, { path: req.path, hunk: req.hunk });
  const moving = plan.filter((r) => r.applied.length > 0);
  const stuck = plan.filter((r) => r.conflicts.length > 0);
  if (moving.length === 0 && !stuck.some((r) => r.proposal !== null)) {
    const why = stuck[0]
      ? (stuck[0].problem ?? vscode.l10n.t('{0} changed where Forge wrote it', stuck[0].path))
      : dir === 'revert' ? vscode.l10n.t('there is nothing left to revert') : vscode.l10n.t('there is nothing left to reapply');
    const showDiff = vscode.l10n.t('Show Diff');
    const choice = await vscode.window.showWarningMessage(nothingDone(dir, why), ...(stuck[0] && !stuck[0].problem ? [showDiff] : []));
    if (choice === showDiff) await CheckpointDocuments.showChangedSince(cp.changeSetId, stuck[0].path, resolveUnder(root, stuck[0].path)!);
    return;
  }
  if (!(await confirm(cp, moving, stuck, Verb))) return;

  const outcome = await applyTransitions(root, moving.map((r) => ({ path: r.path, expected: r.now, next: r.next })));
  if (outcome.conflicts.length > 0) {
    void vscode.window.showErrorMessage(nothingDone(dir, outcome.conflicts[0].reason));
    return;
  }
  if (moving.some((r) => r.next === null)) await removeEmptyCreatedDirs(root, cp.createdDirs ?? []);
  await deps.checkpoints.put(markReverted(cp, moving, dir, Date.now()));
  deps.notes.push(revertNote(cp.title, plan, dir));
  const hunks = moving.reduce((n, r) => n + r.applied.length, 0);
  deps.onReverted?.({ changeSetId: cp.changeSetId, direction: dir, hunks, paths: moving.map((r) => r.path) });
  const paths = moving.map((r) => r.path).join(', ');
  deps.log.info(`${dir === 'revert' ? 'Reverted' : 'Reapplied'} ${hunks} hunk(s) in ${paths} ("${cp.title}")${stuck.length ? `; left: ${stuck.map((r) => r.path).join(', ')}` : ''}`);
  const done = dir === 'revert'
    ? vscode.l10n.t('Forge: Reverted {0} in {1} ("{2}").', hunkCount(hunks), paths, cp.title)
    : vscode.l10n.t('Forge: Reapplied {0} in {1} ("{2}").', hunkCount(hunks), paths, cp.title);
  const proposals = stuck.filter((r) => r.proposal !== null);
  if (proposals.length > 0) {
    const edited = proposals.reduce((n, r) => n + r.conflicts.length, 0);
    void vscode.window.showInformationMessage(edited === 1
      ? vscode.l10n.t('{0} 1 hunk you edited since is in the review panel: decide it there.', done)
      : vscode.l10n.t('{0} {1} hunks you edited since are in the review panel: decide them there.', done, edited));
    showConflictReview(deps, root, cp, proposals);
  } else void vscode.window.showInformationMessage(done);
}

async function pick(deps: ReviewPanelDeps, dir: RevertDirection): Promise<Checkpoint | undefined> {
  const all = (await deps.checkpoints.list()).filter((cp) => cp.files.length > 0 && revertState(cp) !== (dir === 'revert' ? 'reverted' : 'applied'));
  if (all.length === 0) {
    void vscode.window.showInformationMessage(dir === 'revert' ? vscode.l10n.t('Forge: no change sets to revert in this workspace.') : vscode.l10n.t('Forge: no change sets to reapply in this workspace.'));
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(
    all.map((cp) => ({ label: cp.title, description: `${revertState(cp)} · ${new Date(cp.updatedAt).toLocaleString()}`, detail: describeCheckpoint(cp), cp })),
    dir === 'revert'
      ? { title: vscode.l10n.t('Forge: Revert Change Set'), placeHolder: vscode.l10n.t('Pick an applied change set: its hunks are taken out of the files, your own edits kept') }
      : { title: vscode.l10n.t('Forge: Reapply Change Set'), placeHolder: vscode.l10n.t('Pick a reverted change set to write again') },
  );
  return choice?.cp;
}

/** The modal question: what moves, and what stays (edited since). */
async function confirm(cp: Checkpoint, moving: FileRevert[], stuck: FileRevert[], Verb: string): Promise<boolean> {
  const lines = [
    ...moving.map((r) => !r.applied.some((h) => h.index < 0)
      ? vscode.l10n.t('{0}: {1}', r.path, hunkCount(r.applied.length))
      : r.next === null ? vscode.l10n.t('{0}: {1} (the file is deleted)', r.path, hunkCount(r.applied.length)) : vscode.l10n.t('{0}: {1} (the whole file)', r.path, hunkCount(r.applied.length))),
    ...stuck.map((r) => r.proposal !== null
      ? vscode.l10n.t('{0}: {1} you edited since will open in the review panel', r.path, hunkCount(r.conflicts.length))
      : vscode.l10n.t('{0}: {1} you edited since stay as they are', r.path, hunkCount(r.conflicts.length))),
  ];
  const question = Verb === vscode.l10n.t('Revert') ? vscode.l10n.t('Revert "{0}"?', cp.title) : vscode.l10n.t('Reapply "{0}"?', cp.title);
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: vscode.l10n.t('{0}\n\nYour own edits in these files are kept.', lines.join('\n')) }, Verb);
  return choice === Verb;
}

/** The hunks Forge and the engineer both touched, as a proposal on the merged text: the engineer decides each. */
function showConflictReview(deps: ReviewPanelDeps, root: vscode.Uri, cp: Checkpoint, proposals: FileRevert[]): void {
  const { changeSet } = changeSetFromTexts(`${cp.changeSetId}-revert-${Date.now().toString(36)}`, `Revert (edited since): ${cp.title}`, proposals.map((r) => ({ path: r.path, before: r.next, after: r.proposal })));
  if (changeSet.files.length === 0) return;
  const bases = new Map(proposals.map((r) => [r.path, r.next] as const));
  ReviewPanel.show(deps, root, new ReviewSession(changeSet, bases));
}
