/**
 * Notices when a file under review changes outside the panel (saved in an editor, written by a
 * tool, git checkout), so the panel can place its pending hunks again or flag the file as a
 * conflict at once, instead of when the user next decides it. Events are batched per 300 ms.
 */
import * as vscode from 'vscode';

export class ReviewWatcher implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: vscode.Uri,
    /** The workspace-relative paths to watch (asked on every event: the set can change). */
    private readonly paths: () => ReadonlySet<string>,
    private readonly onChange: (paths: string[]) => void,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'));
    const on = (uri: vscode.Uri) => this.note(uri);
    this.watcher.onDidChange(on);
    this.watcher.onDidCreate(on);
    this.watcher.onDidDelete(on);
  }

  private note(uri: vscode.Uri): void {
    const base = this.root.path.replace(/\/$/, '');
    if (uri.scheme !== this.root.scheme || !uri.path.startsWith(`${base}/`)) return;
    const rel = uri.path.slice(base.length + 1);
    if (!this.paths().has(rel)) return;
    this.changed.add(rel);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        const batch = [...this.changed];
        this.changed.clear();
        this.onChange(batch);
      }, 300);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.watcher.dispose();
  }
}
