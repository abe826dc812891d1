/**
 * OpenAiModelClient: the ModelClient for any OpenAI-compatible Chat Completions server, over the
 * official `openai` SDK (its own retries off; ours are below so they can be tested). It streams,
 * reassembles tool calls, retries what is safe to retry, cuts stalled streams, and ends every
 * failure in a ModelError with one plain sentence.
 */
import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';
import { openaiSdk } from './openaiSdk';
import type { Clock, Log } from '../ports';
import type { EndpointProfile } from './endpointProfile';
import { hostOf } from './endpointProfile';
import { mapError } from './errorMapping';
import type { ChatMessage, ChatRequest, ModelClient, ModelEvent, ModelInfo, ToolProtocol } from './modelClient';
import { cancelledError, formatDuration as seconds, gaveUpError, ModelError, tooLongToWaitError } from './modelError';
import { DEFAULT_RETRY, nextDelay, realSleep, type RetryPolicy, type Sleep } from './retry';
import { servedContextWindow } from './servedWindow';
import { SseParser } from './sseReader';
import { coalesce, StreamAssembler, toChunk } from './streamAssembler';
import { TextToolCallParser, toTextProtocolMessages } from './textToolProtocol';
import { estimateUsage, fromServerUsage } from './usage';
import { contextTokensOf, toOpenAiMessages } from './wireFormat';

export interface OpenAiClientOptions {
  apiKey?: string;
  retry?: Partial<RetryPolicy>;
  /** Connect + time to first chunk, ms. Default: profile.timeoutSeconds, else 120 s. */
  firstByteTimeoutMs?: number;
  /** Longest silence between chunks, ms. Default: profile.timeoutSeconds, else 60 s. */
  idleTimeoutMs?: number;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  log?: Log;
  /** A fetch implementation (tests, proxies). Default: global fetch. */
  fetch?: typeof fetch;
}

/** Why this client aborted an attempt itself. */
class Stop {
  constructor(readonly why: 'cancelled' | 'firstByte' | 'idle') {}
}

export function createModelClient(profile: EndpointProfile, options: OpenAiClientOptions = {}): OpenAiModelClient {
  return new OpenAiModelClient(profile, options);
}

export class OpenAiModelClient implements ModelClient {
  readonly profileId: string;
  /** The SDK's options; the SDK itself (dist/openai.js in the bundles) loads on the first request. */
  private readonly sdkOptions: ClientOptions;
  private sdkClient?: OpenAI;
  private readonly retry: RetryPolicy;
  private readonly firstByteMs: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  /** Set once the server rejected `tools` (profile supportsTools 'auto'): use the text protocol. */
  private textToolsLearned = false;

  constructor(readonly profile: EndpointProfile, private readonly options: OpenAiClientOptions = {}) {
    this.profileId = profile.id;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.firstByteMs = options.firstByteTimeoutMs ?? (profile.timeoutSeconds ?? 120) * 1000;
    this.idleMs = options.idleTimeoutMs ?? (profile.timeoutSeconds ?? 60) * 1000;
    this.now = options.clock ? () => options.clock!.now() : Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    const key = options.apiKey;
    this.sdkOptions = {
      baseURL: profile.baseUrl.replace(/\/+$/, ''),
      // No key (local servers): send no Authorization header at all. Never read OPENAI_* env vars.
      apiKey: key || 'unused',
      adminAPIKey: null,
      organization: null,
      project: null,
      defaultHeaders: { ...profile.headers, ...(key ? {} : { Authorization: null }) },
      maxRetries: 0,
      timeout: this.firstByteMs + 1000,
      logLevel: 'off',
      fetch: this.keepErrorBodies(options.fetch ?? fetch),
    };
  }

  private get sdk(): OpenAI {
    this.sdkClient ??= new (openaiSdk().default)(this.sdkOptions);
    return this.sdkClient;
  }

  /** The text of the last error reply: the SDK drops bodies that are not `{ "error": ... }` (Gemini sends a list, proxies send text). */
  private lastErrorBody?: string;

