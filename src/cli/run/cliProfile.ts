/** The endpoint profile a CLI command talks to (--profile FILE, or --endpoint URL --model M) and its key. */
import * as fs from 'node:fs';
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
