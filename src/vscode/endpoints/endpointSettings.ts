/**
 * The typed facade over forge.endpoints / forge.activeEndpoint / forge.roles: reads them through
 * the workspace guard (a repository's settings never redirect traffic without the user saying
 * so), validates them with zod, and tells the user about a bad profile once, naming the field,
 * with an "Open Settings" button. Writes go to the user's settings only.
 */
import * as vscode from 'vscode';
import { trustedOnly } from '../agent/workspaceTrust';
import type { Log } from '../../core/ports';
import { parseForgeSettings, type ConfiguredProfile, type ForgeSettings } from '../../core/settings/forgeSettings';
import {
  decideWorkspaceOverride, effectiveValues, type GuardDecision, type GuardedSettings, type RememberedAnswer,
} from '../../core/settings/workspaceGuard';

const SECTION = 'forge';
const ANSWER_KEY = 'forge.workspaceEndpointsAnswer';
const USE_WORKSPACE = vscode.l10n.t('Use Workspace Settings');
const USE_MINE = vscode.l10n.t('Use My Settings');

export class EndpointSettings implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any forge.* endpoint setting changes (or the workspace answer does). */
  readonly onDidChange = this.changed.event;
  private readonly shown = new Set<string>();
  private readonly subscription: vscode.Disposable;
  private readonly trust: vscode.Disposable;
  /** The answer for this session when the modal was dismissed (not remembered). */
  private dismissed?: string;
  private asking?: Promise<void>;

  constructor(private readonly workspaceState: vscode.Memento, private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('forge.endpoints') || e.affectsConfiguration('forge.activeEndpoint') || e.affectsConfiguration('forge.roles')) {
        this.changed.fire();
      }
    });
    // Granting trust brings the workspace's values back without a reload.
    this.trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  }

  dispose(): void {
    this.subscription.dispose();
    this.trust.dispose();
    this.changed.dispose();
  }

  private inspectAll(): GuardedSettings {
    const c = vscode.workspace.getConfiguration(SECTION);
    return { endpoints: trustedOnly(c.inspect('endpoints')), activeEndpoint: trustedOnly(c.inspect('activeEndpoint')) };
  }

  private decide(s: GuardedSettings): GuardDecision {
    const d = decideWorkspaceOverride(s, this.workspaceState.get<RememberedAnswer>(ANSWER_KEY));
    if (d.kind === 'ask' && this.dismissed === d.fingerprint) return { kind: 'denied', fingerprint: d.fingerprint };
    return d;
  }

  private read(decision: GuardDecision, s: GuardedSettings): ForgeSettings {
    const values = effectiveValues(s, decision);
    return parseForgeSettings({ ...values, roles: vscode.workspace.getConfiguration(SECTION).get('roles') });
  }

  /**
   * The settings to show now, without asking anything: the user's own values while a
   * workspace override is undecided. With `report`, new problems are shown to the user.
   */
  current(options: { report?: boolean } = {}): ForgeSettings & { pendingWorkspace: boolean } {
    const s = this.inspectAll();
    const d = this.decide(s);
    const settings = this.read(d, s);
    if (options.report) this.report(settings);
    return { ...settings, pendingWorkspace: d.kind === 'ask' };
  }

  /** The settings to use for a request: first asks (once, modal) about an undecided workspace override. */
  async resolve(): Promise<ForgeSettings> {
    let s = this.inspectAll();
    if (this.decide(s).kind === 'ask') {
      this.asking ??= this.ask(s).finally(() => (this.asking = undefined));
      await this.asking;
      s = this.inspectAll();
    }
    const settings = this.read(this.decide(s), s);
    this.report(settings);
    return settings;
  }

  private async ask(s: GuardedSettings): Promise<void> {
    const d = this.decide(s);
    if (d.kind !== 'ask') return;
    const choice = await vscode.window.showWarningMessage(
      d.question,
      {
        modal: true,
        detail: vscode.l10n.t('forge.endpoints or forge.activeEndpoint in this workspace differ from your user settings. Forge only sends a saved API key to the base URL it was saved for. You will be asked again if these settings change.'),
      },
      // The safe choice first: it is the modal's primary (default) button.
      USE_MINE,
      USE_WORKSPACE,
    );
    if (choice === undefined) {
      this.dismissed = d.fingerprint;
      this.log.warn('Workspace endpoint settings not used this session (question dismissed).');
      return;
    }
    const allow = choice === USE_WORKSPACE;
    await this.workspaceState.update(ANSWER_KEY, { fingerprint: d.fingerprint, allow } satisfies RememberedAnswer);
    this.log.info(`Workspace endpoint settings ${allow ? 'allowed' : 'refused'} for this workspace (hosts: ${d.hosts.join(', ') || 'none'}).`);
    this.changed.fire();
  }

  /** One message per new problem set: the first problem's sentence, a count of the others, and "Open Settings". */
  private report(settings: ForgeSettings): void {
    const messages = settings.problems.map((p) => p.message);
    for (const m of [...this.shown]) if (!messages.includes(m)) this.shown.delete(m);
    const fresh = settings.problems.filter((p) => !this.shown.has(p.message));
    if (fresh.length === 0) return;
    for (const p of settings.problems) this.shown.add(p.message);
    for (const p of fresh) this.log.warn(`Settings: ${p.message}`);
    const more = settings.problems.length - 1;
    const text = more > 0 ? vscode.l10n.t('{0} ({1} more problem(s) in the Forge log)', fresh[0].message, more) : fresh[0].message;
    void vscode.window.showWarningMessage(text, vscode.l10n.t('Open Settings')).then((choice) => {
      if (choice) void openEndpointSettings();
    });
  }

  /** Appends a profile to the user's forge.endpoints (replacing one with the same id). */
  async saveUserProfile(profile: Record<string, unknown> & { id: string }): Promise<void> {
    const c = vscode.workspace.getConfiguration(SECTION);
    const list = (c.inspect<unknown[]>('endpoints')?.globalValue ?? []).filter((p) => (p as { id?: unknown })?.id !== profile.id);
    await c.update('endpoints', [...list, profile], vscode.ConfigurationTarget.Global);
  }

  /** Makes a profile active in the user's settings (and in the workspace's, if it sets its own). */
  async setActive(id: string): Promise<void> {
    const c = vscode.workspace.getConfiguration(SECTION);
    await c.update('activeEndpoint', id, vscode.ConfigurationTarget.Global);
    if (c.inspect('activeEndpoint')?.workspaceValue !== undefined) {
      await c.update('activeEndpoint', id, vscode.ConfigurationTarget.Workspace);
    }
  }

  /** Changes the model of a profile in the user's settings. */
  async setUserProfileModel(id: string, model: string): Promise<boolean> {
    const c = vscode.workspace.getConfiguration(SECTION);
    const list = c.inspect<unknown[]>('endpoints')?.globalValue ?? [];
    const i = list.findIndex((p) => (p as { id?: unknown })?.id === id);
    if (i < 0) return false;
    const next = [...list];
    next[i] = { ...(list[i] as object), model };
    await c.update('endpoints', next, vscode.ConfigurationTarget.Global);
    return true;
  }

  /** Whether a profile comes from the user's settings (only those are edited by commands). */
  isUserProfile(profile: ConfiguredProfile): boolean {
    const list = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('endpoints')?.globalValue ?? [];
    return list.some((p) => (p as { id?: unknown })?.id === profile.id);
  }
}

/** settings.json at forge.endpoints (falls back to the settings editor filtered to it). */
export async function openEndpointSettings(): Promise<void> {
  const inWorkspace = vscode.workspace.getConfiguration(SECTION).inspect('endpoints')?.workspaceValue !== undefined;
  try {
    if (inWorkspace) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile', { revealSetting: { key: 'forge.endpoints' } });
    else await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'forge.endpoints' } });
  } catch {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'forge.endpoints');
  }
}
