/**
 * "Forge: Review Patch...": reads a patch (the active .diff/.patch editor, or a file the user
 * picks), builds a verified change set against the workspace, and opens the review panel.
 * A patch that does not apply gets one message naming the file and hunk; nothing is written.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { parseEdit, type ParseEditOptions } from '../../core/edits/parse/parseEdit';
import { buildCheckedChangeSet } from '../../core/edits/changeSet/checkedChangeSet';
import { flagSyntaxErrors } from '../../core/edits/check/syntaxCheck';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import { ReviewSession } from '../../core/review/reviewSession';
import { readCurrentText, resolveUnder } from '../hostFiles';
import { ReviewPanel, type ReviewPanelDeps } from './reviewPanel';

const PATCH_EXTENSIONS = ['diff', 'patch'];

/** The patch to review: the active editor when it is a diff, otherwise a file the user picks. */
async function pickPatch(arg?: vscode.Uri): Promise<{ uri: vscode.Uri; text: string } | undefined> {
  if (arg instanceof vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(arg);
    return { uri: arg, text: doc.getText() };
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'diff' || PATCH_EXTENSIONS.some((e) => active.fileName.endsWith(`.${e}`)))) {
    return { uri: active.uri, text: active.getText() };
  }
  // Just after a tab switch the active editor may not be known yet; the active tab is.
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (!active && tab instanceof vscode.TabInputText && PATCH_EXTENSIONS.some((e) => tab.uri.path.endsWith(`.${e}`))) {
    const doc = await vscode.workspace.openTextDocument(tab.uri);
    return { uri: tab.uri, text: doc.getText() };
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Review Patch'),
    title: vscode.l10n.t('Forge: pick a patch to review'),
    filters: { [vscode.l10n.t('Patches')]: PATCH_EXTENSIONS, [vscode.l10n.t('All files')]: ['*'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked?.[0]) return undefined;
  const doc = await vscode.workspace.openTextDocument(picked[0]);
  return { uri: picked[0], text: doc.getText() };
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export async function reviewPatch(deps: ReviewPanelDeps, arg?: vscode.Uri): Promise<void> {
  const root = vscode.workspace.getWorkspaceFolder(arg ?? vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/'))?.uri
    ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: open a folder first; a patch is applied to the files of a workspace folder.'));
    return;
  }
  const patch = await pickPatch(arg);
  if (!patch) return;
  const name = fileName(patch.uri);
  const built = await buildPatchChangeSet(deps, root, patch.text, name);
  if (!built.ok) {
    const text = vscode.l10n.t('Forge: {0}', built.message);
    if (built.level === 'info') void vscode.window.showInformationMessage(text);
    else if (!built.details) void vscode.window.showErrorMessage(text);
    else {
      deps.log.warn(`${name} does not apply:\n${built.details}`);
      const showDetails = vscode.l10n.t('Show Details');
      const choice = await vscode.window.showErrorMessage(text, showDetails);
      if (choice === showDetails) deps.log.show(true);
    }
    return;
  }
  const { changeSet, bases } = built;
  ReviewPanel.show(deps, root, new ReviewSession(changeSet, bases));
}

export type BuiltPatch =
  | { ok: true; changeSet: ChangeSet; bases: Map<string, string | null> }
  | { ok: false; message: string; level: 'error' | 'info'; details?: string };

/**
 * An edit's text (any format) as a verified change set against the files of `root` as the user sees them
 * (open editors first), with syntax warnings; or one sentence saying why not. Nothing is written.
 */
export async function buildPatchChangeSet(deps: ReviewPanelDeps, root: vscode.Uri, text: string, name: string, format: ParseEditOptions['format'] = 'auto'): Promise<BuiltPatch> {
  const parsed = parseEdit(text, { format });
  if (parsed.files.length === 0) {
    const why = parsed.problems[0] ? ` (line ${parsed.problems[0].line}: ${parsed.problems[0].message})` : '';
    return { ok: false, level: 'error', message: `${name} contains no file changes${why}.` };
  }
  const bases = new Map<string, string | null>();
  for (const f of parsed.files) {
    for (const p of [f.path, f.newPath]) {
      if (p === undefined || bases.has(p)) continue;
      const uri = resolveUnder(root, p);
      if (!uri) return { ok: false, level: 'error', message: `${name} touches ${p}, which is outside the workspace folder; nothing was written.` };
      bases.set(p, (await readCurrentText(uri)).text);
    }
  }
  // Hunks placed by anything but an exact match must not add a syntax error (files with a grammar).
  const wasmDir = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'wasm').fsPath;
  const built = await buildCheckedChangeSet(parsed, bases, { id: randomUUID(), title: name, wasmDir });
  if (!built.ok) {
    // A refusal's reason is one sentence that already names the file and the hunk.
    const r = built.refusals[0];
    const more = built.refusals.length > 1 ? ` (${built.refusals.length - 1} more in the Forge log)` : '';
    return { ok: false, level: 'error', message: `${name} does not apply; nothing was written. ${r.reason}${more}`, details: built.refusals.map((x) => `- ${x.reason}`).join('\n') };
  }
  if (built.changeSet.files.length === 0) return { ok: false, level: 'info', message: `${name} changes nothing: everything it contains is already in the files.` };
  return { ok: true, changeSet: await withSyntaxWarnings(deps, built.changeSet, bases), bases };
}

/** Flags hunks that add a parse error (tree-sitter); a check that cannot run never blocks review. */
async function withSyntaxWarnings(deps: ReviewPanelDeps, cs: ChangeSet, bases: ReadonlyMap<string, string | null>): Promise<ChangeSet> {
  try {
    return await flagSyntaxErrors(cs, bases, { wasmDir: vscode.Uri.joinPath(deps.extensionUri, 'dist', 'wasm').fsPath });
  } catch (err) {
    deps.log.warn(`syntax check skipped: ${err instanceof Error ? err.message : String(err)}`);
    return cs;
  }
}
