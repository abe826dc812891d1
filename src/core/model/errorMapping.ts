/**
 * Turns what the SDK or the network threw into a ModelError with one plain sentence and a fix.
 * The server's own wording is only quoted (redacted, shortened) for errors we do not recognise.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { hostOf, type EndpointProfile } from './endpointProfile';
import type { ModelInfo } from './modelClient';
import { ContextLengthError, ModelError, redactSecrets } from './modelError';
import { parseRetryAfter } from './retry';

export interface ErrorContext {
  profile: EndpointProfile;
  apiKey?: string;
  /** Output was already delivered to the caller. */
  partial: boolean;
  /** The request carried tool definitions (a 400 about tools then means they are unsupported). */
  sentTools?: boolean;
  /** For a 404: the models the server offers (may throw). */
  listModels: () => Promise<ModelInfo[]>;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** Codes and messages along an error's cause chain. */
function causeChain(e: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let cur: any = e;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (typeof cur.code === 'string') codes.push(cur.code);
    if (typeof cur.message === 'string') messages.push(cur.message);
    cur = cur.cause;
  }
  return { codes, messages };
}

function serverMessage(e: APIError): string {
  const body: any = e.error;
  const raw = typeof body?.message === 'string' ? body.message : typeof body === 'string' ? body : e.message;
  return String(raw ?? '');
}

function shorten(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const CONTEXT_PATTERN = /context[ _-]?length|context window|maximum context|too many tokens|prompt is too long|exceeds? (the )?(model'?s? )?(context|max)|input is too long|reduce the length/i;

export function isToolsRejection(status: number | undefined, message: string, param?: string | null): boolean {
  return status === 400 && (param === 'tools' || param === 'tool_choice' || /\btools?\b|tool[_ ]choice|function calling/i.test(message));
}

export async function mapError(e: unknown, ctx: ErrorContext): Promise<ModelError> {
  if (e instanceof ModelError) return e;
  const { profile } = ctx;
  const host = hostOf(profile.baseUrl);
  const clean = (t: string) => shorten(redactSecrets(t, [ctx.apiKey]));
  const mid = ctx.partial ? ' mid-reply' : '';

  if (e instanceof APIConnectionTimeoutError) {
    return new ModelError({ kind: 'timeout', message: `${host} did not answer in time.`, fix: 'testEndpoint', partial: ctx.partial });
  }
  if (e instanceof APIError && e.status !== undefined) {
    const status = e.status;
    const msg = serverMessage(e);
    const code = e.code ?? (e.error as any)?.code;
    if (status === 401 || status === 403) {
      return new ModelError({ kind: 'auth', status, fix: 'setApiKey', message: `The key for ${profile.label} was rejected by ${host} (HTTP ${status}).` });
    }
    if (status === 404) {
      let available: string[] | undefined;
      try {
        available = (await ctx.listModels()).map((m) => m.id);
      } catch {
        available = undefined;
      }
      const aboutModel = code === 'model_not_found' || /model/i.test(msg) || (available !== undefined && !available.includes(profile.model));
      if (aboutModel) {
        const list = available === undefined ? 'the list of models could not be fetched'
          : available.length === 0 ? 'none' : available.slice(0, 20).join(', ') + (available.length > 20 ? `, … (${available.length} in all)` : '');
        return new ModelError({ kind: 'modelNotFound', status, fix: 'selectModel', message: `Model ${profile.model} was not found on ${host}; available: ${list}.` });
      }
      return new ModelError({ kind: 'notFound', status, fix: 'testEndpoint', message: `${profile.baseUrl}/chat/completions does not exist (HTTP 404); check the base URL (it usually ends in /v1).` });
    }
    if ((status === 400 || status === 413 || status === 422) && (code === 'context_length_exceeded' || CONTEXT_PATTERN.test(msg))) {
      const numbers = [...msg.matchAll(/(\d[\d,]{2,})\s*tokens?/gi)].map((m) => Number(m[1].replace(/,/g, '')));
      const limit = numbers[0];
      const requested = numbers[1];
      const sizes = limit ? ` (limit ${limit} tokens${requested ? `, the prompt has ${requested}` : ''})` : '';
      return new ContextLengthError(`The conversation is too long for ${profile.model}${sizes}.`, limit, requested);
    }
    if (ctx.sentTools && isToolsRejection(status, msg, e.param)) {
      return new ModelError({ kind: 'toolsUnsupported', status, fix: 'openSettings', message: `${host} rejected tool definitions for ${profile.model}: ${clean(msg)}` });
    }
    if (RETRYABLE_STATUS.has(status)) {
      const retryAfterMs = parseRetryAfter(e.headers);
      const what = status === 429 ? `${host} is rate limiting requests (HTTP 429)` : `${host} had a server error (HTTP ${status})`;
      return new ModelError({ kind: status === 429 ? 'rateLimited' : 'server', status, retryable: !ctx.partial, retryAfterMs, fix: 'retry', message: `${what}.`, partial: ctx.partial });
    }
    return new ModelError({ kind: 'badRequest', status, message: `${host} refused the request (HTTP ${status}): ${clean(msg)}`, fix: 'testEndpoint' });
  }
  if (e instanceof APIError && !(e instanceof APIConnectionError)) {
    // An error object sent inside the stream (`data: {"error": ...}`).
    return new ModelError({ kind: 'server', message: `${host} reported an error${mid}: ${clean(serverMessage(e))}`, partial: ctx.partial, fix: 'retry' });
  }
  if (e instanceof SyntaxError) {
    return new ModelError({ kind: 'badResponse', message: `${host} sent a malformed chunk (invalid JSON)${mid}, so the reply was abandoned.`, fix: 'retry', partial: ctx.partial });
  }
  const { codes, messages } = causeChain(e);
  if (codes.includes('ECONNREFUSED')) {
    return new ModelError({ kind: 'connectionRefused', fix: 'testEndpoint', message: `Nothing is listening at ${profile.baseUrl}.` });
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
    return new ModelError({ kind: 'hostNotFound', fix: 'testEndpoint', message: `The host ${host} could not be found; check the base URL.` });
  }
  if (codes.some((c) => RESET_CODES.has(c)) || messages.some((m) => /terminated|other side closed|socket hang up|ECONNRESET/i.test(m))) {
    return new ModelError({ kind: 'connectionReset', retryable: !ctx.partial, partial: ctx.partial, fix: 'retry', message: `The connection to ${host} was cut${mid}.` });
  }
  if (codes.some((c) => /CERT|SSL|TLS/i.test(c))) {
    return new ModelError({ kind: 'network', fix: 'testEndpoint', message: `The TLS certificate of ${host} was not accepted (${codes.find((c) => /CERT|SSL|TLS/i.test(c))}).` });
  }
  const detail = clean(messages.at(-1) ?? String(e));
  return new ModelError({ kind: 'network', fix: 'testEndpoint', partial: ctx.partial, message: `The request to ${host} failed${mid}: ${detail}` });
}
