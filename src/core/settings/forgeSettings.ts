/**
 * The typed view of Forge's endpoint settings (`forge.endpoints`, `forge.activeEndpoint`,
 * `forge.roles`), validated with zod when read. Pure: the host hands in the raw values.
 * A profile is either an OpenAI-compatible server (`kind: "openai"`, the default) or a model
 * that VS Code itself provides (`kind: "vscode-lm"`, through its Language Model API).
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { parseEndpointProfile, type EndpointProfile } from '../model/endpointProfile';

export type Role = 'agent' | 'summarize' | 'apply';
export const ROLES: readonly Role[] = ['agent', 'summarize', 'apply'];

/** A model from VS Code's Language Model API (Copilot or another provider extension). */
export interface VscodeLmProfile {
  kind: 'vscode-lm';
  id: string;
  label: string;
  vendor?: string;
  family?: string;
  maxContextTokens?: number;
  maxOutputTokens?: number;
}

export type ConfiguredProfile = ({ kind: 'openai' } & EndpointProfile) | VscodeLmProfile;

export interface SettingsProblem {
  /** Index in forge.endpoints, or undefined for forge.activeEndpoint / forge.roles. */
  index?: number;
  /** The setting or field path, e.g. "forge.endpoints[1].baseUrl". */
  field: string;
  /** One sentence naming the field. */
  message: string;
}

export interface ForgeSettings {
  profiles: ConfiguredProfile[];
  activeId?: string;
  roles: Partial<Record<Role, string>>;
  problems: SettingsProblem[];
}

export interface RawSettings {
  endpoints: unknown;
  activeEndpoint: unknown;
  roles: unknown;
}

const idSchema = lazySchema(() => z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'));

const vscodeLmSchema = lazySchema(() => z.object({
  kind: z.literal('vscode-lm'),
  id: idSchema,
  label: z.string().min(1),
  vendor: z.string().min(1).optional(),
  family: z.string().min(1).optional(),
  maxContextTokens: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
}));

/** Validates one entry of forge.endpoints. */
export function parseConfiguredProfile(value: unknown, index: number): { ok: true; profile: ConfiguredProfile } | { ok: false; problem: SettingsProblem } {
  const where = `forge.endpoints[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: { index, field: where, message: `${where} must be an object with id, label, baseUrl and model.` } };
  }
  const kind = (value as { kind?: unknown }).kind ?? 'openai';
  if (kind === 'vscode-lm') {
    const r = vscodeLmSchema.safeParse(value);
    if (r.success) return { ok: true, profile: r.data };
    const issue = r.error.issues[0];
    const field = issue.path.map(String).join('.') || '(profile)';
    const what = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined ? 'is missing' : lower(issue.message);
    return { ok: false, problem: { index, field: `${where}.${field}`, message: `Endpoint profile${named(value)}: ${field} ${what}.` } };
  }
  if (kind !== 'openai') {
    return { ok: false, problem: { index, field: `${where}.kind`, message: `Endpoint profile${named(value)}: kind must be "openai" or "vscode-lm".` } };
  }
  const r = parseEndpointProfile(value);
  if (!r.ok) return { ok: false, problem: { index, field: `${where}.${r.field}`, message: r.message } };
  return { ok: true, profile: { kind: 'openai', ...r.profile } };
}

/** Parses all three settings; invalid profiles are left out and described in `problems`. */
export function parseForgeSettings(raw: RawSettings): ForgeSettings {
  const problems: SettingsProblem[] = [];
  const profiles: ConfiguredProfile[] = [];
  const list = raw.endpoints ?? [];
  if (!Array.isArray(list)) {
    problems.push({ field: 'forge.endpoints', message: 'forge.endpoints must be a list of endpoint profiles.' });
  } else {
    const seen = new Set<string>();
    list.forEach((value, index) => {
      const r = parseConfiguredProfile(value, index);
      if (!r.ok) return problems.push(r.problem);
      if (seen.has(r.profile.id)) {
        return problems.push({ index, field: `forge.endpoints[${index}].id`, message: `Endpoint profile "${r.profile.id}": id is used twice; ids must be unique.` });
      }
      seen.add(r.profile.id);
      profiles.push(r.profile);
    });
  }
  let activeId: string | undefined;
  if (typeof raw.activeEndpoint === 'string' && raw.activeEndpoint) activeId = raw.activeEndpoint;
  else if (raw.activeEndpoint !== undefined && raw.activeEndpoint !== null && raw.activeEndpoint !== '') {
    problems.push({ field: 'forge.activeEndpoint', message: 'forge.activeEndpoint must be the id of a profile in forge.endpoints.' });
  }
  const roles: Partial<Record<Role, string>> = {};
  if (raw.roles !== undefined && raw.roles !== null) {
    if (typeof raw.roles !== 'object' || Array.isArray(raw.roles)) {
      problems.push({ field: 'forge.roles', message: 'forge.roles must map agent, summarize and apply to profile ids.' });
    } else {
      for (const [role, id] of Object.entries(raw.roles)) {
        if (!(ROLES as readonly string[]).includes(role)) {
          problems.push({ field: `forge.roles.${role}`, message: `forge.roles.${role} is not a role; use agent, summarize or apply.` });
        } else if (typeof id !== 'string') {
          problems.push({ field: `forge.roles.${role}`, message: `forge.roles.${role} must be a profile id.` });
        } else if (id) roles[role as Role] = id;
      }
    }
  }
  return { profiles, activeId, roles, problems };
}

export type RoleResolution =
  | { ok: true; profile: ConfiguredProfile; via: 'role' | 'active' | 'only' }
  | { ok: false; reason: 'noProfiles' | 'unknownId' | 'noActive'; id?: string; message: string };

/**
 * Which profile serves a role: forge.roles[role], else forge.activeEndpoint, else the only
 * profile. A named id that does not exist is an error (never silently another endpoint).
 */
export function resolveRole(settings: ForgeSettings, role: Role): RoleResolution {
  const byId = (id: string) => settings.profiles.find((p) => p.id === id);
  const roleId = settings.roles[role];
  if (roleId) {
    const p = byId(roleId);
    return p ? { ok: true, profile: p, via: 'role' }
      : { ok: false, reason: 'unknownId', id: roleId, message: `forge.roles.${role} names "${roleId}", but no endpoint profile has that id.` };
  }
  if (settings.activeId) {
    const p = byId(settings.activeId);
    return p ? { ok: true, profile: p, via: 'active' }
      : { ok: false, reason: 'unknownId', id: settings.activeId, message: `forge.activeEndpoint names "${settings.activeId}", but no endpoint profile has that id.` };
  }
  if (settings.profiles.length === 1) return { ok: true, profile: settings.profiles[0], via: 'only' };
  if (settings.profiles.length === 0) return { ok: false, reason: 'noProfiles', message: 'No model endpoint is configured yet; add one to start.' };
  return { ok: false, reason: 'noActive', message: 'Several model endpoints are configured but none is selected; select one.' };
}

/** The profile forge.activeEndpoint picks (or the only one), for the status bar. */
export function activeProfile(settings: ForgeSettings): ConfiguredProfile | undefined {
  const r = resolveRole({ ...settings, roles: {} }, 'agent');
  return r.ok ? r.profile : undefined;
}

/** A profile id from a label that is not yet taken: "Ollama: llama3.1:8b" -> "ollama-llama3.1-8b". */
export function uniqueProfileId(label: string, taken: Iterable<string>): string {
  const base = label.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 48) || 'endpoint';
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

function named(value: unknown): string {
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id ? ` "${id}"` : '';
}

function lower(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
}
