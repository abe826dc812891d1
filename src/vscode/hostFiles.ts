/**
 * Reading the current text of workspace files for the edit engine, the way the user sees them:
 * an open editor with unsaved changes wins over disk, so nothing the user typed is overwritten.
 */
import * as vscode from 'vscode';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** A file's current text and where it came from. */
export interface CurrentText {
  uri: vscode.Uri;
  /** null when the file does not exist. */
  text: string | null;
  /** True when the text is an open editor's unsaved content. */
  fromDirtyEditor: boolean;
}

/** Resolves a workspace-relative path (forward slashes) under root; undefined when it escapes root. */
export function resolveUnder(root: vscode.Uri, relPath: string): vscode.Uri | undefined {
  const clean = relPath.replace(/\\/g, '/');
  if (clean.startsWith('/') || /^[a-zA-Z]:/.test(clean)) return undefined;
  const parts: string[] = [];
  for (const seg of clean.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  if (parts.length === 0) return undefined;
  return vscode.Uri.joinPath(root, ...parts);
}

export async function readCurrentText(uri: vscode.Uri): Promise<CurrentText> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) return { uri, text: doc.getText(), fromDirtyEditor: true };
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { uri, text: decoder.decode(bytes), fromDirtyEditor: false };
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
      return { uri, text: null, fromDirtyEditor: false };
    }
    throw err;
  }
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

export async function readBytes(uri: vscode.Uri): Promise<Uint8Array | null> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return null;
  }
}

export function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
