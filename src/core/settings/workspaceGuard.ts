/**
 * A repository's own .vscode/settings.json must not silently redirect Forge's traffic (prompts,
 * code, keys) to another host. When the workspace value of forge.endpoints or
 * forge.activeEndpoint differs from the user's, the host asks once; the answer is remembered
 * per workspace together with a fingerprint of the values, so a changed value asks again.
 * Pure decision logic; the host does the asking and the remembering.
 */
import { createHash } from 'node:crypto';
import { hostOf } from '../model/endpointProfile';

/** What VS Code's `WorkspaceConfiguration.inspect()` returns, the parts used here. */
export interface SettingInspect {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
}

export interface GuardedSettings {
  endpoints: SettingInspect;
  activeEndpoint: SettingInspect;
}

export interface RememberedAnswer {
  fingerprint: string;
  allow: boolean;
}

export type GuardDecision =
  /** No workspace value differs from the user's: nothing to ask. */
  | { kind: 'noOverride' }
  /** Ask; `hosts` are where the workspace values would send traffic. */
  | { kind: 'ask'; fingerprint: string; hosts: string[]; question: string }
  | { kind: 'allowed'; fingerprint: string }
  | { kind: 'denied'; fingerprint: string };

/** JSON with object keys sorted, so equal values compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? 'undefined';
}

function userValue(s: SettingInspect): unknown {
  return s.globalValue !== undefined ? s.globalValue : s.defaultValue;
}

function overrides(s: SettingInspect): boolean {
  return s.workspaceValue !== undefined && canonicalJson(s.workspaceValue) !== canonicalJson(userValue(s));
}

/** A digest of the workspace's values: a remembered answer is valid only for exactly these. */
export function workspaceFingerprint(s: GuardedSettings): string {
  const text = canonicalJson({ endpoints: s.endpoints.workspaceValue, activeEndpoint: s.activeEndpoint.workspaceValue });
  return createHash('sha256').update(text).digest('hex');
}

function describeTarget(profile: unknown): string | undefined {
  if (!profile || typeof profile !== 'object') return undefined;
  const p = profile as { kind?: unknown; baseUrl?: unknown };
  if (p.kind === 'vscode-lm') return "VS Code's language models";
  return typeof p.baseUrl === 'string' ? hostOf(p.baseUrl) : undefined;
}

/** Where the workspace values would send traffic that the user's own settings would not. */
export function redirectedHosts(s: GuardedSettings): string[] {
  const hosts = new Set<string>();
  const userList = Array.isArray(userValue(s.endpoints)) ? (userValue(s.endpoints) as unknown[]) : [];
  const userJson = new Set(userList.map(canonicalJson));
  const effectiveList = Array.isArray(s.endpoints.workspaceValue) ? (s.endpoints.workspaceValue as unknown[]) : userList;
  if (overrides(s.endpoints)) {
    for (const p of effectiveList) {
      if (userJson.has(canonicalJson(p))) continue;
      const h = describeTarget(p);
      if (h) hosts.add(h);
    }
  }
  if (overrides(s.activeEndpoint)) {
    const id = s.activeEndpoint.workspaceValue;
    const h = describeTarget(effectiveList.find((p) => (p as { id?: unknown })?.id === id));
    if (h) hosts.add(h);
  }
  return [...hosts];
}

/** The modal's sentence. */
export function guardQuestion(hosts: string[]): string {
  const where = hosts.length === 0 ? 'a different model endpoint'
    : hosts.length === 1 ? hosts[0]
    : `${hosts.slice(0, -1).join(', ')} and ${hosts[hosts.length - 1]}`;
  return `This workspace's settings (.vscode/settings.json) change Forge's model endpoint and would send your prompts and code to ${where}. Use the workspace's endpoint settings?`;
}

export function decideWorkspaceOverride(s: GuardedSettings, remembered: RememberedAnswer | undefined): GuardDecision {
  if (!overrides(s.endpoints) && !overrides(s.activeEndpoint)) return { kind: 'noOverride' };
  const fingerprint = workspaceFingerprint(s);
  if (remembered && remembered.fingerprint === fingerprint) return { kind: remembered.allow ? 'allowed' : 'denied', fingerprint };
  const hosts = redirectedHosts(s);
  return { kind: 'ask', fingerprint, hosts, question: guardQuestion(hosts) };
}

/**
 * The raw values to use: the merged ones (workspace over user) when allowed or when nothing is
 * overridden; the user's own otherwise (undecided counts as not allowed).
 */
export function effectiveValues(s: GuardedSettings, decision: GuardDecision): { endpoints: unknown; activeEndpoint: unknown } {
  const merged = (x: SettingInspect) => (x.workspaceValue !== undefined ? x.workspaceValue : userValue(x));
  const useWorkspace = decision.kind === 'noOverride' || decision.kind === 'allowed';
  return useWorkspace
    ? { endpoints: merged(s.endpoints), activeEndpoint: merged(s.activeEndpoint) }
    : { endpoints: userValue(s.endpoints), activeEndpoint: userValue(s.activeEndpoint) };
}
