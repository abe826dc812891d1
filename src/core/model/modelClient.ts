/**
 * The one interface the agent uses to talk to a model. Implementations: OpenAiModelClient
 * (any OpenAI-compatible Chat Completions server) here, and a VS Code Language Model adapter
 * under src/vscode. Messages and events are Forge's own types, not an SDK's.
 */
import type { RequestUsage } from './usage';

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments exactly as the model produced them. */
  argumentsJson: string;
  /** Parsed arguments, when argumentsJson is valid JSON. */
  arguments?: unknown;
  /** Why the arguments could not be parsed (e.g. cut off by the output limit): for the model to fix. */
  argumentsError?: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name?: string; content: string };

export type ToolProtocol = 'native' | 'text';

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: 'auto' | 'required' | 'none';
  /** Cancels the request; the stream ends (with a 'cancelled' ModelError) within 200 ms. */
  signal?: AbortSignal;
  maxOutputTokens?: number;
  temperature?: number;
  /** 'native' never falls back to the text protocol; 'text' always uses it. Default: from the profile. */
  toolProtocol?: ToolProtocol | 'auto';
  /** Default true. false asks for one JSON reply (same events, delivered at the end). */
  stream?: boolean;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | (string & {});

export type ModelEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /** A complete tool call; several may arrive in one turn (parallel calls). */
  | { type: 'toolCall'; call: ToolCall }
  /** A piece of a native tool call's arguments as it streams (index: the call's place in the turn); the complete call follows as toolCall. */
  | { type: 'toolCallDelta'; index: number; name: string; argumentsDelta: string }
  | { type: 'usage'; usage: RequestUsage }
  | { type: 'done'; finishReason: FinishReason; toolProtocol: ToolProtocol };

export interface ModelInfo {
  id: string;
  /** Context window, when the server reports one (context_length, max_model_len, ...). */
  contextTokens?: number;
}

export interface ModelClient {
  /** Which profile this client talks to (id and label, for messages). */
  readonly profileId: string;
  /** Streams one assistant turn. Throws ModelError (ContextLengthError for an over-long prompt). */
  chat(request: ChatRequest): AsyncIterable<ModelEvent>;
  /** The models the server offers (GET /models). */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** The context window the server serves for this model, in tokens, when it says (never throws). */
  contextWindow?(signal?: AbortSignal): Promise<number | undefined>;
}
