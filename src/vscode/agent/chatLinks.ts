/**
 * What the chat's code blocks and references do in the editor: Copy (the clipboard), Insert at
 * Cursor (the active editor's selections, as one undoable edit; nothing is saved), a workspace
 * file reference opens the file at its line, and a web link goes through VS Code's own
 * external-link confirmation (openExternal). Paths outside the workspace are refused.
 */
import * as vscode from 'vscode';
import { resolveUnder } from '../hostFiles';

export async function copyCode(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Forge: code copied'), 2000);
}

export async function insertCode(text: string): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: open an editor and place the cursor where the code should go, then Insert at Cursor again.'));
    return;
  }
  await editor.edit((b) => {
    for (const sel of editor.selections) b.replace(sel, text);
  });
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

export async function openFileReference(path: string, line: number | undefined): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const clean = path.replace(/^\.\//, '');
  for (const f of folders) {
    const uri = resolveUnder(f.uri, clean);
    if (!uri) continue;
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.type & vscode.FileType.Directory) {
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      }
    } catch {
      continue;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const l = Math.max(0, Math.min((line ?? 1) - 1, doc.lineCount - 1));
    const pos = new vscode.Position(l, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
    return;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Forge: {0} is not a file in this workspace.', path));
}

/** http(s) only (no mailto: a model's link must not prefill a mail); VS Code asks before opening a domain the user has not trusted. */
export async function openLink(url: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(url, true);
  } catch {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: "{0}" is not a link Forge can open.', url));
    return;
  }
  if (!['http', 'https'].includes(uri.scheme)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: only web links open from the chat ("{0}" was not opened).', url));
    return;
  }
  await vscode.env.openExternal(uri);
}
