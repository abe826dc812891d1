/**
 * "Forge: Select Model" (also the status bar item): pick the active profile, change the model
 * of the active profile from the server's list, or add an endpoint. No JSON editing needed.
 */
import * as vscode from 'vscode';
import { activeProfile } from '../../core/settings/forgeSettings';
import { toEndpointProfile } from './clientFactory';
import { openEndpointSettings } from './endpointSettings';
import { showModelError } from './modelErrors';
import { profileItems, type ProfileItem } from './profilePicker';
import type { EndpointServices } from './services';

type Action = vscode.QuickPickItem & { action?: 'add' | 'changeModel' | 'settings'; profile?: ProfileItem['profile'] };

export async function selectModel(s: EndpointServices): Promise<void> {
  const settings = await s.settings.resolve();
  const active = activeProfile(settings);
  const items: Action[] = [...profileItems(settings)];
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  if (active?.kind === 'openai' && s.settings.isUserProfile(active)) {
    items.push({ label: `$(list-selection) ${vscode.l10n.t('Change the model of "{0}"…', active.label)}`, description: vscode.l10n.t("from the server's list"), action: 'changeModel' });
  }
  items.push({ label: `$(add) ${vscode.l10n.t('Add Model Endpoint…')}`, action: 'add' });
  items.push({ label: `$(settings-gear) ${vscode.l10n.t('Edit Endpoints in settings.json')}`, action: 'settings' });
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Forge: Select Model'), placeHolder: vscode.l10n.t('The model Forge uses') });
  if (!pick) return;
  if (pick.action === 'add') return void (await vscode.commands.executeCommand('forge.addEndpoint'));
  if (pick.action === 'settings') return openEndpointSettings();
  if (pick.action === 'changeModel' && active?.kind === 'openai') return changeModel(s, active);
  if (pick.profile) {
    await s.settings.setActive(pick.profile.id);
    s.log.info(`Active model endpoint: ${pick.profile.id}.`);
  }
}

async function changeModel(s: EndpointServices, profile: Extract<ReturnType<typeof activeProfile>, { kind: 'openai' }>): Promise<void> {
  try {
    const client = await s.clients.createClientForProfile(profile);
    const models = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing models on {0}', toEndpointProfile(profile).baseUrl) },
      () => client.listModels(),
    );
    const pick = await vscode.window.showQuickPick(
      models.map((m) => ({ label: m.id, description: [m.id === profile.model ? vscode.l10n.t('current') : '', m.contextTokens ? vscode.l10n.t('{0} tokens', m.contextTokens) : ''].filter(Boolean).join(' · ') })),
      { title: vscode.l10n.t('Model for "{0}"', profile.label), placeHolder: vscode.l10n.t('{0} model(s)', models.length) },
    );
    if (pick && pick.label !== profile.model) {
      await s.settings.setUserProfileModel(profile.id, pick.label);
      s.log.info(`Profile ${profile.id} now uses model ${pick.label}.`);
    }
  } catch (e) {
    await showModelError(e, { profileId: profile.id, retry: () => changeModel(s, profile) });
  }
}
