/**
 * How a model error reaches the user: its one sentence, and one button that runs the fix
 * (Set API Key, Select Model, Test Endpoint, Open Settings, Retry). The sentence is redacted
 * again here, so no key can slip into a notification.
 */
import * as vscode from 'vscode';
import { isModelError, redactSecrets, type ModelErrorFix } from '../../core/model/modelError';
import { openEndpointSettings } from './endpointSettings';

/** Button labels, translated once; a click is compared against the same value. */
export const FIX_BUTTONS: Record<ModelErrorFix, string> = {
  addEndpoint: vscode.l10n.t('Add Model Endpoint'),
  setApiKey: vscode.l10n.t('Set API Key'),
  selectModel: vscode.l10n.t('Select Model'),
  testEndpoint: vscode.l10n.t('Test Endpoint'),
  openSettings: vscode.l10n.t('Open Settings'),
  retry: vscode.l10n.t('Retry'),
};

export interface ErrorContext {
  /** The profile the error is about (passed to Set API Key / Test Endpoint). */
  profileId?: string;
  /** What Retry does; without it no Retry button is offered. */
  retry?: () => unknown;
}

/** Runs the command behind a fix. */
export async function runFix(fix: ModelErrorFix, ctx: ErrorContext): Promise<void> {
  switch (fix) {
    case 'addEndpoint': await vscode.commands.executeCommand('forge.addEndpoint'); break;
    case 'setApiKey': await vscode.commands.executeCommand('forge.setApiKey', ctx.profileId); break;
    case 'selectModel': await vscode.commands.executeCommand('forge.selectModel'); break;
    case 'testEndpoint': await vscode.commands.executeCommand('forge.testEndpoint', ctx.profileId); break;
    case 'openSettings': await openEndpointSettings(); break;
    case 'retry': await ctx.retry?.(); break;
  }
}

/** Shows an error in one sentence with the button that fixes it (if any). Never throws. */
export async function showModelError(err: unknown, ctx: ErrorContext = {}, secrets: (string | undefined)[] = []): Promise<void> {
  const text = redactSecrets(isModelError(err) ? err.message : err instanceof Error ? err.message : String(err), secrets);
  const fix = isModelError(err) ? err.fix : undefined;
  const usable = fix && (fix !== 'retry' || ctx.retry) ? fix : undefined;
  const choice = usable ? await vscode.window.showErrorMessage(text, FIX_BUTTONS[usable]) : await vscode.window.showErrorMessage(text);
  if (choice && usable) await runFix(usable, ctx);
}
