/**
 * The context window a server actually serves, asked where each family says it:
 *   - `/v1/models`: llama.cpp (`meta.n_ctx`), vLLM (`max_model_len`), OpenRouter (`context_length`)
 *   - llama.cpp `GET /props` (`default_generation_settings.n_ctx`)
 *   - LM Studio `GET /api/v0/models/<model>` (`loaded_context_length`)
 *   - Ollama `POST /api/show` (a `num_ctx` parameter) and `GET /api/ps` (`context_length` of the loaded model)
 * Every look-up is short and may fail; undefined means "the server does not say".
 */
import type { ModelInfo } from './modelClient';

export interface WindowLookup {
  baseUrl: string;
  model: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  listModels: (signal?: AbortSignal) => Promise<ModelInfo[]>;
  signal?: AbortSignal;
  /** Per request, ms. Default 3000. */
  timeoutMs?: number;
}

/** Hosts that serve no llama.cpp, LM Studio or Ollama routes: only `/models` is asked. */
const CLOUD = /(^|\.)(openai\.com|openrouter\.ai|googleapis\.com|azure\.com|anthropic\.com|mistral\.ai|groq\.com|together\.xyz|deepseek\.com)$/i;

const positive = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
};

/** The server root: the base URL without its trailing /v1 (where /props and /api/* live). */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export async function servedContextWindow(q: WindowLookup): Promise<number | undefined> {
  try {
    const models = await q.listModels(q.signal);
    const entry = models.find((m) => m.id === q.model) ?? (models.length === 1 ? models[0] : undefined);
    if (entry?.contextTokens) return entry.contextTokens;
  } catch {
    // Not every server lists models; the routes below may still say.
  }
  let host = '';
  try { host = new URL(q.baseUrl).hostname; } catch { return undefined; }
  if (CLOUD.test(host)) return undefined;
  const root = serverRoot(q.baseUrl);
  const get = async (path: string, body?: unknown): Promise<any> => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), q.timeoutMs ?? 3000);
    const onAbort = () => ctrl.abort();
    q.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await q.fetch(`${root}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...q.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctrl.signal,
      });
      if (!res.ok || !/json/i.test(res.headers.get('content-type') ?? '')) return undefined;
      return await res.json();
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      q.signal?.removeEventListener('abort', onAbort);
    }
  };
  const props = await get('/props');
  const fromProps = positive(props?.default_generation_settings?.n_ctx) ?? positive(props?.n_ctx);
  if (fromProps) return fromProps;
  const lmStudio = await get(`/api/v0/models/${encodeURIComponent(q.model)}`);
  const fromLmStudio = positive(lmStudio?.loaded_context_length);
  if (fromLmStudio) return fromLmStudio;
  const show = await get('/api/show', { model: q.model });
  const numCtx = typeof show?.parameters === 'string' ? show.parameters.match(/^\s*num_ctx\s+(\d+)/m) : null;
  if (numCtx) return Number(numCtx[1]);
  if (show) {
    const ps = await get('/api/ps');
    const running = (ps?.models ?? []).find((m: any) => m?.name === q.model || m?.model === q.model || m?.name === `${q.model}:latest`);
    return positive(running?.context_length);
  }
  return undefined;
}
