/** The CLI host's Workspace port: a folder on disk, read through Node's fs. Paths never leave the root. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FileStat, Workspace } from '../core/ports';
import { listWorkspaceFiles } from './fileLister';
import { ListingCache } from './listingCache';
import { findRipgrep } from './rgSearcher';
import { resolveInside } from './safePaths';
import { realpathSync } from 'node:fs';

export class NodeWorkspace implements Workspace {
  readonly root: string;
  /** The fast listing, kept while the folders' modification times say nothing was added or removed. */
  readonly listing: ListingCache;

  constructor(root: string) {
    this.root = realpathSync(root);
    this.listing = new ListingCache(this.root, (signal) => listWorkspaceFiles(this.root, findRipgrep, signal), { validate: 'mtime' });
  }

  /** Absolute path of a workspace-relative path, after the same checks forge apply makes. */
  abs(rel: string): string {
    if (rel === '' || rel === '.') return this.root;
    const r = resolveInside(this.root, rel);
    if (!r.ok) throw new Error(r.reason);
    return r.abs;
  }

  async readText(rel: string): Promise<string> {
    return fs.readFile(this.abs(rel), 'utf8');
  }

  async stat(rel: string): Promise<FileStat | null> {
    try {
      const st = await fs.stat(this.abs(rel));
      return { type: st.isDirectory() ? 'directory' : 'file', size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return null;
    }
  }

  async list(dir: string): Promise<{ name: string; type: 'file' | 'directory'; symlink?: boolean }[]> {
    const base = this.abs(dir);
    const out: { name: string; type: 'file' | 'directory'; symlink?: boolean }[] = [];
    for (const e of await fs.readdir(base, { withFileTypes: true })) {
      if (e.isDirectory()) out.push({ name: e.name, type: 'directory' });
      else if (e.isFile()) out.push({ name: e.name, type: 'file' });
      else if (e.isSymbolicLink()) {
        // Listed only when the link stays inside the workspace.
        const rel = dir ? `${dir}/${e.name}` : e.name;
        const real = await this.realPath(rel);
        if (real === null) continue;
        const st = await fs.stat(path.join(base, e.name)).catch(() => null);
        if (st) out.push({ name: e.name, type: st.isDirectory() ? 'directory' : 'file', symlink: true });
      }
    }
    return out;
  }

  listFiles(signal?: AbortSignal): Promise<string[] | null> {
    return this.listing.get(signal);
  }

  async realPath(rel: string): Promise<string | null> {
    if (rel === '' || rel === '.') return '';
    const r = resolveInside(this.root, rel);
    if (!r.ok) return /inside \.git/.test(r.reason) ? rel : null;
    return path.relative(this.root, r.abs).split(path.sep).join('/');
  }
}
