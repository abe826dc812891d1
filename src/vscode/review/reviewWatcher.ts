/**
 * Notices when a file under review changes outside the panel (saved in an editor, written by a
 * tool, git checkout), so the panel can place its pending hunks again or flag the file as a
 * conflict at once, instead of when the user next decides it. Events are batched per 300 ms.
 */
import * as vscode from 'vscode';
import type { ReviewSession } from '../../core/review/reviewSession';
import { readCurrentText, resolveUnder } from '../hostFiles';

export class ReviewWatcher implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: vscode.Uri,
    /** The workspace-relative paths to watch. */
    private readonly paths: ReadonlySet<string>,
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
    if (!this.paths.has(rel)) return;
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

/** Every disk location of a change set's files (settleOutsideChanges skips files already decided). */
export function watchedPaths(session: ReviewSession): Set<string> {
  const out = new Set<string>();
  for (const f of session.changeSet.files) {
    out.add(f.path);
    if (f.newPath) out.add(f.newPath);
  }
  return out;
}

/**
 * Brings the session in line with files changed outside the panel: `placed` files had their
 * pending hunks located again in the current text; `updated` files became (or stopped being) a
 * conflict. Files whose text is what the session expects are left alone.
 */
export async function settleOutsideChanges(session: ReviewSession, root: vscode.Uri, paths: string[], log: vscode.LogOutputChannel): Promise<{ placed: string[]; updated: string[] }> {
  const placed: string[] = [];
  const updated: string[] = [];
  for (const path of new Set(paths)) {
    const file = session.file(path);
    const disk = session.onDisk(path);
    const uri = disk && resolveUnder(root, disk.path);
    if (!file || file.action !== 'update' || !disk || !uri || !session.hasPending(path)) continue;
    const now = (await readCurrentText(uri)).text;
    if (now === disk.text) {
      if (session.conflict(path)) {
        session.setConflict(path, undefined);
        updated.push(path);
      }
      continue;
    }
    const refusals = now === null ? [{ reason: 'it was deleted' }] : session.rebase(path, now);
    if (refusals.length === 0) placed.push(path);
    else {
      session.setConflict(path, `${path} ${now === null ? 'was deleted' : 'changed on disk'} after the change was proposed`);
      log.warn(`${path} changed on disk; its pending hunks no longer fit: ${refusals.map((r) => r.reason).join(' ')}`);
      updated.push(path);
    }
  }
  return { placed, updated };
}
