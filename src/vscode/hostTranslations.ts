/**
 * The words src/core and src/protocol show to people (the usage dashboard, the chat's notices) go
 * through l10n.t of @vscode/l10n, the library VS Code provides for code outside its API: this gives
 * it the bundle VS Code loaded for the display language (vscode.l10n.bundle; none in English, so
 * their English stays). What the model reads is never translated.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

export function useHostTranslations(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}
