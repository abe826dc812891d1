/** Forge's message types to the Chat Completions wire format, and fields read from /models. */
import type { ChatMessage } from './modelClient';

export function toOpenAiMessages(messages: ChatMessage[]): any[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'assistant': {
        const out: any = { role: 'assistant', content: m.content ?? (m.toolCalls?.length ? null : '') };
        if (m.toolCalls?.length) {
          out.tool_calls = m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: wireArguments(c.argumentsJson) } }));
        }
        return out;
      }
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
      default:
        return { role: m.role, content: m.content };
    }
  });
}

/**
 * Tool-call arguments as they may go back to a server: a JSON object. Servers parse the history's
 * arguments (llama.cpp refuses the whole request, HTTP 500, when one is not JSON), so a call that
 * was cut off mid-JSON is sent as `{}`; its tool result tells the model what happened and quotes
 * the text it wrote (the transcript keeps that text unchanged).
 */
export function wireArguments(argumentsJson: string): string {
  if (!argumentsJson.trim()) return '{}';
  try {
    const v = JSON.parse(argumentsJson);
    return v && typeof v === 'object' && !Array.isArray(v) ? argumentsJson : '{}';
  } catch {
    return '{}';
  }
}

/**
 * Context window from a /models entry: llama.cpp (meta.n_ctx, the window it serves, before
 * meta.n_ctx_train, the one the model was trained with), vLLM (max_model_len), OpenRouter
 * (context_length, top_provider), LM Studio (loaded_context_length), others.
 */
export function contextTokensOf(entry: any): number | undefined {
  const candidates = [
    entry?.meta?.n_ctx,
    entry?.loaded_context_length,
    entry?.context_length,
    entry?.max_model_len,
    entry?.context_window,
    entry?.max_context_length,
    entry?.max_input_tokens,
    entry?.top_provider?.context_length,
    entry?.meta?.n_ctx_train,
  ];
  for (const c of candidates) {
    const n = typeof c === 'string' ? Number(c) : c;
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) return Math.floor(n);
  }
  return undefined;
}
