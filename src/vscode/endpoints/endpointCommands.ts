/**
 * The endpoint commands, as handlers for the command table in src/vscode/commands.ts.
 */
import { addEndpoint } from './addEndpointWizard';
import { selectModel } from './selectModelCommand';
import type { EndpointServices } from './services';
import { setApiKey } from './setApiKeyCommand';
import { testEndpoint } from './testEndpointCommand';

export interface EndpointCommands {
  /** The new profile's id; undefined when cancelled. */
  addEndpoint(): Promise<string | undefined>;
  setApiKey(profileId?: unknown): Promise<void>;
  selectModel(): Promise<void>;
  testEndpoint(profileId?: unknown): Promise<unknown>;
}

export function endpointCommands(s: EndpointServices): EndpointCommands {
  return {
    addEndpoint: () => addEndpoint(s),
    setApiKey: (id) => setApiKey(s, id),
    selectModel: () => selectModel(s),
    testEndpoint: (id) => testEndpoint(s, id),
  };
}
