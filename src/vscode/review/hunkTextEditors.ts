/**
 * "Open in Editor" from the review panel's hunk editor: the hunk's new lines in a real VS Code
 * editor, an untitled document named after the file (so it has the file's language, colours,
 * indentation settings, multi-cursor, find...). "Use This Text" (a CodeLens on its first line, the
 * check in the editor's title bar, or the command) brings the text back into the panel's hunk
 * editor, where Accept Edited still decides; "Discard" closes it. Nothing is written to disk, and
 * neither command saves the untitled document (it is reverted as it closes).
 */
import * as vscode from 'vscode';

export interface HunkTextTarget {
  changeSetId: string;
  path: string;
  hunkIndex: number;
  /** 1-based position of the hunk in its file, for titles. */
  pos: number;
  /** One level of the file's indentation, when known ('\t' or spaces): the editor uses it. */
  indent?: string;
  /**
   * Hands the text to the panel; false when the review it belongs to is closed or the hunk is
   * decided (then the text stays in the editor and the engineer is told).
   */
  deliver(text: string): boolean;
}

export class HunkTextEditors implements vscode.CodeLensProvider, vscode.Disposable {
  static readonly contextKey = 'forge.hunkTextEditor';
  private readonly targets = new Map<string, HunkTextTarget>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.lensesChanged,
      vscode.languages.registerCodeLensProvider({ scheme: 'untitled' }, this),
      vscode.window.onDidChangeActiveTextEditor((e) => void this.updateContext(e)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.targets.delete(d.uri.toString())) void this.updateContext(vscode.window.activeTextEditor);
      }),
    ];
  }

  /** Opens (or shows again) the hunk's editor beside the panel, holding `text` when new. */
  async open(target: HunkTextTarget, text: string): Promise<vscode.TextEditor> {
    const uri = HunkTextEditors.uriFor(target);
    this.targets.set(uri.toString(), target);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.getText() === '' && text !== '') {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), text);
      await vscode.workspace.applyEdit(edit);
    }
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    if (target.indent) editor.options = { insertSpaces: target.indent !== '\t', tabSize: target.indent === '\t' ? editor.options.tabSize : target.indent.length };
    this.lensesChanged.fire();
    await this.updateContext(editor);
    return editor;
  }

  /** "Use This Text": the editor's text goes back to the panel's hunk editor, and the editor closes. */
  async use(uri?: vscode.Uri): Promise<void> {
    const doc = this.documentFor(uri);
    const target = doc && this.targets.get(doc.uri.toString());
    if (!doc || !target) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Forge: "Use This Text" works in an editor opened by "Open in Editor" in the review panel.'));
      return;
    }
    if (!target.deliver(doc.getText())) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: hunk {0} of {1} is no longer open for editing in a review; the text stays in this editor.', target.pos, target.path));
      return;
    }
    await this.close(doc);
  }

  /** "Discard": closes the editor without bringing anything back (the panel keeps its own text). */
  async discard(uri?: vscode.Uri): Promise<void> {
    const doc = this.documentFor(uri);
    if (doc && this.targets.has(doc.uri.toString())) await this.close(doc);
  }

  /** Closes the hunk editors of a review that ended. */
  forget(changeSetId: string): void {
    for (const [k, t] of this.targets) if (t.changeSetId === changeSetId) this.targets.delete(k);
    this.lensesChanged.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const t = this.targets.get(doc.uri.toString());
    if (!t) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: `$(check) ${vscode.l10n.t('Use This Text')}`, tooltip: vscode.l10n.t('Bring this text back to hunk {0} of {1} in the review (Accept Edited there applies it)', t.pos, t.path), command: 'forge.useHunkText', arguments: [doc.uri] }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Discard'), tooltip: vscode.l10n.t('Close this editor; the review keeps its own text'), command: 'forge.discardHunkText', arguments: [doc.uri] }),
    ];
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.targets.clear();
  }

  /** "shapes · hunk 2.ts": an untitled document whose name ends like the file, so it gets its language. */
  static uriFor(t: Pick<HunkTextTarget, 'changeSetId' | 'path' | 'pos'>): vscode.Uri {
    const base = t.path.slice(t.path.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    return vscode.Uri.from({ scheme: 'untitled', path: `${stem} · hunk ${t.pos} (${t.changeSetId.slice(0, 8)})${ext}` });
  }

  private documentFor(uri: vscode.Uri | undefined): vscode.TextDocument | undefined {
    const key = (uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri)?.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  /** Reverts and closes (an untitled document would otherwise ask to be saved). */
  private async close(doc: vscode.TextDocument): Promise<void> {
    this.targets.delete(doc.uri.toString());
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await this.updateContext(vscode.window.activeTextEditor);
  }

  private async updateContext(editor: vscode.TextEditor | undefined): Promise<void> {
    const ours = !!editor && this.targets.has(editor.document.uri.toString());
    await vscode.commands.executeCommand('setContext', HunkTextEditors.contextKey, ours);
  }
}
