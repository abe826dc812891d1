/** Forge's message types to the Chat Completions wire format, and fields read from /models. */
import type { ChatMessage } from './modelClient';

export function toOpenAiMessages(messages: ChatMessage[]): any[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'assistant': {
        const out: any = { role: 'assistant', content: m.content ?? (m.toolCalls?.length ? null : '') };
        if (m.toolCalls?.length) {
          out.tool_calls = m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsJson || '{}' } }));
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

/** Context window from a /models entry: vLLM (max_model_len), OpenRouter (context_length, top_provider), others. */
export function contextTokensOf(entry: any): number | undefined {
  const candidates = [
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
