/** Shared helpers for the model client tests (not a test file itself). */
import { OpenAiModelClient, type OpenAiClientOptions } from '../../../src/core/model/openaiClient';
import type { EndpointProfile } from '../../../src/core/model/endpointProfile';
import type { ModelEvent } from '../../../src/core/model/modelClient';
import { ModelError } from '../../../src/core/model/modelError';
import type { ModelServer } from '../../support/modelServer';

export function profileFor(srv: { url: string }, extra: Partial<EndpointProfile> = {}): EndpointProfile {
  return { id: 'local', label: 'Local vLLM', baseUrl: srv.url, model: 'test-model', supportsTools: 'auto', ...extra };
}

/** A client with fast (but real) retry delays unless a test asks otherwise. */
export function clientFor(srv: ModelServer, extra: Partial<EndpointProfile> = {}, options: OpenAiClientOptions = {}): OpenAiModelClient {
  return new OpenAiModelClient(profileFor(srv, extra), {
    apiKey: 'sk-test-secret-key-123456',
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    firstByteTimeoutMs: 2000,
    idleTimeoutMs: 2000,
    ...options,
  });
}

export async function collect(events: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const ev of events) out.push(ev);
  return out;
}

/** Runs the stream to its end and returns the ModelError it failed with (and events before it). */
export async function failure(events: AsyncIterable<ModelEvent>): Promise<{ error: ModelError; events: ModelEvent[] }> {
  const seen: ModelEvent[] = [];
  try {
    for await (const ev of events) seen.push(ev);
  } catch (e) {
    if (!(e instanceof ModelError)) throw new Error(`expected a ModelError, got ${String(e)}`);
    return { error: e, events: seen };
  }
  throw new Error(`expected the stream to fail; it produced ${JSON.stringify(seen)}`);
}

export const textOf = (events: ModelEvent[]) => events.map((e) => (e.type === 'text' ? e.text : '')).join('');
export const user = (content: string) => [{ role: 'user' as const, content }];
