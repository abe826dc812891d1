/**
 * The VS Code host's workspace listing: git ls-files / ripgrep once for the single local folder, then kept
 * current from a file system watcher (created on the first listing, not at activation), so every later
 * context pack and find_files fallback of the session starts from the cached listing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { IgnoreRules } from '../../core/context/ignoreRules';
import { listWorkspaceFiles } from '../../node/fileLister';
import { ListingCache } from '../../node/listingCache';
import { NodeWorkspace } from '../../node/nodeWorkspace';
import { findRipgrep } from '../../node/rgSearcher';

interface Watched {
  folder: string;
  cache: ListingCache;
  disposables: vscode.Disposable[];
}

export class WatchedListing implements vscode.Disposable {
  private current?: Watched;

  /** The folder's files that its ignore rules keep (sorted, relative), or null when no fast lister runs here. */
  get(folder: vscode.WorkspaceFolder, signal?: AbortSignal): Promise<string[] | null> {
    if (this.current?.folder !== folder.uri.fsPath) {
      this.dispose();
      this.current = this.watch(folder);
    }
    return this.current.cache.get(signal);
  }

  private watch(folder: vscode.WorkspaceFolder): Watched {
    const ws = new NodeWorkspace(folder.uri.fsPath);
    const rules = new IgnoreRules(ws);
    const cache = new ListingCache(ws.root, (signal) => listWorkspaceFiles(ws.root, findRipgrep, signal), {
      validate: 'events',
      isIgnored: async (rel) => (await rules.check(rel)).ignored,
    });
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
    const rel = (u: vscode.Uri) => path.relative(folder.uri.fsPath, u.fsPath).split(path.sep).join('/');
    /** An ignore file's event also drops the rules' loaded matchers. */
    const event = (apply: (r: string) => void) => (u: vscode.Uri) => {
      const r = rel(u);
      if (r.startsWith('..')) return;
      if (/(^|\/)\.(git|forge)ignore$/.test(r)) rules.invalidate();
      apply(r);
    };
    return {
      folder: folder.uri.fsPath,
      cache,
      disposables: [
        watcher,
        watcher.onDidCreate(event((r) => cache.onCreated(r))),
        watcher.onDidDelete(event((r) => cache.onDeleted(r))),
        watcher.onDidChange(event((r) => cache.onChanged(r))),
      ],
    };
  }

  dispose(): void {
    for (const d of this.current?.disposables ?? []) d.dispose();
    this.current = undefined;
  }
}
