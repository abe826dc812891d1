/**
 * Writes a batch of review decisions to disk through ONE WorkspaceEdit (so Ctrl+Z in the editors
 * undoes it), saves the touched files, and verifies that disk holds exactly the bytes the review
 * showed. All or nothing: every location is checked before anything is edited, and a location
 * whose current text is not what the review expects is reported as a conflict, never overwritten.
 * The check and the write happen under the same per-file locks as `forge apply` and other windows
 * use (src/node/write/fileLock), so two writers cannot both pass the check and one overwrite the other.
 */
import * as vscode from 'vscode';
import type { Transition } from '../../core/review/reviewSession';
import { parseText } from '../../core/edits/changeSet/textDoc';
import { acquireLocks } from '../../node/write/fileLock';
import { encodeText, readBytes, readCurrentText, resolveUnder, sameBytes } from '../hostFiles';
import { missingFolders } from './createdDirs';

export interface ApplyOutcome {
  /** Paths written or deleted. */
  written: string[];
  /** Locations whose current text is not what the review expected: nothing was applied. */
  conflicts: { path: string; reason: string }[];
  /** Files that had unsaved changes in an editor: edited there, left unsaved as they were. */
  unsaved: string[];
  /** The old bytes of every touched location (null = did not exist), for checkpoints. */
  previous: Map<string, Uint8Array | null>;
  /** Folders created for new files (workspace-relative), for checkpoints. */
  createdDirs: string[];
}

export async function applyTransitions(root: vscode.Uri, transitions: readonly Transition[]): Promise<ApplyOutcome> {
  // Local files only: a remote file system has no shared place for a lock file.
  const local = transitions.map((t) => resolveUnder(root, t.path)).filter((u): u is vscode.Uri => u?.scheme === 'file');
  const lock = await acquireLocks(local.map((u) => u.fsPath));
  if (!lock.ok) {
    return { written: [], conflicts: transitions.map((t) => ({ path: t.path, reason: lock.error })), unsaved: [], previous: new Map(), createdDirs: [] };
  }
  try {
    return await applyLocked(root, transitions);
  } finally {
    lock.release();
  }
}

async function applyLocked(root: vscode.Uri, transitions: readonly Transition[]): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { written: [], conflicts: [], unsaved: [], previous: new Map(), createdDirs: [] };
  const planned: { t: Transition; uri: vscode.Uri; dirty: boolean }[] = [];
  for (const t of transitions) {
    const uri = resolveUnder(root, t.path);
    if (!uri) {
      outcome.conflicts.push({ path: t.path, reason: 'the path is outside the workspace folder' });
      continue;
    }
    const current = await readCurrentText(uri);
    if (current.text !== t.expected) {
      outcome.conflicts.push({ path: t.path, reason: staleReason(t, current.text, current.fromDirtyEditor) });
      continue;
    }
    planned.push({ t, uri, dirty: current.fromDirtyEditor });
  }
  if (outcome.conflicts.length > 0 || planned.length === 0) return outcome;

  const edit = new vscode.WorkspaceEdit();
  const toSave: vscode.Uri[] = [];
  /** Files whose open, unmodified document VS Code has not yet reloaded from disk: written directly (below). */
  const direct: vscode.Uri[] = [];
  for (const { t, uri, dirty } of planned) {
    outcome.previous.set(t.path, await readBytes(uri));
    if (t.next === null) edit.deleteFile(uri, { ignoreIfNotExists: false });
    else if (t.expected === null) {
      outcome.createdDirs.push(...(await missingFolders(root, t.path)));
      edit.createFile(uri, { overwrite: false, contents: encodeText(t.next) });
    }
    else if (await replaceDocumentText(edit, uri, t.next, dirty ? null : t.expected)) {
      // An editor with unsaved changes is edited but not saved: saving would write the user's
      // other unsaved work without asking.
      if (!dirty) toSave.push(uri);
    } else direct.push(uri);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error('VS Code did not apply the edit; nothing was changed.');
  }
  for (const uri of toSave) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
  }
  // VS Code reloads an unmodified document when its file changes; editing such a document before
  // the reload would start from its old text, and saving it then fails as "newer on disk" and
  // leaves the editor dirty. Those files are written directly (below) and reloaded by VS Code.
  // What reaches disk must be exactly what was reviewed. VS Code's text model normalises mixed
  // line endings; where that changed a byte, write the reviewed bytes directly.
  for (const uri of direct) {
    const t = planned.find((p) => p.uri === uri)!.t;
    await vscode.workspace.fs.writeFile(uri, encodeText(t.next!));
  }
  for (const { t, uri, dirty } of planned) {
    if (dirty) outcome.unsaved.push(t.path);
    else if (t.next !== null) {
      const want = encodeText(t.next);
      if (!sameBytes(await readBytes(uri), want)) await vscode.workspace.fs.writeFile(uri, want);
    }
    outcome.written.push(t.path);
  }
  return outcome;
}

function staleReason(t: Transition, current: string | null, dirty: boolean): string {
  if (t.expected === null) return `${t.path} was created after the change was proposed`;
  if (current === null) return `${t.path} was deleted after the change was proposed`;
  return dirty
    ? `${t.path} has unsaved changes in an editor that differ from the reviewed text`
    : `${t.path} changed on disk after the change was proposed`;
}

/**
 * Adds to `edit` the smallest single replacement that turns the document's text into `text`.
 * `diskText` is the file's text on disk when the document has no unsaved changes: if the document
 * does not hold it yet (VS Code has not reloaded it), nothing is added and false is returned.
 */
async function replaceDocumentText(edit: vscode.WorkspaceEdit, uri: vscode.Uri, text: string, diskText: string | null): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  // The document holds neither the BOM nor mixed terminators: compare in its own terms.
  const inDocTerms = (t: string) => {
    const parsed = parseText(t);
    return parsed.lines.map((l, i) => l + (parsed.terminators[i] ? eol : '')).join('');
  };
  const have = doc.getText();
  if (diskText !== null && !doc.isDirty && have !== inDocTerms(diskText)) return false;
  const want = inDocTerms(text);
  if (have === want) return true;
  let start = 0;
  const max = Math.min(have.length, want.length);
  while (start < max && have.charCodeAt(start) === want.charCodeAt(start)) start++;
  let endHave = have.length;
  let endWant = want.length;
  while (endHave > start && endWant > start && have.charCodeAt(endHave - 1) === want.charCodeAt(endWant - 1)) {
    endHave--;
    endWant--;
  }
  // Never split a CRLF pair.
  if (start > 0 && have.charCodeAt(start - 1) === 13) start--;
  if (endHave < have.length && have.charCodeAt(endHave) === 10 && have.charCodeAt(endHave - 1) === 13) {
    endHave++;
    endWant++;
  }
  edit.replace(uri, new vscode.Range(doc.positionAt(start), doc.positionAt(endHave)), want.slice(start, endWant));
  return true;
}