  private keepErrorBodies(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const res = await inner(input, init);
      if (!res.ok) this.lastErrorBody = await res.clone().text().catch(() => undefined);
      return res;
    };
  }

  /** True once this client switched to the text tool protocol. */
  get usesTextTools(): boolean {
    return this.profile.supportsTools === false || this.textToolsLearned;
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      const page = await this.sdk.models.list({ signal, timeout: Math.min(this.firstByteMs, 15_000) });
      return page.data.map((m: any) => ({ id: String(m.id), contextTokens: contextTokensOf(m) }));
    } catch (e) {
      throw await mapError(e, { profile: this.profile, apiKey: this.options.apiKey, partial: false, listModels: async () => [] });
    }
  }

  async contextWindow(signal?: AbortSignal): Promise<number | undefined> {
    const key = this.options.apiKey;
    return servedContextWindow({
      baseUrl: this.profile.baseUrl, model: this.profile.model, signal,
      headers: { ...this.profile.headers, ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      fetch: this.options.fetch ?? fetch,
      listModels: (s) => this.listModels(s),
    });
  }

  chat(request: ChatRequest): AsyncIterable<ModelEvent> {
    return this.run(request);
  }

  private protocolFor(request: ChatRequest): ToolProtocol {
    if (!request.tools?.length) return 'native';
    if (request.toolProtocol === 'native' || request.toolProtocol === 'text') return request.toolProtocol;
    return this.usesTextTools ? 'text' : 'native';
  }

  private buildBody(request: ChatRequest, protocol: ToolProtocol, stream: boolean): any {
    const p = this.profile;
    const tools = request.tools ?? [];
    const messages: ChatMessage[] = protocol === 'text' && tools.length ? toTextProtocolMessages(request.messages, tools) : request.messages;
    const body: any = { model: p.model, messages: toOpenAiMessages(messages), stream };
    if (stream) body.stream_options = { include_usage: true };
    if (protocol === 'native' && tools.length) {
      body.tools = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
      if (request.toolChoice) body.tool_choice = request.toolChoice;
    }
    const maxOut = request.maxOutputTokens ?? p.maxOutputTokens;
    // api.openai.com wants max_completion_tokens (reasoning models reject max_tokens); most compatible servers know only max_tokens.
    if (maxOut) body[hostOf(p.baseUrl) === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens'] = maxOut;
    const temperature = request.temperature ?? p.temperature;
    if (temperature !== undefined) body.temperature = temperature;
    if (p.reasoningEffort) body.reasoning_effort = p.reasoningEffort;
    return body;
  }

  private async *run(request: ChatRequest): AsyncGenerator<ModelEvent> {
    const started = this.now();
    const streamMode = request.stream !== false;
    let protocol = this.protocolFor(request);
    let attempts = 0;
    for (;;) {
      attempts++;
      const ctrl = new AbortController();
      const onCancel = () => ctrl.abort(new Stop('cancelled'));
      if (request.signal?.aborted) throw cancelledError(attempts);
      request.signal?.addEventListener('abort', onCancel, { once: true });
      // One timer watches both limits: first byte, then silence between chunks (not counting time
      // the caller spends between pulls, when we are not reading).
      let lastActivity = this.now();
      let receiving = false;
      let paused = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const watch = () => {
        const limit = receiving ? this.idleMs : this.firstByteMs;
        const left = lastActivity + limit - this.now();
        if (paused || left > 0) timer = setTimeout(watch, paused ? limit : left);
        else ctrl.abort(new Stop(receiving ? 'idle' : 'firstByte'));
      };
      timer = setTimeout(watch, this.firstByteMs);
      let delivered = false;
      let completed = false;
      const assembler = new StreamAssembler(protocol === 'text' ? new TextToolCallParser() : undefined);
      const batch: ModelEvent[] = [];
      try {
        const body = this.buildBody(request, protocol, streamMode);
        const opts = { signal: ctrl.signal, timeout: this.firstByteMs + 1000 };
        if (streamMode) {
          const response = await this.sdk.chat.completions.create(body, opts).asResponse();
          if (!/event-stream/i.test(response.headers.get('content-type') ?? '') && /json/i.test(response.headers.get('content-type') ?? '')) {
            // A server that ignores `stream: true` and answers with one JSON object.
            assembler.push(toChunk(await response.json()), batch);
          } else {
            const reader = response.body!.getReader();
            const decoder = new TextDecoder();
            const sse = new SseParser();
            let ended = false;
            try {
              while (!ended) {
                const { value, done } = await reader.read();
                if (!receiving) {
                  receiving = true;
                  clearTimeout(timer);
                  timer = setTimeout(watch, this.idleMs);
                }
                ended = done;
                // A bad event fails the stream, but only after the good events before it are delivered.
                let broken: unknown;
                try {
                  for (const ev of done ? sse.end() : sse.push(decoder.decode(value, { stream: true }))) {
                    if (ev.data.startsWith('[DONE]')) {
                      ended = true;
                      break;
                    }
                    const chunk = JSON.parse(ev.data);
                    if (chunk?.error || ev.event === 'error') throw new (openaiSdk().APIError)(undefined, chunk?.error ?? chunk, undefined, undefined);
                    assembler.push(chunk, batch);
                  }
                } catch (e) {
                  broken = e;
                }
                if (batch.length) {
                  delivered = true;
                  paused = true;
                  for (const ev of coalesce(batch)) yield ev;
                  batch.length = 0;
                  paused = false;
                }
                if (broken) throw broken;
                lastActivity = this.now();
              }
            } finally {
              reader.cancel().catch(() => undefined);
            }
          }
        } else {
          const reply: any = await this.sdk.chat.completions.create(body, opts);
          assembler.push(toChunk(reply), batch);
          // A whole reply has nothing to show piece by piece.
          for (let i = batch.length - 1; i >= 0; i--) if (batch[i].type === 'toolCallDelta') batch.splice(i, 1);
        }
        if (ctrl.signal.aborted) throw ctrl.signal.reason;
        if (!assembler.finishReason) {
          throw new ModelError({ kind: 'badResponse', partial: delivered, fix: 'retry', message: `The reply from ${hostOf(this.profile.baseUrl)} ended before it was complete.` });
        }
        assembler.finish(batch);
        const usage = assembler.usage
          ? fromServerUsage(assembler.usage, this.profile.pricing)
          : await estimateUsage({ messages: request.messages, tools: request.tools, completionText: assembler.produced.join('') }, this.profile.pricing);
        batch.push({ type: 'usage', usage });
        const finishReason = protocol === 'text' && assembler.finishReason === 'stop' && assembler.toolCallCount > 0 ? 'tool_calls' : assembler.finishReason;
        batch.push({ type: 'done', finishReason, toolProtocol: protocol });
        completed = true;
        paused = true;
        clearTimeout(timer);
        for (const ev of batch) yield ev;
        return;
      } catch (raw) {
        const reason = ctrl.signal.aborted ? ctrl.signal.reason : raw;
        const err = await this.toModelError(reason, raw, delivered, attempts, protocol === 'native' && !!request.tools?.length);
        if (err.kind === 'toolsUnsupported' && protocol === 'native' && request.toolProtocol !== 'native' && this.profile.supportsTools !== true) {
          this.textToolsLearned = true;
          protocol = 'text';
          this.options.log?.warn(`${hostOf(this.profile.baseUrl)} rejected tool definitions; using the text tool protocol for ${this.profile.label}.`);
          attempts--;
          continue;
        }
        const delay = err.retryable && !delivered ? nextDelay(this.retry, attempts, this.now() - started, err.retryAfterMs, this.random) : undefined;
        if (delay === undefined) {
          err.attempts = attempts;
          if (err.retryable && err.retryAfterMs !== undefined && attempts < this.retry.maxAttempts) throw tooLongToWaitError(err, attempts, this.retry.maxTotalMs);
          if (attempts > 1 && err.retryable) throw gaveUpError(err, attempts);
          throw err;
        }
        this.options.log?.warn(`${err.message} Retrying in ${delay} ms (attempt ${attempts + 1} of ${this.retry.maxAttempts}).`);
        try {
          await this.sleep(delay, request.signal);
        } catch {
          throw cancelledError(attempts);
        }
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onCancel);
        if (!completed) ctrl.abort(new Stop('cancelled'));
      }
    }
  }

  private async toModelError(reason: unknown, raw: unknown, delivered: boolean, attempts: number, sentTools: boolean): Promise<ModelError> {
    const host = hostOf(this.profile.baseUrl);
    if (reason instanceof Stop) {
      if (reason.why === 'cancelled') return cancelledError(attempts);
      if (reason.why === 'firstByte') {
        return new ModelError({ kind: 'timeout', fix: 'testEndpoint', attempts, message: `${host} did not start answering within ${seconds(this.firstByteMs)}, so the request was stopped.` });
      }
      return new ModelError({ kind: 'timeout', fix: 'retry', partial: delivered, attempts, message: `The reply from ${host} stalled (nothing for ${seconds(this.idleMs)}), so it was cut off.` });
    }
    return mapError(raw, {
      profile: this.profile,
      apiKey: this.options.apiKey,
      partial: delivered,
      sentTools,
      rawBody: this.lastErrorBody,
      listModels: () => this.listModels(),
    });
  }
}
