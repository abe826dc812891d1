/**
 * "Forge: Add Model Endpoint": preset -> base URL -> key (skippable for local servers) ->
 * model from the server's /models (or typed when listing fails) -> a friendly name. Writes the
 * profile to the user's settings, the key to SecretStorage, and makes the profile active;
 * returns the new profile's id (undefined when the user cancelled). "Models from VS
 * Code" is offered only when VS Code has language models to offer.
 */
import * as vscode from 'vscode';
import { hostOf } from '../../core/model/endpointProfile';
import { isModelError } from '../../core/model/modelError';
import { createModelClient } from '../../core/model/openaiClient';
import { uniqueProfileId } from '../../core/settings/forgeSettings';
import { ENDPOINT_PRESETS, isLocalUrl, validateBaseUrl, type EndpointPreset } from '../../core/settings/presets';
import { FIX_BUTTONS } from './modelErrors';
import type { EndpointServices } from './services';
import { availableLmModels } from './vscodeLmClient';

export const VSCODE_LM_ITEM = vscode.l10n.t('Models from VS Code (e.g. Copilot)');

type PresetItem = vscode.QuickPickItem & { preset?: EndpointPreset; lm?: true };

/** The first step's items: the presets, plus VS Code's models when there are any. */
export function presetItems(lmModelCount: number): PresetItem[] {
  const items: PresetItem[] = ENDPOINT_PRESETS.map((p) => ({ label: p.label, description: p.baseUrl.replace(/^https?:\/\//, ''), detail: p.detail, preset: p }));
  if (lmModelCount > 0) items.unshift({ label: `$(copilot) ${VSCODE_LM_ITEM}`, detail: vscode.l10n.t('{0} model(s) from installed extensions; no key needed', lmModelCount), lm: true });
  return items;
}

export async function addEndpoint(s: EndpointServices): Promise<string | undefined> {
  const lmModels = await availableLmModels();
  const choice = await vscode.window.showQuickPick(presetItems(lmModels.length), { title: vscode.l10n.t('Forge: Add Model Endpoint (1/5)'), placeHolder: vscode.l10n.t('Which server?'), matchOnDescription: true });
  if (!choice) return undefined;
  const existing = (await s.settings.resolve()).profiles.map((p) => p.id);
  if (choice.lm) return addVscodeLm(s, lmModels, existing);
  const preset = choice.preset!;

  const baseUrl = (await vscode.window.showInputBox({
    title: vscode.l10n.t('Forge: Add Model Endpoint (2/5): base URL'),
    prompt: preset.baseUrl ? vscode.l10n.t('The API root of {0}.', preset.label) : vscode.l10n.t('The API root of {0} (e.g. http://127.0.0.1:8000/v1).', preset.label),
    value: preset.baseUrl,
    valueSelection: preset.baseUrl.includes('{') ? [preset.baseUrl.indexOf('{'), preset.baseUrl.indexOf('}') + 1] : undefined,
    ignoreFocusOut: true,
    validateInput: validateBaseUrl,
  }))?.trim().replace(/\/+$/, '');
  if (!baseUrl) return undefined;

  const host = hostOf(baseUrl);
  const skippable = preset.key !== 'required' || isLocalUrl(baseUrl);
  let key: string | undefined;
  if (preset.key !== 'none' || !isLocalUrl(baseUrl)) {
    key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Forge: Add Model Endpoint (3/5): API key'),
      prompt: skippable
        ? vscode.l10n.t("Sent only to {0}; kept in VS Code's secret storage. Leave empty if the server needs no key.", host)
        : vscode.l10n.t("Sent only to {0}; kept in VS Code's secret storage.", host),
      placeHolder: preset.keyHint ? vscode.l10n.t('API key ({0})', preset.keyHint) : vscode.l10n.t('API key'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() && !skippable ? vscode.l10n.t('{0} needs an API key.', preset.label) : /\s/.test(v.trim()) ? vscode.l10n.t('A key has no spaces inside.') : undefined),
    });
    if (key === undefined) return undefined;
    key = key.trim() || undefined;
  }

  const model = await chooseModel(s, preset, baseUrl, key, vscode.l10n.t('Forge: Add Model Endpoint (4/5): model'));
  if (!model) return undefined;
  const label = (await vscode.window.showInputBox({
    title: vscode.l10n.t('Forge: Add Model Endpoint (5/5): name'),
    prompt: vscode.l10n.t('A name for this endpoint, shown in the status bar and in Select Model.'),
    value: `${preset.id === 'custom' ? host : preset.label}: ${model}`,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
  }))?.trim();
  if (!label) return undefined;
  const id = uniqueProfileId(label, existing);
  await s.settings.saveUserProfile({ id, label, baseUrl, model });
  if (key) await s.keys.vault.set({ id, baseUrl }, key);
  await s.settings.setActive(id);
  s.log.info(`Added endpoint profile ${id} (${baseUrl}, model ${model})${key ? ' with a saved key' : ''}; it is now active.`);
  // Not awaited: whoever asked for the wizard (a task waiting for an endpoint) goes on at once.
  void vscode.window.showInformationMessage(vscode.l10n.t("Added \"{0}\" and made it Forge's active model.", label), FIX_BUTTONS.testEndpoint).then((next) => {
    if (next) void vscode.commands.executeCommand('forge.testEndpoint', id);
  });
  return id;
}

/** The server's models to pick from; typed in when the server cannot list them. */
async function chooseModel(s: EndpointServices, preset: EndpointPreset, baseUrl: string, apiKey: string | undefined, title: string): Promise<string | undefined> {
  const client = createModelClient({ id: 'new-endpoint', label: preset.label, baseUrl, model: '', supportsTools: 'auto', timeoutSeconds: 15 }, { apiKey, log: s.log });
  let why: string;
  try {
    const models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing models on {0}…', hostOf(baseUrl)) }, () => client.listModels());
    if (models.length > 0) {
      const typeIt = { label: `$(edit) ${vscode.l10n.t('Type a model id…')}` };
      const items = [...models.map((m) => ({ label: m.id, description: m.contextTokens ? vscode.l10n.t('{0} tokens', m.contextTokens) : undefined })), typeIt];
      const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('{0} model(s) on {1}', models.length, hostOf(baseUrl)), ignoreFocusOut: true });
      if (!pick) return undefined;
      if (pick !== typeIt) return pick.label;
      why = '';
    } else {
      why = vscode.l10n.t('{0} lists no models.', hostOf(baseUrl));
    }
  } catch (e) {
    const reason = isModelError(e) ? e.message : String(e);
    why = vscode.l10n.t('Could not list models: {0}', reason);
    s.log.warn(`Add Model Endpoint: could not list models: ${reason}`);
  }
  const typed = await vscode.window.showInputBox({
    title, prompt: why ? vscode.l10n.t('{0} Type the model id ({1}).', why, preset.modelHint) : vscode.l10n.t('Type the model id ({0}).', preset.modelHint), ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a model id.')),
  });
  return typed?.trim() || undefined;
}

async function addVscodeLm(s: EndpointServices, models: vscode.LanguageModelChat[], existing: string[]): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: `${m.vendor}/${m.family}`, detail: vscode.l10n.t('{0} input tokens', m.maxInputTokens), model: m })),
    { title: vscode.l10n.t('Forge: Add Model Endpoint: VS Code language model'), placeHolder: vscode.l10n.t('Model') },
  );
  if (!pick) return undefined;
  const m = pick.model;
  const id = uniqueProfileId(`vscode-${m.vendor}-${m.family}`, existing);
  await s.settings.saveUserProfile({ id, kind: 'vscode-lm', label: m.name, vendor: m.vendor, family: m.family, maxContextTokens: m.maxInputTokens });
  await s.settings.setActive(id);
  s.log.info(`Added VS Code language model profile ${id} (${m.vendor}/${m.family}); it is now active.`);
  void vscode.window.showInformationMessage(vscode.l10n.t("Added \"{0}\" and made it Forge's active model. VS Code asks for your consent on first use.", m.name));
  return id;
}
