/**
 * Recognises "the prompt does not fit the context window" as each server family writes it, and
 * reads the two sizes the right way round: the window (`limit`) and the prompt (`prompt`).
 *
 *   OpenAI, Azure   400 code context_length_exceeded: "This model's maximum context length is L tokens.
 *                   However, your messages resulted in P tokens."
 *   OpenRouter      400: "This endpoint's maximum context length is L tokens. However, you requested
 *                   about T tokens (P of text input, O in the output)."
 *   vLLM            400 BadRequestError: "... maximum context length is L tokens. However, you requested
 *                   T tokens (P in the messages, O in the completion)", "... and your request has P input
 *                   tokens", or "The decoder prompt (length P) is longer than the maximum model length of L"
 *   llama.cpp       400 type exceed_context_size_error, body fields n_prompt_tokens and n_ctx: "request
 *                   (P tokens) exceeds the available context size (L tokens), try increasing it";
 *                   older builds: "the request exceeds the available context size"
 *   Ollama          truncates silently by default; with truncation off: "the input length exceeds the
 *                   context length" (400 or 500, no numbers)
 *   LM Studio       "Trying to keep the first P tokens when context the overflows. However, the model is
 *                   loaded with context length of only L tokens" (400, or inside a 200 stream)
 *   Gemini          400 INVALID_ARGUMENT: "The input token count (P) exceeds the maximum number of tokens
 *                   allowed (L)."
 */

export interface ContextOverflow {
  /** The window the server serves, in tokens, when it said. */
  limit?: number;
  /** The prompt's size as the server counted it, in tokens, when it said. */
  prompt?: number;
}

const OVERFLOW_CODES = new Set(['context_length_exceeded', 'exceed_context_size_error', 'context_window_exceeded']);

const OVERFLOW_WORDING = new RegExp([
  'maximum context length',
  'context[ _-]length (?:exceeded|of only)',
  'exceeds? (?:the )?(?:available |model\'?s? )?context',
  'input length exceeds',
  'longer than (?:the )?max(?:imum)?[ _]model[ _]len',
  'input token count',
  'prompt is too long',
  'too many tokens',
  'when context the overflows',
  'reached context length',
  'context (?:size|window) (?:has been )?exceeded',
  'too large for model with \\d+ maximum context',
].join('|'), 'i');

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s.replace(/,/g, '')));
const N = '(\\d[\\d,]*)';

/** Patterns naming both sizes: which group is the limit, which the prompt. */
const SIZED: { re: RegExp; limit: number; prompt: number; alt?: number }[] = [
  // llama.cpp
  { re: new RegExp(`request \\(${N} tokens\\) exceeds the available context size \\(${N} tokens\\)`, 'i'), prompt: 1, limit: 2 },
  // vLLM (newer): prompt plus max_tokens too large
  { re: new RegExp(`maximum context length is ${N} tokens and your request has ${N} input tokens`, 'i'), limit: 1, prompt: 2 },
  // OpenAI, Azure, OpenRouter, vLLM: the total, then (prompt in the messages / of text input, ...) when split
  { re: new RegExp(`maximum context length is ${N} tokens\\.?.*?(?:resulted in|requested(?: about)?) ${N} tokens(?: \\(${N} (?:in the messages|of text input))?`, 'is'), limit: 1, prompt: 2, alt: 3 },
  // OpenAI Responses API
  { re: new RegExp(`configured limit of ${N} tokens.*?resulted in ${N} tokens`, 'is'), limit: 1, prompt: 2 },
  // vLLM engine
  { re: new RegExp(`prompt \\(length ${N}\\).*?longer than (?:the )?max(?:imum)?[ _]model[ _](?:length|len) (?:of )?${N}`, 'is'), prompt: 1, limit: 2 },
  // Gemini
  { re: new RegExp(`input token count \\(${N}\\) exceeds the maximum number of tokens allowed \\(${N}\\)`, 'i'), prompt: 1, limit: 2 },
  // LM Studio
  { re: new RegExp(`keep the first ${N} tokens.*?context length of (?:only )?${N} tokens`, 'is'), prompt: 1, limit: 2 },
  // Anthropic-style proxies, Mistral
  { re: new RegExp(`prompt is too long: ${N} tokens > ${N}`, 'i'), prompt: 1, limit: 2 },
  { re: new RegExp(`prompt contains ${N} tokens.*?model with ${N} maximum context length`, 'is'), prompt: 1, limit: 2 },
];

/** Body fields that carry the sizes (llama.cpp). */
function fromFields(body: any): ContextOverflow {
  const pick = (...vals: unknown[]) => vals.map((v) => (typeof v === 'string' ? Number(v) : v)).find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
  return { prompt: pick(body?.n_prompt_tokens, body?.prompt_tokens), limit: pick(body?.n_ctx, body?.context_length, body?.max_context_length) };
}

/**
 * The overflow a server error describes, or undefined when it is about something else.
 * `status` is undefined for an error sent inside a stream; `body` is the `error` object (or string).
 */
export function contextOverflowOf(status: number | undefined, body: unknown, message: string): ContextOverflow | undefined {
  if (status !== undefined && (status < 400 || status === 401 || status === 403 || status === 404 || status === 429)) return undefined;
  const b: any = body && typeof body === 'object' ? body : {};
  const code = [b.code, b.type, b.status].find((c) => typeof c === 'string' && OVERFLOW_CODES.has(c));
  const fields = fromFields(b);
  if (!code && !OVERFLOW_WORDING.test(message) && !(fields.prompt && fields.limit)) return undefined;
  if (fields.prompt && fields.limit) return fields;
  for (const p of SIZED) {
    const m = message.match(p.re);
    if (m) return { limit: num(m[p.limit]), prompt: num((p.alt && m[p.alt]) || m[p.prompt]) };
  }
  // Two sizes in unknown wording: the prompt is the larger (it overflowed the window).
  const sizes = [...message.matchAll(/(\d[\d,]{2,})\s*tokens?/gi)].map((m) => num(m[1])!).slice(0, 2);
  if (sizes.length === 2) return { limit: Math.min(...sizes), prompt: Math.max(...sizes) };
  return { limit: fields.limit, prompt: fields.prompt };
}
