/**
 * Read-only virtual documents of a change set's history (scheme `forge-checkpoint`): a file as it
 * was before Forge wrote it, or as Forge wrote it. The URI keeps the file's path, so VS Code picks
 * its language (syntax colour), and nothing is ever an unsaved Untitled document.
 */
import * as vscode from 'vscode';
import { fromB64 } from '../../core/review/checkpoints';
import type { CheckpointStore } from './checkpointStore';

export const CHECKPOINT_SCHEME = 'forge-checkpoint';
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class CheckpointDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly store: CheckpointStore) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, this);
  }

  static uri(changeSetId: string, path: string, side: 'before' | 'after'): vscode.Uri {
    return vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${path}`, query: new URLSearchParams({ set: changeSetId, side }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const cp = await this.store.get(q.get('set') ?? '');
    const file = cp?.files.find((f) => f.path === uri.path.replace(/^\//, ''));
    if (!file) return '';
    const bytes = fromB64(q.get('side') === 'before' ? file.before : file.after);
    return bytes === null ? '' : decoder.decode(bytes);
  }

  /** Before Forge ↔ as Forge wrote it, in VS Code's diff editor (both sides read-only). */
  static async showDiff(changeSetId: string, path: string): Promise<void> {
    await vscode.commands.executeCommand('vscode.diff', CheckpointDocuments.uri(changeSetId, path, 'before'), CheckpointDocuments.uri(changeSetId, path, 'after'), vscode.l10n.t('{0}: before Forge ↔ as Forge wrote it', path), { preview: true });
  }

  /** As Forge wrote it ↔ the file now (the editable file on the right). */
  static async showChangedSince(changeSetId: string, path: string, file: vscode.Uri): Promise<void> {
    await vscode.commands.executeCommand('vscode.diff', CheckpointDocuments.uri(changeSetId, path, 'after'), file, vscode.l10n.t('{0}: as Forge wrote it ↔ now', path), { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
