/**
 * "Test Endpoint": what a profile's server can do, found by trying it. Lists models (context
 * size if reported), streams a tiny reply (latency to first token, usage reporting), then asks
 * for one native tool call. Returns a plain object the UI shows and a host may cache.
 */
import type { EndpointProfile } from './endpointProfile';
import type { ChatRequest, ModelClient, ModelInfo } from './modelClient';
import { isModelError, ModelError, type ModelErrorFix } from './modelError';

export interface ProbeResult {
  profileId: string;
  baseUrl: string;
  model: string;
  /** The server answered at all (any HTTP reply). */
  reachable: boolean;
  /** A chat request to the profile's model succeeded. */
  chatWorks: boolean;
  /** Models the server lists (undefined when /models is not offered). */
  models?: string[];
  /** Whether the profile's model is in that list. */
  modelListed?: boolean;
  /** Context window, when the server reports it. */
  contextTokens?: number;
  /** From sending the request to the first streamed token, ms. */
  firstTokenMs?: number;
  /** Streaming works (false: only non-streamed replies worked). */
  streaming?: boolean;
  /** 'native': tool calls work; 'rejected': the server refuses `tools` (the text protocol will be used); 'ignored': accepted but the model did not call. */
  toolCalls?: 'native' | 'rejected' | 'ignored';
  /** The server reports token usage (otherwise Forge estimates it). */
  usageReported?: boolean;
  /** The first error that stopped a check, in one sentence, with the action that fixes it. */
  error?: { message: string; fix?: ModelErrorFix };
  /** Human-readable lines, in order, for a report. */
  summary: string[];
  checkedAt: number;
}

const PROBE_TOOL = {
  name: 'report_status',
  description: 'Report the status of the connectivity check.',
  parameters: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
};

export interface ProbeOptions {
  signal?: AbortSignal;
  now?: () => number;
}

async function runChat(client: ModelClient, request: ChatRequest, now: () => number) {
  const t0 = now();
  let firstTokenMs: number | undefined;
  let toolCalls = 0;
  let usageReported = false;
  for await (const ev of client.chat(request)) {
    if ((ev.type === 'text' || ev.type === 'reasoning') && firstTokenMs === undefined) firstTokenMs = now() - t0;
    if (ev.type === 'toolCall') toolCalls++;
    if (ev.type === 'usage') usageReported = !ev.usage.estimated;
  }
  return { firstTokenMs: firstTokenMs ?? now() - t0, toolCalls, usageReported };
}

export async function probeEndpoint(client: ModelClient, profile: EndpointProfile, options: ProbeOptions = {}): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const result: ProbeResult = {
    profileId: profile.id, baseUrl: profile.baseUrl, model: profile.model,
    reachable: false, chatWorks: false, summary: [], checkedAt: now(),
  };
  const fail = (e: unknown) => {
    const message = isModelError(e) ? e.message : String((e as Error)?.message ?? e);
    result.error ??= { message, fix: isModelError(e) ? e.fix : undefined };
    result.summary.push(message);
    return e;
  };

  // 1. The model list.
  let models: ModelInfo[] | undefined;
  try {
    models = await client.listModels(signal);
    result.reachable = true;
    result.models = models.map((m) => m.id);
    result.modelListed = result.models.includes(profile.model);
    result.contextTokens = models.find((m) => m.id === profile.model)?.contextTokens;
    result.summary.push(`Reachable; ${models.length} model(s) listed${result.modelListed ? `, including ${profile.model}` : `; ${profile.model} is not among them`}.`);
  } catch (e) {
    if (isModelError(e) && ['connectionRefused', 'hostNotFound', 'network', 'timeout', 'cancelled'].includes(e.kind)) {
      fail(e);
      return result;
    }
    if (isModelError(e) && e.kind === 'auth') {
      result.reachable = true;
      fail(e);
      return result;
    }
    result.reachable = isModelError(e) && e.status !== undefined;
    result.summary.push('The server does not list its models.');
  }

  // The window the server serves (llama.cpp /props, LM Studio, Ollama say it elsewhere than /models).
  result.contextTokens ??= await client.contextWindow?.(signal).catch(() => undefined);
  if (result.contextTokens) result.summary.push(`Context window: ${result.contextTokens} tokens.`);

  // 2. A tiny streamed reply.
  const hello: ChatRequest = {
    messages: [{ role: 'system', content: 'This is a connectivity check.' }, { role: 'user', content: 'Reply with the single word: ok' }],
    maxOutputTokens: 64, signal,
  };
  try {
    const r = await runChat(client, hello, now);
    Object.assign(result, { reachable: true, chatWorks: true, streaming: true, firstTokenMs: r.firstTokenMs, usageReported: r.usageReported });
    result.summary.push(`Streaming works; first token after ${r.firstTokenMs} ms.`);
    result.summary.push(r.usageReported ? 'The server reports token usage.' : 'The server reports no token usage; Forge will estimate it.');
  } catch (e) {
    if (isModelError(e) && (e.status !== undefined || e.kind === 'badResponse' || e.inStream)) result.reachable = true;
    if (isModelError(e) && e.inStream) {
      // The stream itself worked: the server sent an error event inside it.
      result.streaming = true;
      fail(new ModelError({ kind: e.kind, fix: e.fix, message: `Streaming works, but the server reported an error inside the stream: ${e.message.replace(/^.*? reported an error(?: mid-reply)?: /, '')}` }));
      return result;
    }
    if (!isModelError(e) || !['badResponse', 'timeout', 'server'].includes(e.kind)) {
      fail(e);
      return result;
    }
    try {
      const r = await runChat(client, { ...hello, stream: false }, now);
      Object.assign(result, { reachable: true, chatWorks: true, streaming: false, usageReported: r.usageReported });
      result.summary.push('Streaming does not work, but plain replies do.');
    } catch (e2) {
      fail(e2);
      return result;
    }
  }

  // 3. One native tool call.
  try {
    const r = await runChat(client, {
      messages: [{ role: 'user', content: 'Call the report_status tool with status "ok". Do not write anything else.' }],
      tools: [PROBE_TOOL], toolChoice: 'auto', toolProtocol: 'native', maxOutputTokens: 128, signal,
    }, now);
    result.toolCalls = r.toolCalls > 0 ? 'native' : 'ignored';
    result.summary.push(r.toolCalls > 0 ? 'Native tool calls work.' : 'The server accepts tools but the model did not call one; Forge may need the text tool protocol.');
  } catch (e) {
    if (isModelError(e) && e.kind === 'toolsUnsupported') {
      result.toolCalls = 'rejected';
      result.summary.push('The server rejects tool definitions; Forge will describe tools in the prompt instead.');
    } else {
      fail(e);
    }
  }
  return result;
}
