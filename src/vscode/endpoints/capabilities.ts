/**
 * What "Test Endpoint" found out about a profile, kept in globalState per profile id, so the
 * agent can choose (say) the text tool protocol without asking the server again. A result is
 * only used while the profile still points at the same base URL and model.
 */
import type * as vscode from 'vscode';
import type { ProbeResult } from '../../core/model/probe';
import { sameBaseUrl } from '../../core/settings/keyBinding';

const KEY = 'forge.endpointCapabilities';

export class CapabilityStore {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, ProbeResult> {
    return this.state.get<Record<string, ProbeResult>>(KEY) ?? {};
  }

  get(profile: { id: string; baseUrl: string; model: string }): ProbeResult | undefined {
    const r = this.all()[profile.id];
    return r && sameBaseUrl(r.baseUrl, profile.baseUrl) && r.model === profile.model ? r : undefined;
  }

  async set(result: ProbeResult): Promise<void> {
    await this.state.update(KEY, { ...this.all(), [result.profileId]: result });
  }
}
