/**
 * "Forge: Test Endpoint": probes a profile (reachability, latency to first token, streaming,
 * tool calls, usage reporting, context size), caches the result as the profile's capabilities,
 * writes the report to the Forge log (never the key) and shows it in one notification.
 */
import * as vscode from 'vscode';
import type { EndpointProfile } from '../../core/model/endpointProfile';
import { isModelError, redactSecrets } from '../../core/model/modelError';
import { probeEndpoint, type ProbeResult } from '../../core/model/probe';
import { capabilityReport } from '../../core/settings/capabilityReport';
import type { ConfiguredProfile } from '../../core/settings/forgeSettings';
import { toEndpointProfile } from './clientFactory';
import { FIX_BUTTONS, runFix, showModelError } from './modelErrors';
import { pickProfile } from './profilePicker';
import type { EndpointServices } from './services';

const SHOW_LOG = vscode.l10n.t('Show Log');

/** What probeEndpoint sees of a profile (a vscode-lm one gets a descriptive pseudo URL). */
function probeProfile(p: ConfiguredProfile): EndpointProfile {
  if (p.kind === 'openai') return toEndpointProfile(p);
  return { id: p.id, label: p.label, baseUrl: `vscode-lm://${p.vendor ?? 'any'}`, model: p.family ?? 'any', supportsTools: true };
}

export async function testEndpoint(s: EndpointServices, profileId?: unknown): Promise<ProbeResult | undefined> {
  const settings = await s.settings.resolve();
  const profile = await pickProfile(settings, { id: profileId, title: vscode.l10n.t('Forge: Test Endpoint') });
  if (!profile) {
    if (settings.profiles.length === 0) {
      const add = await vscode.window.showInformationMessage(vscode.l10n.t('No model endpoint is configured yet.'), FIX_BUTTONS.addEndpoint);
      if (add) await vscode.commands.executeCommand('forge.addEndpoint');
    }
    return undefined;
  }
  let key: string | undefined;
  let result: ProbeResult;
  try {
    if (profile.kind === 'openai') key = await s.keys.keyFor(profile);
    const client = await s.clients.createClientForProfile(profile);
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Forge: testing "{0}"…', profile.label), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return probeEndpoint(client, probeProfile(profile), { signal: abort.signal });
      },
    );
  } catch (e) {
    s.log.error(`Test Endpoint "${profile.label}": ${redactSecrets(isModelError(e) ? e.message : String(e), [key])}`);
    await showModelError(e, { profileId: profile.id }, [key]);
    return undefined;
  }
  await s.capabilities.set(result);
  const report = capabilityReport(result, profile.label);
  const clean = (t: string) => redactSecrets(t, [key]);
  const where = profile.kind === 'openai' ? `${profile.baseUrl}, model ${profile.model}` : probeProfile(profile).baseUrl;
  s.log.info(clean(`Test Endpoint "${profile.label}" (${where}):\n  ${report.lines.join('\n  ')}`));
  if (report.ok) {
    const choice = await vscode.window.showInformationMessage(clean(report.headline), SHOW_LOG);
    if (choice) s.log.show?.(true);
  } else {
    const fix = result.error?.fix;
    const buttons = fix && fix !== 'retry' ? [FIX_BUTTONS[fix], SHOW_LOG] : [FIX_BUTTONS.retry, SHOW_LOG];
    const choice = await vscode.window.showErrorMessage(clean(report.headline), ...buttons);
    if (choice === SHOW_LOG) s.log.show?.(true);
    else if (choice === FIX_BUTTONS.retry) await testEndpoint(s, profile.id);
    else if (choice && fix) await runFix(fix, { profileId: profile.id });
  }
  return result;
}
