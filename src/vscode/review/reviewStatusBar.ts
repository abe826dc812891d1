/**
 * A status bar item while hunks wait for a decision (open reviews, and sets kept pending):
 * "$(git-pull-request) 3 to review". It announces without taking focus; a click (or Ctrl+Alt+R,
 * Forge: Show Pending Changes) brings the review forward.
 */
import * as vscode from 'vscode';
import type { JsonDirStore } from '../jsonStore';
import { ReviewPanel, type PendingReview } from './reviewPanel';

export class ReviewStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('forge.pendingReview', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly pending: JsonDirStore<PendingReview>) {
    this.item.name = vscode.l10n.t('Forge: Pending Review');
    this.item.command = 'forge.showPendingChanges';
    this.subscription = ReviewPanel.onDidChange(() => void this.update());
    void this.update();
  }

  private async update(): Promise<void> {
    const open = ReviewPanel.all();
    let hunks = open.reduce((n, p) => n + p.session.pendingCount, 0);
    let sets = open.filter((p) => p.session.pendingCount > 0).length;
    for (const e of await this.pending.list()) {
      if (open.some((p) => p.session.changeSet.id === e.snapshot.changeSet.id)) continue;
      const n = e.snapshot.states.filter((s) => !s.decision).length;
      hunks += n;
      if (n > 0) sets++;
    }
    if (hunks === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(git-pull-request) ${vscode.l10n.t('{0} to review', hunks)}`;
    const undecided = hunks === 1 ? vscode.l10n.t('1 undecided hunk') : vscode.l10n.t('{0} undecided hunks', hunks);
    const changeSets = sets === 1 ? vscode.l10n.t('1 change set') : vscode.l10n.t('{0} change sets', sets);
    this.item.tooltip = vscode.l10n.t('Forge: {0} in {1}. Click (or Ctrl+Alt+R) to review.', undecided, changeSets);
    this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
