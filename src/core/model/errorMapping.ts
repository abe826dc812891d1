/**
 * Turns what the SDK or the network threw into a ModelError with one plain sentence and a fix.
 * The server's own wording is quoted (redacted, shortened) for every status it explains, and only
 * what can succeed on another attempt is marked retryable.
 */
import type { APIError } from 'openai';
import { openaiSdk } from './openaiSdk';
import { hostOf, type EndpointProfile } from './endpointProfile';
import type { ModelInfo } from './modelClient';
import { contextOverflowOf } from './contextOverflow';
import { ContextLengthError, ModelError, redactSecrets } from './modelError';
import { parseRetryAfter } from './retry';

export interface ErrorContext {
  profile: EndpointProfile;
  apiKey?: string;
  /** Output was already delivered to the caller. */
  partial: boolean;
  /** The request carried tool definitions (a 400 about tools then means they are unsupported). */
  sentTools?: boolean;
  /** The error reply's text as received (used when the SDK could not read an `error` object from it). */
  rawBody?: string;
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

/** A 5xx whose message says the request itself is wrong: the same request fails the same way again. */
const NOT_TRANSIENT = /fail(?:ed)? to parse|parse error|could not parse|invalid|malformed|not supported|unsupported|must be|is required|no user query/i;

/** The error object of a reply body the SDK did not understand: Gemini's `[{ "error": ... }]`, `{ "detail": ... }`, or text. */
function errorBodyOf(raw: string | undefined): unknown {
  if (!raw?.trim()) return undefined;
  try {
    const v = JSON.parse(raw);
    const first = Array.isArray(v) ? v[0] : v;
    if (first?.error !== undefined) return first.error;
    if (typeof first?.detail === 'string') return { message: first.detail };
    if (typeof first?.message === 'string') return first;
    return typeof first === 'string' ? first : raw;
  } catch {
    return raw.replace(/<[^>]+>/g, ' ');
  }
}

function serverMessage(e: APIError): string {
  const body: any = e.error;
  const raw = typeof body?.message === 'string' ? body.message : typeof body === 'string' ? body : e.message;
  // Without a JSON body the SDK's message is "<status> <text>" or "<status> status code (no body)".
  return String(raw ?? '').replace(/^\d{3} (status code \(no body\))?/, '');
}

function contextLengthError(model: string, limit?: number, prompt?: number): ContextLengthError {
  const sizes = limit ? ` (limit ${limit} tokens${prompt ? `, the prompt has ${prompt}` : ''})` : '';
  return new ContextLengthError(`The conversation is too long for ${model}${sizes}.`, limit, prompt);
}

function shorten(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function isToolsRejection(status: number | undefined, message: string, param?: string | null): boolean {
  return status === 400 && (param === 'tools' || param === 'tool_choice' || /\btools?\b|tool[_ ]choice|function calling/i.test(message));
}

export async function mapError(e: unknown, ctx: ErrorContext): Promise<ModelError> {
  if (e instanceof ModelError) return e;
  // The SDK's error classes, from its own chunk (loaded already by the request that failed).
  const { APIConnectionError, APIConnectionTimeoutError, APIError } = openaiSdk();
  const { profile } = ctx;
  const host = hostOf(profile.baseUrl);
  const clean = (t: string) => shorten(redactSecrets(t, [ctx.apiKey]));
  const mid = ctx.partial ? ' mid-reply' : '';

  if (e instanceof APIConnectionTimeoutError) {
    return new ModelError({ kind: 'timeout', message: `${host} did not answer in time.`, fix: 'testEndpoint', partial: ctx.partial });
  }
  if (e instanceof APIError && e.status !== undefined) {
    if (e.error === undefined && ctx.rawBody) (e as { error: unknown }).error = errorBodyOf(ctx.rawBody);
    const status = e.status;
    const msg = serverMessage(e);
    const code = e.code ?? (e.error as any)?.code;
    if (status === 401 || status === 403) {
      const said = clean(msg).replace(/\.$/, '');
      return new ModelError({ kind: 'auth', status, fix: 'setApiKey', message: `The key for ${profile.label} was rejected by ${host} (HTTP ${status})${said ? `: ${said}` : ''}.` });
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
      return new ModelError({ kind: 'notFound', status, fix: 'testEndpoint', message: `${profile.baseUrl}/chat/completions does not exist (HTTP 404${msg.trim() ? `: ${clean(msg).replace(/\.$/, '')}` : ''}); check the base URL (it usually ends in /v1).` });
    }
    const overflow = contextOverflowOf(status, e.error, msg);
    if (overflow) return contextLengthError(profile.model, overflow.limit, overflow.prompt);
    if (ctx.sentTools && isToolsRejection(status, msg, e.param)) {
      return new ModelError({ kind: 'toolsUnsupported', status, fix: 'openSettings', message: `${host} rejected tool definitions for ${profile.model}: ${clean(msg)}` });
    }
    if (RETRYABLE_STATUS.has(status)) {
      const retryAfterMs = parseRetryAfter(e.headers);
      const what = status === 429 ? `${host} is rate limiting requests (HTTP 429)` : `${host} had a server error (HTTP ${status})`;
      const said = clean(msg);
      const transient = status !== 500 || !NOT_TRANSIENT.test(msg);
      return new ModelError({
        kind: status === 429 ? 'rateLimited' : 'server', status, retryable: transient && !ctx.partial, retryAfterMs, partial: ctx.partial,
        fix: transient ? 'retry' : 'testEndpoint', message: `${what}${said ? `: ${said.replace(/\.$/, '')}` : ''}.`,
      });
    }
    return new ModelError({ kind: 'badRequest', status, message: `${host} refused the request (HTTP ${status}): ${clean(msg)}`, fix: 'testEndpoint' });
  }
  if (e instanceof APIError && !(e instanceof APIConnectionError)) {
    // An error object sent inside the stream (`data: {"error": ...}`).
    const overflow = ctx.partial ? undefined : contextOverflowOf(undefined, e.error, serverMessage(e));
    if (overflow) return contextLengthError(profile.model, overflow.limit, overflow.prompt);
    return new ModelError({ kind: 'server', message: `${host} reported an error${mid}: ${clean(serverMessage(e))}`, partial: ctx.partial, inStream: true, fix: 'retry' });
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
