/**
 * Folders a change set created for its new files: found before the files are written, recorded
 * with the checkpoint, and removed again once a revert or a rejection leaves them empty. Folders
 * that existed before Forge, or that hold anything, are never touched.
 */
import * as vscode from 'vscode';
import { resolveUnder } from './hostFiles';

const exists = (uri: vscode.Uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);

/** The workspace-relative folders that writing `path` would create (outermost first). */
export async function missingFolders(root: vscode.Uri, path: string): Promise<string[]> {
  const parts = path.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) {
    const dir = parts.slice(0, i).join('/');
    const uri = resolveUnder(root, dir);
    if (!uri || (await exists(uri))) break;
    out.unshift(dir);
  }
  return out;
}

/** Removes the recorded folders that are empty now, deepest first. */
export async function removeEmptyCreatedDirs(root: vscode.Uri, dirs: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [...new Set(dirs)].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const uri = resolveUnder(root, dir);
    if (!uri) continue;
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(uri)).then((e) => e, () => undefined);
    if (entries && entries.length === 0) {
      await vscode.workspace.fs.delete(uri, { recursive: false, useTrash: false });
      removed.push(dir);
    }
  }
  return removed;
}
