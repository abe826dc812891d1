/**
 * Where the agent gets its ModelClient: `createClientForRole('agent')` resolves the role's
 * profile (forge.roles, else forge.activeEndpoint), its key (bound to the base URL), what
 * Test Endpoint learnt about it, and returns a client. The only place in src/vscode that
 * constructs a model client; the SDK itself is constructed only in src/core/model.
 */
import type { EndpointProfile } from '../../core/model/endpointProfile';
import type { ModelClient } from '../../core/model/modelClient';
import { ModelError } from '../../core/model/modelError';
import { createModelClient } from '../../core/model/openaiClient';
import type { Log } from '../../core/ports';
import { resolveRole, type ConfiguredProfile, type Role } from '../../core/settings/forgeSettings';
import type { CapabilityStore } from './capabilities';
import type { EndpointKeys } from './endpointKeys';
import type { EndpointSettings } from './endpointSettings';
import { createVscodeLmClient } from './vscodeLmClient';

export type OpenAiProfile = Extract<ConfiguredProfile, { kind: 'openai' }>;

/** The core's view of an openai-kind profile (without `kind`). */
export function toEndpointProfile(p: OpenAiProfile): EndpointProfile {
  const { kind: _kind, ...profile } = p;
  return profile;
}

export class ModelClients {
  constructor(
    private readonly settings: EndpointSettings,
    private readonly keys: EndpointKeys,
    private readonly capabilities: CapabilityStore,
    private readonly log: Log,
  ) {}

  /** The client for a role. Throws ModelError (with a fix) when no profile or key fits. */
  async createClientForRole(role: Role): Promise<ModelClient> {
    const settings = await this.settings.resolve();
    const r = resolveRole(settings, role);
    if (!r.ok) {
      throw new ModelError({ kind: 'notConfigured', fix: r.reason === 'unknownId' ? 'openSettings' : r.reason === 'noProfiles' ? 'addEndpoint' : 'selectModel', message: r.message });
    }
    return this.createClientForProfile(r.profile);
  }

  async createClientForProfile(profile: ConfiguredProfile): Promise<ModelClient> {
    if (profile.kind === 'vscode-lm') return createVscodeLmClient(profile);
    const apiKey = await this.keys.keyFor(profile);
    let core = toEndpointProfile(profile);
    // Test Endpoint found that this server rejects `tools`: start with the text protocol at once.
    if (core.supportsTools === 'auto' && this.capabilities.get(core)?.toolCalls === 'rejected') core = { ...core, supportsTools: false };
    return createModelClient(core, { apiKey, log: this.log });
  }
}
