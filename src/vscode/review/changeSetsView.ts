/**
 * The "Change Sets" tree in the Forge activity-bar container: first the change sets waiting for a
 * decision (open panels, and sets whose undecided hunks were kept pending: click to reopen), then
 * the workspace's history (applied, partly applied, rejected, reverted), each with its files and
 * Forge's hunks, and Revert / Reapply / Show Diff on a set, a file or a hunk. Empty, it shows a
 * welcome text with a Review Patch button (package.json `viewsWelcome`).
 */
import * as vscode from 'vscode';
import type { Checkpoint } from '../../core/review/checkpoints';
import { describeHunk, forgeHunks, revertState } from '../../core/review/revertPlan';
import type { ChangeHunk } from '../../core/review/threeWay';
import type { CheckpointStore } from './checkpointStore';
import type { JsonDirStore } from '../jsonStore';
import { ReviewPanel, type PendingReview } from './reviewPanel';

export type ChangeSetNode =
  | { kind: 'pending'; id: string; title: string; panel?: ReviewPanel; pending: number; files: number }
  | { kind: 'pendingFile'; panel: ReviewPanel; path: string }
  | { kind: 'set'; cp: Checkpoint }
  | { kind: 'file'; cp: Checkpoint; path: string }
  | { kind: 'hunk'; cp: Checkpoint; path: string; hunk: ChangeHunk; reverted: boolean };

const STATUS_ICON: Record<string, string> = {
  pending: 'circle-large-outline',
  accepted: 'pass',
  rejected: 'circle-slash',
  partly: 'circle-large-filled',
  conflict: 'warning',
};

/** What a history entry is now: how its review ended, then any revert since. */
export function historyState(cp: Checkpoint): string {
  const reverted = cp.files.length > 0 ? revertState(cp) : 'applied';
  if (reverted !== 'applied') return reverted;
  return cp.result ?? 'applied';
}

