/**
 * What every Forge webview page (the chat view, the review panel, the best-of comparison) takes
 * from the host: scripts on with resources only from the extension's media/ and dist/webview/,
 * and its HTML shell's inputs: the CSP source, a fresh nonce, its script and stylesheet, the
 * codicons, and the user's language with its translations (none in English: src/webview/l10n.ts).
 */
import * as vscode from 'vscode';
import { makeNonce, type ReviewPanelHtmlOptions } from '../protocol/webviewHtml';

export function webviewPageOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

/** `script` is a bundle in dist/webview/, `style` a stylesheet in media/. */
export function webviewPageAssets(w: vscode.Webview, extensionUri: vscode.Uri, script: string, style: string): ReviewPanelHtmlOptions {
  const uri = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return {
    cspSource: w.cspSource,
    nonce: makeNonce(),
    scriptUri: uri('dist', 'webview', script),
    styleUri: uri('media', style),
    codiconUri: uri('media', 'codicons', 'codicon.css'),
    l10n: vscode.l10n.bundle,
    lang: vscode.env.language,
  };
}
