/**
 * The VS Code side of core/review/createdFolders: folders created for a change set's new files,
 * and their removal once empty again (workspace.fs, under the workspace folder only).
 */
import * as vscode from 'vscode';
import { missingFolders as missing, removeEmptyFolders } from '../../core/review/createdFolders';
import { resolveUnder } from '../hostFiles';

function ops(root: vscode.Uri) {
  const at = (dir: string) => resolveUnder(root, dir);
  return {
    exists: async (dir: string) => {
      const uri = at(dir);
      return !uri || (await Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false));
    },
    entries: async (dir: string) => {
      const uri = at(dir);
      return uri ? Promise.resolve(vscode.workspace.fs.readDirectory(uri)).then((e) => e.length, () => undefined) : undefined;
    },
    remove: async (dir: string) => {
      const uri = at(dir);
      if (uri) await vscode.workspace.fs.delete(uri, { recursive: false, useTrash: false });
    },
  };
}

/** The workspace-relative folders that writing `path` would create (outermost first). */
export function missingFolders(root: vscode.Uri, path: string): Promise<string[]> {
  return missing(path, ops(root));
}

/** Removes the recorded folders that are empty now, deepest first. */
export function removeEmptyCreatedDirs(root: vscode.Uri, dirs: readonly string[]): Promise<string[]> {
  return removeEmptyFolders(dirs, ops(root));
}
