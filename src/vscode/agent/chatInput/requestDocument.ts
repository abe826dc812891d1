/**
 * Forge: Show Request — the last model request of the agent as a read-only JSON document (a
 * virtual document: nothing is written to disk), with the API key and .env values redacted.
 */
import * as vscode from 'vscode';

export const REQUEST_SCHEME = 'forge-request';

export class RequestDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private text: string | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, this);
  private readonly uri = vscode.Uri.from({ scheme: REQUEST_SCHEME, path: '/last-request.json' });

  provideTextDocumentContent(): string {
    return this.text ?? '{}\n';
  }

  /** Opens the document with `text` (already redacted), or says there is no request yet. */
  async show(text: string | undefined): Promise<void> {
    if (text === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no request yet. Start a task, then Show Request opens what the model was sent.'));
      return;
    }
    this.text = text;
    this.changed.fire(this.uri);
    const doc = await vscode.workspace.openTextDocument(this.uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
