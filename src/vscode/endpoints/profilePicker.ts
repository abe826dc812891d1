/**
 * Picking one endpoint profile: the one asked for by id, the only one, or a quick pick with the
 * active profile first.
 */
import * as vscode from 'vscode';
import { hostOf } from '../../core/model/endpointProfile';
import type { ConfiguredProfile, ForgeSettings } from '../../core/settings/forgeSettings';
import { activeProfile } from '../../core/settings/forgeSettings';

/** "gpt-4.1 · api.openai.com" or "VS Code: copilot/gpt-4o". */
export function profileDescription(p: ConfiguredProfile): string {
  if (p.kind === 'vscode-lm') return vscode.l10n.t('VS Code language model: {0}', [p.vendor, p.family].filter(Boolean).join('/') || vscode.l10n.t('any'));
  return `${p.model} · ${hostOf(p.baseUrl)}`;
}

export interface ProfileItem extends vscode.QuickPickItem {
  profile: ConfiguredProfile;
}

export function profileItems(settings: ForgeSettings, candidates: ConfiguredProfile[] = settings.profiles): ProfileItem[] {
  const active = activeProfile(settings)?.id;
  const sorted = [...candidates].sort((a, b) => Number(b.id === active) - Number(a.id === active));
  return sorted.map((p) => ({
    label: `${p.id === active ? '$(check) ' : ''}${p.label}`,
    description: profileDescription(p),
    detail: p.id === active ? vscode.l10n.t('active') : undefined,
    profile: p,
  }));
}

export async function pickProfile(
  settings: ForgeSettings,
  options: { id?: unknown; title: string; filter?: (p: ConfiguredProfile) => boolean },
): Promise<ConfiguredProfile | undefined> {
  const candidates = settings.profiles.filter(options.filter ?? (() => true));
  if (typeof options.id === 'string') {
    const p = candidates.find((c) => c.id === options.id);
    if (p) return p;
  }
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) return undefined;
  const item = await vscode.window.showQuickPick(profileItems(settings, candidates), { title: options.title, placeHolder: vscode.l10n.t('Endpoint profile') });
  return item?.profile;
}
