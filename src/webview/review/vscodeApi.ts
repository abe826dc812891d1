/** The webview side of the VS Code API, typed for this panel. */
import type { WebviewMessage } from '../../protocol/review';
import type { PanelState } from './store';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (m) => api.postMessage(m),
    getState: () => {
      const s = api.getState() as PanelState | undefined;
      return s && typeof s === 'object' && s.version === 2 ? s : undefined;
    },
    setState: (s) => api.setState(s),
  };
}
