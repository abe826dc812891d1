/**
 * "Forge: Set API Key": asks for the key of a profile (the one given, the only one, or picked)
 * and saves it in SecretStorage, bound to the profile's base URL.
 */
import * as vscode from 'vscode';
import { hostOf } from '../../core/model/endpointProfile';
import { FIX_BUTTONS } from './modelErrors';
import { pickProfile } from './profilePicker';
import type { EndpointServices } from './services';

export async function setApiKey(s: EndpointServices, profileId?: unknown): Promise<void> {
  const settings = await s.settings.resolve();
  const profile = await pickProfile(settings, { id: profileId, title: vscode.l10n.t('Forge: Set API Key'), filter: (p) => p.kind === 'openai' });
  if (!profile || profile.kind !== 'openai') {
    if (!settings.profiles.some((p) => p.kind === 'openai')) {
      const add = await vscode.window.showInformationMessage(vscode.l10n.t('No endpoint profile takes an API key yet; add a model endpoint first.'), FIX_BUTTONS.addEndpoint);
      if (add) await vscode.commands.executeCommand('forge.addEndpoint');
    }
    return;
  }
  const outcome = await s.keys.prompt(profile);
  if (outcome === 'saved') {
    const test = await vscode.window.showInformationMessage(vscode.l10n.t('Saved the API key for "{0}"; Forge sends it only to {1}.', profile.label, hostOf(profile.baseUrl)), FIX_BUTTONS.testEndpoint);
    if (test) await vscode.commands.executeCommand('forge.testEndpoint', profile.id);
  } else if (outcome === 'removed') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed the saved API key for "{0}".', profile.label));
  }
}
