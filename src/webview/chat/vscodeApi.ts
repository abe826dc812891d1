/** The webview side of the VS Code API, typed for the chat view. */
import type { ChatWebviewMessage } from '../../protocol/chat';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: ChatWebviewMessage): void;
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  return { post: (m) => api.postMessage(m) };
}
