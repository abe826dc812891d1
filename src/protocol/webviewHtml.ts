/**
 * The review panel's HTML shell. Pure (no vscode): the host passes webview.cspSource, a fresh
 * nonce and the webview URIs of the script, the stylesheet and codicon.css.
 *
 * CSP: nothing by default; styles and fonts only from the extension; scripts only by nonce.
 * No inline script or style, no inline handlers.
 */
import { escapeHtml } from './htmlEscape';

export interface ReviewPanelHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  /** Window title / aria label of the document. */
  title?: string;
  /**
   * The translations of the webview's strings (vscode.l10n.bundle: undefined in English), handed
   * to the page in a meta tag that src/webview/l10n.ts gives to @vscode/l10n before anything renders.
   */
  l10n?: Record<string, string>;
  /** The document's language (vscode.env.language); English by default. */
  lang?: string;
}

/** The meta tag that carries the translations to the page (none in English). */
export const L10N_META = 'forge-l10n';

/** The shared escaper (htmlEscape.ts), re-exported for the shells' callers. */
export { escapeHtml };

/** A random nonce for script-src (base64url of 16 random bytes). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function reviewPanelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The HTML shell every Forge webview uses: the CSP above, the stylesheets, one nonce script. */
export function webviewShellHtml(o: ReviewPanelHtmlOptions & { title: string; rootClass: string }): string {
  const a = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${a(o.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(reviewPanelCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.l10n && Object.keys(o.l10n).length ? `<meta name="${L10N_META}" content="${a(JSON.stringify(o.l10n))}">\n` : ''}<link rel="stylesheet" href="${a(o.codiconUri)}">
<link rel="stylesheet" href="${a(o.styleUri)}">
<title>${a(o.title)}</title>
</head>
<body>
<div id="root" class="${a(o.rootClass)}" aria-busy="true"></div>
<script nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>
`;
}

export function reviewPanelHtml(o: ReviewPanelHtmlOptions): string {
  return webviewShellHtml({ ...o, title: o.title ?? 'Forge Review', rootClass: 'review-root' });
}
