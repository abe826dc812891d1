/**
 * The status bar item showing the active profile (label and model); clicking it runs
 * "Forge: Select Model". Refreshes when the settings change; its first read also surfaces a
 * bad profile's message.
 */
import * as vscode from 'vscode';
import { activeProfile } from '../../core/settings/forgeSettings';
import type { EndpointSettings } from './endpointSettings';
import { profileDescription } from './profilePicker';

export class EndpointStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('forge.activeEndpoint', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  private readonly first: ReturnType<typeof setTimeout>;

  constructor(private readonly settings: EndpointSettings) {
    this.item.name = vscode.l10n.t('Forge Model');
    this.item.command = 'forge.selectModel';
    this.item.text = `$(hubot) ${vscode.l10n.t('Forge')}`;
    this.subscription = settings.onDidChange(() => this.refresh());
    // Reading the profiles validates them (zod, loaded on first use): right after activation, not during it.
    this.first = setTimeout(() => this.refresh(), 0);
    this.item.show();
  }

  refresh(): void {
    const s = this.settings.current({ report: true });
    const p = activeProfile(s);
    const short = (t: string) => (t.length > 28 ? `${t.slice(0, 27)}…` : t);
    if (!p) {
      this.item.text = `$(hubot) ${vscode.l10n.t('Forge: no model')}`;
      this.item.tooltip = s.profiles.length ? vscode.l10n.t('No model endpoint selected. Click to select one.') : vscode.l10n.t('No model endpoint configured. Click to add one.');
    } else {
      const model = p.kind === 'openai' ? p.model : p.family ?? '';
      this.item.text = `$(hubot) ${short(p.label)}${model && !p.label.includes(model) ? ` · ${short(model)}` : ''}`;
      this.item.tooltip = vscode.l10n.t('Forge model: {0} ({1}). Click to switch.', p.label, profileDescription(p));
    }
    if (s.pendingWorkspace) {
      this.item.text += ' $(warning)';
      this.item.tooltip = vscode.l10n.t("{0} This workspace's settings name another endpoint; Forge asks before using it.", String(this.item.tooltip));
    }
  }

  dispose(): void {
    clearTimeout(this.first);
    this.subscription.dispose();
    this.item.dispose();
  }
}
