/**
 * API keys, bound to the base URL they were entered for. A key is stored per profile id as
 * {baseUrl, key}; it is handed out only while the profile still points at that base URL, so
 * editing a profile (or a workspace redefining it) never sends the key to another server.
 * The host supplies the secret store (VS Code SecretStorage) and the environment (apiKeyEnv).
 */

/** The part of a secret store this needs (VS Code's SecretStorage has this shape). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

interface StoredKey {
  v: 1;
  baseUrl: string;
  key: string;
}

export type KeyLookup =
  /** source 'none': no key is needed or known (local servers are called without one). */
  | { status: 'ok'; key?: string; source: 'secret' | 'env' | 'none' }
  /** A key exists, but for another base URL: ask the user to enter the key for this one. */
  | { status: 'boundElsewhere'; storedFor: string };

export function secretName(profileId: string): string {
  return `forge.apiKey.${profileId}`;
}

/** The form two base URLs are compared in: scheme and host lower-cased, default port and trailing slashes dropped. */
export function normalizeBaseUrl(baseUrl: string): string {
  try {
    const u = new URL(baseUrl.trim());
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host}${path}${u.search}`;
  } catch {
    return baseUrl.trim().replace(/\/+$/, '');
  }
}

export function sameBaseUrl(a: string, b: string): boolean {
  return normalizeBaseUrl(a) === normalizeBaseUrl(b);
}

export function encodeStoredKey(baseUrl: string, key: string): string {
  const value: StoredKey = { v: 1, baseUrl: normalizeBaseUrl(baseUrl), key };
  return JSON.stringify(value);
}

/** undefined for anything that is not a stored key of ours (a bare string is not trusted: no base URL). */
export function decodeStoredKey(raw: string | undefined): StoredKey | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<StoredKey>;
    if (v && v.v === 1 && typeof v.baseUrl === 'string' && typeof v.key === 'string' && v.key) return v as StoredKey;
  } catch {
    // not ours
  }
  return undefined;
}

/** The key for a profile, only if it was stored for the profile's current base URL. Pure. */
export function lookupKey(
  profile: { baseUrl: string; apiKeyEnv?: string },
  stored: string | undefined,
  env: Record<string, string | undefined>,
): KeyLookup {
  if (profile.apiKeyEnv) {
    const fromEnv = env[profile.apiKeyEnv];
    if (fromEnv) return { status: 'ok', key: fromEnv, source: 'env' };
  }
  const s = decodeStoredKey(stored);
  if (!s) return { status: 'ok', source: 'none' };
  if (!sameBaseUrl(s.baseUrl, profile.baseUrl)) return { status: 'boundElsewhere', storedFor: s.baseUrl };
  return { status: 'ok', key: s.key, source: 'secret' };
}

/** Keys in a secret store, per profile id, bound to base URLs. */
export class KeyVault {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: Record<string, string | undefined> = {},
  ) {}

  async lookup(profile: { id: string; baseUrl: string; apiKeyEnv?: string }): Promise<KeyLookup> {
    return lookupKey(profile, await this.secrets.get(secretName(profile.id)), this.env);
  }

  /** Whether a key is stored for this profile at its current base URL. */
  async has(profile: { id: string; baseUrl: string }): Promise<boolean> {
    const r = lookupKey(profile, await this.secrets.get(secretName(profile.id)), {});
    return r.status === 'ok' && r.source === 'secret';
  }

  async set(profile: { id: string; baseUrl: string }, key: string): Promise<void> {
    await this.secrets.store(secretName(profile.id), encodeStoredKey(profile.baseUrl, key.trim()));
  }

  async delete(profileId: string): Promise<void> {
    await this.secrets.delete(secretName(profileId));
  }
}
