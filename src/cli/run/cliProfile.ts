/** The endpoint profile a CLI command talks to (--profile FILE, or --endpoint URL --model M, or a name of --endpoints) and its key. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEndpointProfile, type EndpointProfile } from '../../core/model/endpointProfile';
import { UsageError } from '../io';

export interface ProfileArgs {
  profile?: string;
  endpoint?: string;
  model?: string;
}

export function loadProfile(a: ProfileArgs): EndpointProfile {
  if (a.profile) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(a.profile, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read the profile ${a.profile}: ${(e as Error).message}`);
    }
    const r = parseEndpointProfile(raw);
    if (!r.ok) throw new UsageError(r.message);
    return r.profile;
  }
  const r = parseEndpointProfile({ id: 'cli', label: a.model, baseUrl: a.endpoint, model: a.model, supportsTools: 'auto' });
  if (!r.ok) throw new UsageError(r.message.replace('Endpoint profile "cli": baseUrl', '--endpoint'));
  return r.profile;
}

/** The profile's apiKeyEnv, else FORGE_API_KEY, else OPENAI_API_KEY. */
export function apiKeyFor(profile: EndpointProfile, env: NodeJS.ProcessEnv): string | undefined {
  return (profile.apiKeyEnv ? env[profile.apiKeyEnv] : undefined) ?? env.FORGE_API_KEY ?? env.OPENAI_API_KEY;
}

/**
 * An endpoint profile named on the command line (`--endpoints`): a profile file, else the id of a
 * profile in "forge.endpoints" of the CLI's settings file (the same list as VS Code's setting).
 */
export function loadNamedProfile(name: string, cwd: string, settingsFile: string): EndpointProfile {
  const file = path.resolve(cwd, name);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return loadProfile({ profile: file });
  let list: unknown;
  try {
    list = fs.existsSync(settingsFile) ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>)['forge.endpoints'] : undefined;
  } catch (e) {
    throw new UsageError(`cannot read ${settingsFile}: ${(e as Error).message}`);
  }
  const found = Array.isArray(list) ? list.find((p) => p && typeof p === 'object' && (p as { id?: unknown }).id === name) : undefined;
  if (!found) throw new UsageError(`--endpoints: "${name}" is neither a profile file nor the id of a profile in "forge.endpoints" of ${settingsFile}`);
  const r = parseEndpointProfile(found);
  if (!r.ok) throw new UsageError(`${settingsFile}: ${r.message}`);
  return r.profile;
}
