/**
 * The webviews' translations, VS Code's way: the host hands the page vscode.l10n.bundle (in the
 * shell's forge-l10n meta tag; absent in English) and every visible string of src/webview goes
 * through l10n.t from @vscode/l10n, which @vscode/l10n-dev exports into l10n/bundle.l10n.json with
 * the host's strings. Imported first by each entry point, so the bundle is set before anything
 * renders; a string with no translation stays English.
 */
import * as l10n from '@vscode/l10n';
import { L10N_META } from '../protocol/webviewHtml';

export function loadTranslations(doc: Document = document): void {
  const raw = doc.querySelector(`meta[name="${L10N_META}"]`)?.getAttribute('content');
  if (!raw) return;
  try {
    l10n.config({ contents: JSON.parse(raw) as Record<string, string> });
  } catch (e) {
    console.warn(`Forge: the translations could not be read (${(e as Error).message}); the view stays in English.`);
  }
}

loadTranslations();
