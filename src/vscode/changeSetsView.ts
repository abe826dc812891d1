/**
 * The "Change Sets" tree in the Forge activity-bar container: the change sets under review in
 * this window, with their files. Empty, it shows a welcome text with a Review Patch button
 * (contributed in package.json `viewsWelcome`).
 */
import * as vscode from 'vscode';
import { ReviewPanel } from './reviewPanel';

type Node = { kind: 'set'; panel: ReviewPanel } | { kind: 'file'; panel: ReviewPanel; path: string };

const STATUS_ICON: Record<string, string> = {
  pending: 'circle-large-outline',
  accepted: 'pass',
  rejected: 'circle-slash',
  partly: 'circle-large-filled',
  conflict: 'warning',
};

export class ChangeSetsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly id = 'forge.changeSets';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription = ReviewPanel.onDidChange(() => this.changed.fire(undefined));

  getChildren(node?: Node): Node[] {
    if (!node) return ReviewPanel.all().map((panel) => ({ kind: 'set', panel }));
    if (node.kind === 'set') return node.panel.session.changeSet.files.map((f) => ({ kind: 'file', panel: node.panel, path: f.path }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const session = node.panel.session;
    if (node.kind === 'set') {
      const item = new vscode.TreeItem(session.changeSet.title ?? 'Proposed changes', vscode.TreeItemCollapsibleState.Expanded);
      const files = session.changeSet.files.length;
      item.description = `${files} file${files === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('git-pull-request');
      item.command = { command: 'forge.revealReview', title: 'Show Review', arguments: [session.changeSet.id] };
      item.contextValue = 'forgeChangeSet';
      return item;
    }
    const file = session.file(node.path)!;
    const item = new vscode.TreeItem(vscode.Uri.file(file.newPath ?? file.path), vscode.TreeItemCollapsibleState.None);
    const status = session.status(node.path);
    item.description = `${file.action === 'update' ? '' : `${file.action} · `}${status}`;
    item.iconPath = new vscode.ThemeIcon(STATUS_ICON[status] ?? 'circle-large-outline');
    item.tooltip = `${file.newPath ? `${file.path} → ${file.newPath}` : file.path}: ${status}`;
    item.command = { command: 'forge.revealReview', title: 'Show Review', arguments: [session.changeSet.id] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
