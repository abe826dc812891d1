/**
 * Folders a change set creates for its new files: found before the files are written (so they can
 * be recorded with the checkpoint), and removed again, deepest first, once a revert or a rejection
 * leaves them empty. Folders that existed before, or that hold anything, are never touched. Pure:
 * the host passes its file system operations.
 */

export interface FolderOps {
  exists(dir: string): Promise<boolean>;
  /** Entry count, or undefined when the folder is gone. */
  entries(dir: string): Promise<number | undefined>;
  remove(dir: string): Promise<void>;
}

/** The workspace-relative folders that writing `path` would create, outermost first. */
export async function missingFolders(path: string, ops: Pick<FolderOps, 'exists'>): Promise<string[]> {
  const parts = path.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) {
    const dir = parts.slice(0, i).join('/');
    if (await ops.exists(dir)) break;
    out.unshift(dir);
  }
  return out;
}

/** Removes the recorded folders that are empty now, deepest first; returns those removed. */
export async function removeEmptyFolders(dirs: readonly string[], ops: Pick<FolderOps, 'entries' | 'remove'>): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [...new Set(dirs)].sort((a, b) => b.split('/').length - a.split('/').length)) {
    if ((await ops.entries(dir)) === 0) {
      await ops.remove(dir);
      removed.push(dir);
    }
  }
  return removed;
}

/** The recorded folders that hold one of `paths`. */
export function foldersAbove(dirs: Iterable<string>, paths: readonly string[]): string[] {
  return [...new Set(dirs)].filter((d) => paths.some((p) => p.startsWith(`${d}/`)));
}
