/**
 * llama.cpp's `llama-server` as the scripted server can imitate it (the bodies are copied from a
 * real server, notes/real-llama-server.md): `/v1/models` with `meta.n_ctx` (the served window)
 * and `meta.n_ctx_train`, `GET /props`, HTTP 400 `exceed_context_size_error` with
 * `n_prompt_tokens` and `n_ctx` for a prompt longer than the window, and HTTP 500 for a history
 * whose tool-call arguments are not valid JSON.
 */
import type { ErrorReply } from './faults';

export interface LlamaCppMode {
  /** The window the server serves (`-c`). */
  nCtx: number;
  /** The window the model was trained with. Default 4096. */
  nCtxTrain?: number;
}

/** The prompt's size as this imitation counts it (about four characters a token). */
export function promptTokens(body: any): number {
  return Math.ceil(JSON.stringify([body?.messages ?? [], body?.tools ?? []]).length / 4);
}

export function llamaModelsEntry(id: string, mode: LlamaCppMode): Record<string, unknown> {
  return { id, object: 'model', created: 0, owned_by: 'llamacpp', meta: { vocab_type: 2, n_vocab: 151936, n_ctx_train: mode.nCtxTrain ?? 4096, n_embd: 64, n_params: 10_000_000, size: 25_000_000, n_ctx: mode.nCtx } };
}

export function llamaProps(mode: LlamaCppMode): Record<string, unknown> {
  return { default_generation_settings: { n_ctx: mode.nCtx, params: { n_predict: -1 } }, total_slots: 1, model_path: 'tiny.gguf', chat_template: '', build_info: 'scripted' };
}

/** What llama-server refuses a chat request with, before generating anything. */
export function llamaRefusal(body: any, mode: LlamaCppMode): ErrorReply | undefined {
  for (const m of body?.messages ?? []) {
    for (const c of m?.tool_calls ?? []) {
      try {
        JSON.parse(c?.function?.arguments ?? '');
      } catch {
        return { status: 500, headers: {}, body: { error: { code: 500, message: `Failed to parse tool call arguments as JSON: [json.exception.parse_error.101] parse error at line 1, column ${String(c?.function?.arguments ?? '').length + 1}: syntax error while parsing value - unexpected end of input`, type: 'server_error' } } };
      }
    }
  }
  const n = promptTokens(body);
  if (n > mode.nCtx) {
    return {
      status: 400, headers: {},
      body: { error: { code: 400, message: `request (${n} tokens) exceeds the available context size (${mode.nCtx} tokens), try increasing it`, type: 'exceed_context_size_error', n_prompt_tokens: n, n_ctx: mode.nCtx } },
    };
  }
  return undefined;
}
