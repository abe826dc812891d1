/**
 * The Workspace port on vscode.workspace.fs. Paths are relative to the first workspace folder; in
 * a multi-root workspace, a path whose first segment names another folder resolves in that folder
 * ("api/src/x.ts" with a folder named "api"). An open editor's unsaved text wins over disk, as in
 * the review panel, so the model sees what the user sees.
 */
import * as vscode from 'vscode';
import type { FileStat, Workspace } from '../../core/ports';
import { NodeWorkspace } from '../../node/nodeWorkspace';
import { readCurrentText, resolveUnder } from '../hostFiles';
import { WatchedListing } from './watchedListing';

type Entry = { name: string; type: 'file' | 'directory'; symlink?: boolean };

export interface Located {
  folder: vscode.WorkspaceFolder;
  /** The path inside that folder ('' for the folder itself). */
  rest: string;
  /** The folder-name prefix the path carried ('' for the first folder). */
  prefix: string;
}

export class VscodeWorkspace implements Workspace, vscode.Disposable {
  private readonly listing = new WatchedListing();

  constructor(private readonly folders: () => readonly vscode.WorkspaceFolder[] = () => vscode.workspace.workspaceFolders ?? []) {}

  dispose(): void {
    this.listing.dispose();
  }

  /** Which folder a workspace-relative path belongs to. */
  locate(rel: string): Located {
    const all = this.folders();
    if (all.length === 0) throw new Error('No folder is open in VS Code.');
    const clean = rel.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/^\.$/, '');
    const [head, ...tail] = clean.split('/');
    const other = all.slice(1).find((f) => f.name === head);
    if (other) return { folder: other, rest: tail.join('/'), prefix: `${head}/` };
    return { folder: all[0]!, rest: clean, prefix: '' };
  }

  uri(rel: string): vscode.Uri {
    const { folder, rest } = this.locate(rel);
    if (rest === '' || rest === '.') return folder.uri;
    const u = resolveUnder(folder.uri, rest);
    if (!u) throw new Error(`${rel} is outside the workspace`);
    return u;
  }

  async readText(rel: string): Promise<string> {
    const r = await readCurrentText(this.uri(rel));
    if (r.text === null) throw new Error(`${rel} does not exist`);
    return r.text;
  }

  async stat(rel: string): Promise<FileStat | null> {
    try {
      const st = await vscode.workspace.fs.stat(this.uri(rel));
      return { type: st.type & vscode.FileType.Directory ? 'directory' : 'file', size: st.size, mtimeMs: st.mtime };
    } catch {
      return null;
    }
  }

  async list(dir: string): Promise<Entry[]> {
    const loc = this.locate(dir);
    const out: Entry[] = [];
    for (const [name, type] of await vscode.workspace.fs.readDirectory(this.uri(dir))) {
      const kind = type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : undefined;
      if (!kind) continue;
      if (type & vscode.FileType.SymbolicLink) {
        const rel = dir ? `${dir.replace(/\/$/, '')}/${name}` : name;
        if ((await this.realPath(rel)) === null) continue;
        out.push({ name, type: kind, symlink: true });
      } else out.push({ name, type: kind });
    }
    // The first folder's root also lists the other folders of a multi-root workspace.
    if (loc.prefix === '' && loc.rest === '') {
      for (const f of this.folders().slice(1)) if (!out.some((e) => e.name === f.name)) out.push({ name: f.name, type: 'directory' });
    }
    return out;
  }

  async realPath(rel: string): Promise<string | null> {
    const loc = this.locate(rel);
    if (loc.folder.uri.scheme !== 'file') return rel;
    const real = await new NodeWorkspace(loc.folder.uri.fsPath).realPath(loc.rest);
    return real === null ? null : real === '' ? loc.prefix.replace(/\/$/, '') : `${loc.prefix}${real}`;
  }

  /** Fast listing for a single local folder (git or ripgrep, then kept from watcher events); multi-root and remote workspaces walk. */
  async listFiles(signal?: AbortSignal): Promise<string[] | null> {
    const all = this.folders();
    if (all.length !== 1 || all[0]!.uri.scheme !== 'file') return null;
    return this.listing.get(all[0]!, signal);
  }

  async findFiles(glob: string, options?: { maxResults?: number; signal?: AbortSignal }): Promise<string[]> {
    const out: string[] = [];
    const all = this.folders();
    for (const [i, folder] of all.entries()) {
      const token = new vscode.CancellationTokenSource();
      options?.signal?.addEventListener('abort', () => token.cancel(), { once: true });
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), null, options?.maxResults, token.token);
      token.dispose();
      const base = folder.uri.path.replace(/\/$/, '');
      for (const u of found) out.push(`${i === 0 ? '' : `${folder.name}/`}${u.path.slice(base.length + 1)}`);
    }
    return out.sort();
  }
}
