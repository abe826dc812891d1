/**
 * Which endpoints a best-of-N task runs on: a multi-select of the endpoint profiles in
 * forge.endpoints (two or more: each once), or one of them and how many samples of it.
 */
import * as vscode from 'vscode';
import { candidateEndpoints } from '../../core/tasks/bestOfGroup';
import type { ConfiguredProfile } from '../../core/settings/forgeSettings';
import type { EndpointServices } from '../endpoints/services';

export async function askCandidates(endpoints: EndpointServices): Promise<ConfiguredProfile[] | undefined> {
  const { profiles } = await endpoints.settings.resolve();
  if (profiles.length === 0) {
    const add = vscode.l10n.t('Add Endpoint');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Forge: no model endpoint is configured yet; add one (or more) to run a task on several endpoints.'), add);
    if (choice === add) await vscode.commands.executeCommand('forge.addEndpoint');
    return undefined;
  }
  const items = profiles.map((p) => ({ label: p.label, description: p.kind === 'openai' ? p.model : vscode.l10n.t('VS Code language model'), detail: p.id, profile: p }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Forge: Run Task on Several Endpoints'),
    placeHolder: vscode.l10n.t('Pick two or more endpoints, or one to run several samples of it'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) return undefined;
  let samples: number | undefined;
  if (picked.length === 1) {
    const n = await vscode.window.showInputBox({
      title: vscode.l10n.t('Forge: Run Task on Several Endpoints'),
      prompt: vscode.l10n.t('How many samples of {0}? (2 to 8)', picked[0]!.label),
      value: '3',
      ignoreFocusOut: true,
      validateInput: (v) => (candidateEndpoints([picked[0]!.profile.id], Number(v)).ok ? undefined : vscode.l10n.t('Enter a whole number from 2 to 8.')),
    });
    if (n === undefined) return undefined;
    samples = Number(n);
  }
  const r = candidateEndpoints(picked.map((p) => p.profile.id), samples);
  if (!r.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: {0}', r.message));
    return undefined;
  }
  return r.endpoints.map((id) => profiles.find((p) => p.id === id)!);
}
