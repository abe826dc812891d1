/**
 * The endpoint services the commands share, built once in extension.ts.
 */
import * as vscode from 'vscode';
import type { Log } from '../../core/ports';
import { CapabilityStore } from './capabilities';
import { ModelClients } from './clientFactory';
import { EndpointKeys } from './endpointKeys';
import { EndpointSettings } from './endpointSettings';

export interface EndpointServices {
  settings: EndpointSettings;
  keys: EndpointKeys;
  capabilities: CapabilityStore;
  /** createClientForRole(role): what the agent calls for a ModelClient. */
  clients: ModelClients;
  log: Log & { show?(preserveFocus?: boolean): void };
}

export function createEndpointServices(context: vscode.ExtensionContext, log: EndpointServices['log']): EndpointServices & vscode.Disposable {
  const settings = new EndpointSettings(context.workspaceState, log);
  const keys = new EndpointKeys(context.secrets, log);
  const capabilities = new CapabilityStore(context.globalState);
  const clients = new ModelClients(settings, keys, capabilities, log);
  return { settings, keys, capabilities, clients, log, dispose: () => settings.dispose() };
}
