/**
 * Turns a ScriptedResponse into what an OpenAI-compatible server sends: the list of SSE chunk
 * objects for a streaming request, or one chat.completion object for a non-streaming one.
 */
import type { ScriptedResponse, ScriptedUsage } from './types';

let nextId = 1;

function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function splitInto(text: string, pieces: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
  return splitText(text, size);
}

function argumentsOf(response: ScriptedResponse, args: string | Record<string, unknown>): string {
  const json = typeof args === 'string' ? args : JSON.stringify(args);
  return response.truncateToolArgumentsAt === undefined ? json : json.slice(0, response.truncateToolArgumentsAt);
}

function usageOf(response: ScriptedResponse, body: any): Record<string, unknown> | undefined {
  if (response.usage === false) return undefined;
  const u: ScriptedUsage = response.usage ?? {
    prompt_tokens: Math.ceil(JSON.stringify(body?.messages ?? []).length / 4),
    completion_tokens: Math.ceil(((response.text ?? '').length + (response.reasoning ?? '').length) / 4) + 1,
  };
  const out: Record<string, unknown> = {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
  };
  if (u.cached_tokens !== undefined) out.prompt_tokens_details = { cached_tokens: u.cached_tokens };
  if (u.reasoning_tokens !== undefined) out.completion_tokens_details = { reasoning_tokens: u.reasoning_tokens };
  return out;
}

function finishReasonOf(response: ScriptedResponse): string {
  return response.finishReason ?? (response.toolCalls?.length ? 'tool_calls' : 'stop');
}

/** The chunk objects of a streamed reply (without the `data: ` framing and without [DONE]). */
export function streamChunks(response: ScriptedResponse, body: any): object[] {
  const id = `chatcmpl-${nextId++}`;
  const created = Math.floor(Date.now() / 1000);
  const model = String(body?.model ?? 'unknown');
  const chunk = (delta: object, finish: string | null = null): object => ({
    id, object: 'chat.completion.chunk', created, model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const size = response.textChunkSize ?? 8;
  const chunks: object[] = [chunk({ role: 'assistant', content: '' })];
  const field = response.reasoningField ?? 'reasoning_content';
  for (const piece of splitText(response.reasoning ?? '', size)) chunks.push(chunk({ [field]: piece }));
  for (const piece of splitText(response.text ?? '', size)) chunks.push(chunk({ content: piece }));

  // Tool calls: the first delta of each call carries id, type and name with empty arguments; the
  // argument pieces follow, interleaved across calls (as parallel-calling servers do), keyed by index.
  const calls = (response.toolCalls ?? []).map((c, index) => ({
    index,
    id: c.id ?? `call_${nextId}_${index}`,
    name: c.name,
    pieces: splitInto(argumentsOf(response, c.arguments), response.argumentPieces ?? 3),
  }));
  for (const c of calls) {
    chunks.push(chunk({ tool_calls: [{ index: c.index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }));
  }
  const rounds = Math.max(0, ...calls.map((c) => c.pieces.length));
  for (let r = 0; r < rounds; r++) {
    for (const c of calls) {
      if (r < c.pieces.length) chunks.push(chunk({ tool_calls: [{ index: c.index, function: { arguments: c.pieces[r] } }] }));
    }
  }
  chunks.push(chunk({}, finishReasonOf(response)));
  const usage = usageOf(response, body);
  if (body?.stream_options?.include_usage && usage) {
    chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
  }
  return chunks;
}

/** A complete non-streaming chat.completion object. */
export function completion(response: ScriptedResponse, body: any): object {
  const message: Record<string, unknown> = { role: 'assistant', content: response.text ?? null, refusal: null };
  if (response.reasoning) message[response.reasoningField ?? 'reasoning_content'] = response.reasoning;
  if (response.toolCalls?.length) {
    message.tool_calls = response.toolCalls.map((c, index) => ({
      id: c.id ?? `call_${nextId}_${index}`,
      type: 'function',
      function: { name: c.name, arguments: argumentsOf(response, c.arguments) },
    }));
  }
  const out: Record<string, unknown> = {
    id: `chatcmpl-${nextId++}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(body?.model ?? 'unknown'),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(response) }],
  };
  const usage = usageOf(response, body);
  if (usage) out.usage = usage;
  return out;
}
