export { startModelServer } from './server';
export type { ModelServer, ModelServerOptions } from './server';
export type { Fault, ModelEntry, RecordedRequest, Script, ScriptedResponse, ScriptedToolCall, ScriptedUsage } from './types';
export type { LlamaCppMode } from './llamaCpp';
export { promptTokens } from './llamaCpp';
