/**
 * API keys in VS Code's SecretStorage, per profile id and bound to the profile's base URL
 * (see core/settings/keyBinding). Also the "Forge: Set API Key" prompt. A key never goes to
 * settings, the log, or a message.
 */
import * as vscode from 'vscode';
import { hostOf } from '../../core/model/endpointProfile';
import { ModelError } from '../../core/model/modelError';
import type { Log } from '../../core/ports';
import { KeyVault } from '../../core/settings/keyBinding';

export interface KeyedProfile {
  id: string;
  label: string;
  baseUrl: string;
  apiKeyEnv?: string;
}

export class EndpointKeys {
  readonly vault: KeyVault;

  constructor(secrets: vscode.SecretStorage, private readonly log: Log, env: Record<string, string | undefined> = process.env) {
    this.vault = new KeyVault(secrets, env);
  }

  /**
   * The key to send to the profile's base URL, or undefined when none is needed/known.
   * Throws a ModelError (fix: Set API Key) when the saved key belongs to another base URL.
   */
  async keyFor(profile: KeyedProfile): Promise<string | undefined> {
    const r = await this.vault.lookup(profile);
    if (r.status === 'boundElsewhere') {
      throw new ModelError({
        kind: 'auth', fix: 'setApiKey',
        message: vscode.l10n.t('The API key saved for "{0}" was entered for {1}, but the profile now points at {2}; enter the key for {2}.', profile.label, hostOf(r.storedFor), hostOf(profile.baseUrl)),
      });
    }
    return r.key;
  }

  /**
   * Asks for the profile's key and saves it bound to its base URL. An empty entry removes the
   * saved key. Returns 'saved' | 'removed' | 'skipped' (Escape, or empty when `skippable`).
   */
  async prompt(profile: KeyedProfile, options: { skippable?: boolean; hint?: string } = {}): Promise<'saved' | 'removed' | 'skipped'> {
    const host = hostOf(profile.baseUrl);
    const bound = await this.vault.lookup({ ...profile, apiKeyEnv: undefined });
    const sentence = options.skippable
      ? vscode.l10n.t("Sent only to {0}; kept in VS Code's secret storage. Leave empty if the server needs no key.", host)
      : vscode.l10n.t("Sent only to {0}; kept in VS Code's secret storage. Leave empty to remove the saved key.", host);
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', profile.label),
      prompt: bound.status === 'boundElsewhere' ? vscode.l10n.t('{0} The saved key was for {1}, so it is not sent here.', sentence, hostOf(bound.storedFor)) : sentence,
      placeHolder: options.hint ? vscode.l10n.t('API key ({0})', options.hint) : vscode.l10n.t('API key'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (/\s/.test(v.trim()) ? vscode.l10n.t('A key has no spaces inside.') : undefined),
    });
    if (key === undefined) return 'skipped';
    if (!key.trim()) {
      if (options.skippable) return 'skipped';
      await this.vault.delete(profile.id);
      this.log.info(`Removed the saved API key for profile ${profile.id}.`);
      return 'removed';
    }
    await this.vault.set(profile, key);
    this.log.info(`Saved an API key for profile ${profile.id} (bound to ${host}).`);
    return 'saved';
  }
}
