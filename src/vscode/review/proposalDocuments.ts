/**
 * Read-only virtual documents for VS Code's native diff editor: the base text of a file under
 * review and the text it would have with the proposal (pending hunks shown as accepted, rejected
 * hunks left out, edited hunks with the user's text).
 */
import * as vscode from 'vscode';
import type { HunkDecision } from '../../core/edits/changeSet/changeSet';
import { renderFile } from '../../core/edits/changeSet/textDoc';
import type { ReviewSession } from '../../core/review/reviewSession';

export const PROPOSAL_SCHEME = 'forge-proposal';

export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sessions = new Map<string, ReviewSession>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  }

  register(session: ReviewSession): void {
    this.sessions.set(session.changeSet.id, session);
  }

  unregister(id: string): void {
    this.sessions.delete(id);
  }

  uri(setId: string, path: string, side: 'base' | 'proposed'): vscode.Uri {
    const query = new URLSearchParams({ set: setId, side }).toString();
    return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${path}`, query });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const q = new URLSearchParams(uri.query);
    const session = this.sessions.get(q.get('set') ?? '');
    const path = uri.path.replace(/^\//, '');
    const file = session?.file(path);
    if (!session || !file) return '';
    const base = session.bases.get(path) ?? null;
    if (q.get('side') === 'base') return base ?? '';
    const decisions = new Map<number, HunkDecision>();
    for (const h of file.hunks) {
      const d = session.hunkState(path, h.index)?.decision;
      if (d) decisions.set(h.index, d);
    }
    return renderFile(base, file, decisions) ?? '';
  }

  /** Refreshes open proposal documents of a file (after an edit or a decision). */
  refresh(setId: string, path: string): void {
    this.changed.fire(this.uri(setId, path, 'proposed'));
  }

  async openDiff(session: ReviewSession, path: string): Promise<void> {
    const file = session.file(path);
    if (!file) return;
    const id = session.changeSet.id;
    const target = file.newPath ?? path;
    const title = file.action === 'add' ? vscode.l10n.t('{0} (new file) — Forge', target) : file.action === 'delete' ? vscode.l10n.t('{0} (deleted) — Forge', target) : vscode.l10n.t('{0} (proposed) — Forge', target);
    await vscode.commands.executeCommand(
      'vscode.diff',
      this.uri(id, path, 'base'),
      this.uri(id, path, 'proposed'),
      title,
      { preview: true },
    );
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
