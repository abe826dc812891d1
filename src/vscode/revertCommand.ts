/**
 * "Forge: Revert Change Set...": lists applied change sets and restores the exact bytes their files
 * had before, in one WorkspaceEdit. A file changed after Forge wrote it is not touched: the revert
 * is refused with a diff of what Forge wrote against what is there now.
 */
import * as vscode from 'vscode';
import { describeCheckpoint, planRevert } from '../core/review/checkpoints';
import { applyTransitions } from './applyTransitions';
import type { CheckpointStore } from './checkpointStore';
import { readBytes, resolveUnder } from './hostFiles';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const text = (b: Uint8Array | null): string | null => (b === null ? null : decoder.decode(b));

export async function revertChangeSet(root: vscode.Uri | undefined, store: CheckpointStore, log: vscode.LogOutputChannel): Promise<void> {
  if (!root) {
    void vscode.window.showErrorMessage('Forge: open a folder first.');
    return;
  }
  const checkpoints = await store.list();
  if (checkpoints.length === 0) {
    void vscode.window.showInformationMessage('Forge: no applied change sets to revert in this workspace.');
    return;
  }
  const pick = await vscode.window.showQuickPick(
    checkpoints.map((cp) => ({
      label: cp.title,
      description: new Date(cp.updatedAt).toLocaleString(),
      detail: describeCheckpoint(cp),
      cp,
    })),
    { title: 'Forge: Revert Change Set', placeHolder: 'Pick an applied change set to restore its files to their previous bytes' },
  );
  if (!pick) return;
  const current = new Map<string, Uint8Array | null>();
  for (const f of pick.cp.files) {
    const uri = resolveUnder(root, f.path);
    current.set(f.path, uri ? await readBytes(uri) : null);
  }
  const plan = planRevert(pick.cp, current);
  if (plan.conflicts.length > 0) {
    const c = plan.conflicts[0];
    const choice = await vscode.window.showErrorMessage(
      `Forge: nothing was reverted: ${c.reason}.`,
      ...(c.current !== null ? ['Show Diff'] : []),
    );
    if (choice === 'Show Diff') {
      const written = await vscode.workspace.openTextDocument({ content: text(c.written) ?? '' });
      await vscode.commands.executeCommand('vscode.diff', written.uri, resolveUnder(root, c.path), `${c.path}: as Forge wrote it ↔ now`);
    }
    return;
  }
  const outcome = await applyTransitions(
    root,
    plan.restores.map((r) => ({ path: r.path, expected: text(r.current), next: text(r.bytes) })),
  );
  if (outcome.conflicts.length > 0) {
    void vscode.window.showErrorMessage(`Forge: nothing was reverted: ${outcome.conflicts[0].reason}.`);
    return;
  }
  await store.remove(pick.cp.changeSetId);
  log.info(`reverted ${pick.cp.changeSetId}: ${outcome.written.join(', ')}`);
  void vscode.window.showInformationMessage(`Forge: reverted "${pick.cp.title}" (${outcome.written.length} file${outcome.written.length === 1 ? '' : 's'}).`);
}
