/**
 * What a test hands the scripted model server: one ScriptedResponse per chat request (a queue),
 * or a function of the request. A response is either a normal completion (text, reasoning,
 * tool calls, usage) or a fault. Everything is plain data so tests read like a transcript.
 */

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** A JSON string (sent as is, so it may be deliberately broken) or an object (JSON.stringify'd). */
  arguments: string | Record<string, unknown>;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
}

export type Fault =
  /** 401 invalid_api_key. */
  | { kind: 'unauthorized'; message?: string }
  /** 403 permission denied. */
  | { kind: 'forbidden'; message?: string }
  /** 404 model_not_found, naming the model from the request. */
  | { kind: 'modelNotFound' }
  /** 400 context_length_exceeded. */
  | { kind: 'contextLength' }
  /** 400 saying tools are not supported (as vLLM without --enable-auto-tool-choice, or llama.cpp without --jinja). */
  | { kind: 'toolsRejected' }
  /** 429 with an optional Retry-After header (seconds as a number, or a raw header value). */
  | { kind: 'rateLimited'; retryAfter?: number | string }
  /** 500, 502, 503 or 504 with an OpenAI-shaped error body. */
  | { kind: 'serverError'; status: 500 | 502 | 503 | 504; retryAfter?: number }
  /** Any status and body, for cases the named faults do not cover. */
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  /** TCP reset before any response byte. */
  | { kind: 'resetBeforeResponse' }
  /** Send headers and `afterChunks` SSE chunks, then reset the connection. */
  | { kind: 'resetMidStream'; afterChunks: number }
  /** Hold the request for `ms` before sending anything (headers included). */
  | { kind: 'stallBeforeFirstByte'; ms: number }
  /** Send headers and `afterChunks` chunks, then go silent for `ms` (then continue normally). */
  | { kind: 'stallMidStream'; afterChunks: number; ms: number }
  /** Send the stream up to and including the first piece of tool-call arguments, then reset (a cut inside the arguments). */
  | { kind: 'resetMidToolArguments' }
  /** The same place, but go silent for `ms` instead (a stall inside the arguments). */
  | { kind: 'stallMidToolArguments'; ms: number }
  /** Replace chunk number `atChunk` (0-based) with a line of invalid JSON. */
  | { kind: 'malformedJson'; atChunk: number }
  /** Replace chunk number `atChunk` with an in-stream error object (as OpenRouter sends when a provider fails). */
  | { kind: 'errorEvent'; atChunk: number; message: string };

export interface ScriptedResponse {
  /** Assistant text, streamed in pieces of `textChunkSize` characters. */
  text?: string;
  /** Reasoning text, sent in `reasoning_content` (default) or `reasoning` deltas before the text. */
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
  toolCalls?: ScriptedToolCall[];
  /** Cut every tool call's arguments to this many characters (a "truncated arguments" reply). */
  truncateToolArgumentsAt?: number;
  /** Default: 'tool_calls' when there are tool calls, else 'stop'. */
  finishReason?: string;
  /** Usage to report; false to never report usage even when asked. Default: a rough count. */
  usage?: ScriptedUsage | false;
  /** Characters per text/reasoning delta (default 8). */
  textChunkSize?: number;
  /** Pieces each tool call's arguments are split into (default 3). */
  argumentPieces?: number;
  /** Delay between streamed chunks in ms (default 0: the whole stream is written at once). */
  chunkDelayMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  fault?: Fault;
}

export type Script = ScriptedResponse[] | ((request: RecordedRequest) => ScriptedResponse);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined for GET). */
  body: any;
  receivedAt: number;
}

export interface ModelEntry {
  id: string;
  [field: string]: unknown;
}