export class ChangeSetsView implements vscode.TreeDataProvider<ChangeSetNode>, vscode.Disposable {
  static readonly id = 'forge.changeSets';
  private readonly changed = new vscode.EventEmitter<ChangeSetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly checkpoints: CheckpointStore, private readonly pending: JsonDirStore<PendingReview>) {
    this.subscriptions = [ReviewPanel.onDidChange(() => this.refresh()), checkpoints.onDidChange(() => this.refresh())];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: ChangeSetNode): Promise<ChangeSetNode[]> {
    if (!node) {
      const open = ReviewPanel.all();
      const pending: ChangeSetNode[] = open.map((panel) => ({ kind: 'pending', id: panel.session.changeSet.id, title: panel.session.changeSet.title ?? 'Proposed changes', panel, pending: panel.session.pendingCount, files: panel.session.changeSet.files.length }));
      for (const e of await this.pending.list()) {
        const id = e.snapshot.changeSet.id;
        if (open.some((p) => p.session.changeSet.id === id)) continue;
        pending.push({ kind: 'pending', id, title: e.snapshot.changeSet.title ?? 'Proposed changes', pending: e.snapshot.states.filter((s) => !s.decision).length, files: e.snapshot.changeSet.files.length });
      }
      const history: ChangeSetNode[] = (await this.checkpoints.list()).filter((cp) => !open.some((p) => p.session.changeSet.id === cp.changeSetId)).map((cp) => ({ kind: 'set', cp }));
      return [...pending, ...history];
    }
    if (node.kind === 'pending') return node.panel ? node.panel.session.changeSet.files.map((f) => ({ kind: 'pendingFile', panel: node.panel!, path: f.path })) : [];
    if (node.kind === 'set') return node.cp.files.map((f) => ({ kind: 'file', cp: node.cp, path: f.path }));
    if (node.kind === 'file') {
      const f = node.cp.files.find((x) => x.path === node.path);
      if (!f) return [];
      const hunks = forgeHunks(f);
      if (hunks.length === 1 && hunks[0].index < 0) return [];
      const reverted = new Set(f.reverted ?? []);
      return hunks.map((hunk) => ({ kind: 'hunk', cp: node.cp, path: node.path, hunk, reverted: reverted.has(hunk.index) }));
    }
    return [];
  }

  getTreeItem(node: ChangeSetNode): vscode.TreeItem {
    switch (node.kind) {
      case 'pending': {
        const item = new vscode.TreeItem(node.title, node.panel ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.description = node.files === 1 ? vscode.l10n.t('{0} undecided · 1 file', node.pending) : vscode.l10n.t('{0} undecided · {1} files', node.pending, node.files);
        item.iconPath = new vscode.ThemeIcon('git-pull-request');
        item.tooltip = node.panel ? vscode.l10n.t('Under review: click to show the review panel') : vscode.l10n.t('Undecided hunks kept pending: click to reopen the review');
        item.command = node.panel
          ? { command: 'forge.revealReview', title: vscode.l10n.t('Show Review'), arguments: [node.id] }
          : { command: 'forge.showPendingChanges', title: vscode.l10n.t('Reopen Review'), arguments: [node.id] };
        item.contextValue = 'forgeChangeSet';
        return item;
      }
      case 'pendingFile': {
        const session = node.panel.session;
        const file = session.file(node.path)!;
        const item = new vscode.TreeItem(vscode.Uri.file(file.newPath ?? file.path), vscode.TreeItemCollapsibleState.None);
        const status = session.status(node.path);
        item.description = `${file.action === 'update' ? '' : `${file.action} · `}${status}`;
        item.iconPath = new vscode.ThemeIcon(STATUS_ICON[status] ?? 'circle-large-outline');
        item.tooltip = `${file.newPath ? `${file.path} → ${file.newPath}` : file.path}: ${status}`;
        item.command = { command: 'forge.revealReview', title: vscode.l10n.t('Show Review'), arguments: [session.changeSet.id] };
        return item;
      }
      case 'set': {
        const state = historyState(node.cp);
        const item = new vscode.TreeItem(node.cp.title, node.cp.files.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = `${state} · ${new Date(node.cp.updatedAt).toLocaleString()}`;
        item.iconPath = new vscode.ThemeIcon(state === 'rejected' ? 'circle-slash' : state === 'reverted' ? 'discard' : 'history');
        item.tooltip = `${node.cp.title}: ${state}${node.cp.files.length ? ` (${node.cp.files.map((f) => f.path).join(', ')})` : ''}`;
        item.contextValue = node.cp.files.length === 0 ? 'forgeHistorySet' : `forgeHistorySet.${state.replace(/ /g, '-')}`;
        return item;
      }
      case 'file': {
        const f = node.cp.files.find((x) => x.path === node.path);
        const item = new vscode.TreeItem(vscode.Uri.file(node.path), vscode.TreeItemCollapsibleState.Collapsed);
        const n = f ? forgeHunks(f).length : 0;
        const r = f?.reverted?.length ?? 0;
        item.description = r === 0 ? vscode.l10n.t('applied') : r >= n ? vscode.l10n.t('reverted') : vscode.l10n.t('{0} of {1} hunks reverted', r, n);
        item.contextValue = `forgeHistoryFile.${r === 0 ? 'applied' : r >= n ? 'reverted' : 'partly-reverted'}`;
        item.command = { command: 'forge.showChangeSetDiff', title: vscode.l10n.t('Show Diff'), arguments: [node] };
        return item;
      }
      case 'hunk': {
        const item = new vscode.TreeItem(vscode.l10n.t('Hunk {0}', node.hunk.index + 1), vscode.TreeItemCollapsibleState.None);
        const what = describeHunk(node.hunk, 'reapply').replace(/^hunk \d+ \(|\)$/g, '');
        item.description = node.reverted ? vscode.l10n.t('reverted · {0}', what) : what;
        item.iconPath = new vscode.ThemeIcon(node.reverted ? 'discard' : 'diff');
        item.contextValue = `forgeHistoryHunk.${node.reverted ? 'reverted' : 'applied'}`;
        item.command = { command: 'forge.showChangeSetDiff', title: vscode.l10n.t('Show Diff'), arguments: [node] };
        return item;
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
