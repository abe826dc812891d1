/**
 * The best-of-N comparison in an editor tab (src/webview/compare): the candidates side by side.
 * Opened only when the engineer asks (the notification's Compare, the Tasks view, the palette), so
 * it never takes focus on its own. One panel per group; every message from the page is zod-parsed
 * and goes to one handler per type.
 */
import * as vscode from 'vscode';
import { parseCompareWebviewMessage, type CompareView, type CompareWebviewMessage } from '../../protocol/compare';
import { webviewShellHtml } from '../../protocol/webviewHtml';
import { webviewPageAssets, webviewPageOptions } from '../webviewPages';

export interface CompareHandlers {
  pick(m: Extract<CompareWebviewMessage, { type: 'pick' }>): Promise<void>;
  takeHunks(m: Extract<CompareWebviewMessage, { type: 'takeHunks' }>): Promise<void>;
}

export class ComparePanel implements vscode.Disposable {
  static readonly viewType = 'forge.compare';
  private static readonly open = new Map<string, ComparePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private busy = false;

  static get(groupId: string): ComparePanel | undefined {
    return ComparePanel.open.get(groupId);
  }

  /** Opens (or reveals, with focus: the engineer asked for it) the group's comparison. */
  static show(extensionUri: vscode.Uri, view: () => CompareView, handlers: CompareHandlers): ComparePanel {
    const v = view();
    const existing = ComparePanel.open.get(v.groupId);
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, vscode.l10n.t('Best of {0}: {1}', v.candidates.length, v.task.split('\n')[0]!.slice(0, 40)), vscode.ViewColumn.Active, {
      ...webviewPageOptions(extensionUri),
      retainContextWhenHidden: true,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'forge.svg');
    const p = new ComparePanel(panel, extensionUri, v.groupId, view, handlers);
    ComparePanel.open.set(v.groupId, p);
    return p;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly groupId: string,
    private readonly view: () => CompareView,
    private readonly handlers: CompareHandlers,
  ) {
    const w = panel.webview;
    w.html = webviewShellHtml({ ...webviewPageAssets(w, extensionUri, 'compare.js', 'compare.css'), title: vscode.l10n.t('Forge: Compare Candidates'), rootClass: 'compare-root' });
    this.disposables.push(
      w.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Sends the group's current view (a candidate ended, or the engineer decided). */
  refresh(): void {
    if (this.ready) void this.panel.webview.postMessage({ type: 'show', view: this.view() });
  }

  refuse(message: string): void {
    void this.panel.webview.postMessage({ type: 'refused', message });
  }

  private async receive(raw: unknown): Promise<void> {
    const r = parseCompareWebviewMessage(raw);
    if (!r.ok) return void vscode.window.showErrorMessage(vscode.l10n.t('Forge: the comparison page sent a message Forge does not understand: {0}', r.error));
    const m = r.message;
    if (m.type === 'ready') {
      this.ready = true;
      return this.refresh();
    }
    // One decision at a time: a second click while the first one is asked about is ignored.
    if (this.busy) return;
    this.busy = true;
    try {
      if (m.type === 'pick') await this.handlers.pick(m);
      else await this.handlers.takeHunks(m);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: {0}', (e as Error).message));
    } finally {
      // (No re-render here: it would hide a refusal just shown; the handlers refresh when something changed.)
      this.busy = false;
    }
  }

  dispose(): void {
    ComparePanel.open.delete(this.groupId);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
