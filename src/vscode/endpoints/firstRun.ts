/**
 * First run: whether a model endpoint is ready, kept in the chat view's one-line notice (with the
 * button that fixes it) and in context keys the walkthrough and views use:
 * `forge.endpointConfigured` (at least one endpoint) and `forge.endpointReady` (one is selected).
 */
import * as vscode from 'vscode';
import { activeProfile } from '../../core/settings/forgeSettings';
import type { EndpointSettings } from './endpointSettings';

export type EndpointReadiness = 'ready' | 'noEndpoint' | 'noSelection';

export class FirstRun implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  private readonly first: ReturnType<typeof setTimeout>;

  constructor(private readonly settings: EndpointSettings, private readonly view: { setEndpointState(s: EndpointReadiness, profile?: string): void }) {
    this.subscription = settings.onDidChange(() => this.refresh());
    // Reading the profiles validates them (zod, loaded on first use): right after activation, not during it.
    this.first = setTimeout(() => this.refresh(), 0);
  }

  readiness(): EndpointReadiness {
    const s = this.settings.current();
    return activeProfile(s) ? 'ready' : s.profiles.length ? 'noSelection' : 'noEndpoint';
  }

  refresh(): void {
    const r = this.readiness();
    const p = activeProfile(this.settings.current());
    this.view.setEndpointState(r, p ? p.label || p.id : undefined);
    void vscode.commands.executeCommand('setContext', 'forge.endpointConfigured', r !== 'noEndpoint');
    void vscode.commands.executeCommand('setContext', 'forge.endpointReady', r === 'ready');
  }

  dispose(): void {
    clearTimeout(this.first);
    this.subscription.dispose();
  }
}
