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
    items.push({ label: `$(list-selection) Change the model of "${active.label}"…`, description: 'from the server\'s list', action: 'changeModel' });
  }
  items.push({ label: '$(add) Add Model Endpoint…', action: 'add' });
  items.push({ label: '$(settings-gear) Edit Endpoints in settings.json', action: 'settings' });
  const pick = await vscode.window.showQuickPick(items, { title: 'Forge: Select Model', placeHolder: 'The model Forge uses' });
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
      { location: vscode.ProgressLocation.Window, title: `Listing models on ${toEndpointProfile(profile).baseUrl}` },
      () => client.listModels(),
    );
    const pick = await vscode.window.showQuickPick(
      models.map((m) => ({ label: m.id, description: [m.id === profile.model ? 'current' : '', m.contextTokens ? `${m.contextTokens} tokens` : ''].filter(Boolean).join(' · ') })),
      { title: `Model for "${profile.label}"`, placeHolder: `${models.length} model(s)` },
    );
    if (pick && pick.label !== profile.model) {
      await s.settings.setUserProfileModel(profile.id, pick.label);
      s.log.info(`Profile ${profile.id} now uses model ${pick.label}.`);
    }
  } catch (e) {
    await showModelError(e, { profileId: profile.id, retry: () => changeModel(s, profile) });
  }
}
