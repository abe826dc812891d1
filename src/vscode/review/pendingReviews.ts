/**
 * Pending change sets across restarts: the panel serializer that brings review panels back after
 * a reload, and "Forge: Show Pending Changes", which reopens any change set still under review.
 */
import { webviewPageOptions } from '../webviewPages';
import * as vscode from 'vscode';
import { ReviewSession } from '../../core/review/reviewSession';
import { ReviewPanel, type ReviewPanelDeps } from './reviewPanel';

function describe(snapshotFiles: number, decided: number, total: number): string {
  return `${snapshotFiles} file${snapshotFiles === 1 ? '' : 's'} · ${decided}/${total} hunks decided`;
}

export function registerReviewSerializer(deps: ReviewPanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(ReviewPanel.viewType, {
    async deserializeWebviewPanel(panel, state: unknown) {
      const id = typeof state === 'object' && state !== null && 'changeSetId' in state ? String(state.changeSetId) : '';
      const entry = id ? await deps.pending.get(id) : undefined;
      if (!entry || ReviewPanel.reveal(id)) {
        panel.dispose();
        return;
      }
      panel.webview.options = webviewPageOptions(deps.extensionUri);
      ReviewPanel.attach(deps, panel, vscode.Uri.parse(entry.root), ReviewSession.restore(entry.snapshot), entry.origin);
    },
  });
}

/** Reopens a change set with undecided hunks (`id`: that one; otherwise the only one, or a pick), with focus. */
export async function showPendingChanges(deps: ReviewPanelDeps, id?: string): Promise<void> {
  if (id && ReviewPanel.reveal(id)) return;
  const entries = (await deps.pending.list()).filter((e) => !id || e.snapshot.changeSet.id === id).sort((a, b) => b.updatedAt - a.updatedAt);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no change sets are waiting for review.'));
    return;
  }
  const items = entries.map((e) => {
    const states = e.snapshot.states;
    return {
      label: e.snapshot.changeSet.title ?? vscode.l10n.t('Proposed changes'),
      description: new Date(e.updatedAt).toLocaleString(),
      detail: describe(e.snapshot.changeSet.files.length, states.filter((s) => s.decision).length, states.length),
      entry: e,
    };
  });
  const pick = entries.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Forge: Pending Changes'), placeHolder: vscode.l10n.t('Pick a change set to review') });
  if (!pick) return;
  if (ReviewPanel.reveal(pick.entry.snapshot.changeSet.id)) return;
  ReviewPanel.show(deps, vscode.Uri.parse(pick.entry.root), ReviewSession.restore(pick.entry.snapshot), { origin: pick.entry.origin });
}
