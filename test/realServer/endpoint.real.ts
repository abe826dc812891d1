/**
 * The endpoint client against a real llama-server (tiny random model): streaming and usage, a
 * tool call, the served window (-c 512), Test Endpoint's checks, and a server killed mid-stream.
 */
import * as assert from 'node:assert/strict';
import type { ModelEvent } from '../../src/core/model/modelClient';
import { ModelError } from '../../src/core/model/modelError';
import { OpenAiModelClient } from '../../src/core/model/openaiClient';
import { probeEndpoint } from '../../src/core/model/probe';
import { startLlamaServer, type LlamaServer } from './support/llamaServer';

const clientOf = (s: LlamaServer) => new OpenAiModelClient({ id: 'real', label: 'llama-server', baseUrl: s.url, model: 'tiny', supportsTools: 'auto' }, { retry: { maxAttempts: 2, baseDelayMs: 50 } });
const TOOL = { name: 'read_file', description: 'Read a file.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

describe('real llama-server: the endpoint client', () => {
  describe('at -c 4096', () => {
    let server: LlamaServer;
    // Seed 2: this model answers the one-tool request below with a complete read_file call.
    before(async () => { server = await startLlamaServer({ ctx: 4096, maxTokens: 48, seed: 2 }); });
    after(() => server?.stop());

    it('streams text in several events and reports usage', async () => {
      const events: ModelEvent[] = [];
      for await (const ev of clientOf(server).chat({ messages: [{ role: 'user', content: 'Say something.' }] })) events.push(ev);
      assert.ok(events.filter((e) => e.type === 'text').length > 1, 'several text events');
      const usage = events.find((e) => e.type === 'usage');
      assert.ok(usage && usage.type === 'usage' && !usage.usage.estimated && usage.usage.completionTokens > 0);
      assert.equal(events.at(-1)!.type, 'done');
    });

    it('makes a native tool call whose arguments parse', async () => {
      const calls: ModelEvent[] = [];
      for await (const ev of clientOf(server).chat({ messages: [{ role: 'user', content: 'Read the file a.txt.' }], tools: [TOOL], toolChoice: 'auto', maxOutputTokens: 120 })) {
        if (ev.type === 'toolCall') calls.push(ev);
      }
      assert.equal(calls.length, 1);
      const call = calls[0].type === 'toolCall' ? calls[0].call : undefined;
      assert.equal(call?.name, 'read_file');
      assert.equal(call?.argumentsError, undefined, call?.argumentsJson);
    });

    it('Test Endpoint (probe) reports streaming, usage, tool calls and the 4096-token window', async () => {
      const client = clientOf(server);
      const r = await probeEndpoint(client, client.profile);
      assert.equal(r.chatWorks, true, r.summary.join('\n'));
      assert.equal(r.streaming, true);
      assert.equal(r.usageReported, true);
      assert.equal(r.contextTokens, 4096);
      assert.ok(r.toolCalls === 'native' || r.toolCalls === 'ignored', String(r.toolCalls));
    });
  });

  it('the served window at -c 512 is 512 (not the model\'s trained 4096), and an overflow names both sizes the right way round', async () => {
    const server = await startLlamaServer({ ctx: 512, maxTokens: 16 });
    try {
      const client = clientOf(server);
      assert.equal(await client.contextWindow(), 512);
      const r = await probeEndpoint(client, client.profile);
      assert.equal(r.contextTokens, 512);
      let error: unknown;
      try {
        for await (const _ of client.chat({ messages: [{ role: 'user', content: 'word '.repeat(1500) }] })) void _;
      } catch (e) { error = e; }
      assert.ok(error instanceof ModelError && error.kind === 'contextLength', String(error));
      const e = error as ModelError & { limitTokens?: number; requestedTokens?: number };
      assert.equal(e.limitTokens, 512);
      assert.ok(e.requestedTokens! > 1000);
    } finally {
      await server.stop();
    }
  });

  it('a server killed mid-stream ends the reply in one sentence, after the text already received', async () => {
    const server = await startLlamaServer({ ctx: 4096, maxTokens: 2000 });
    const events: ModelEvent[] = [];
    let error: unknown;
    try {
      for await (const ev of clientOf(server).chat({ messages: [{ role: 'user', content: 'Talk.' }] })) {
        events.push(ev);
        if (events.length === 3) server.proc.kill('SIGKILL');
      }
    } catch (e) { error = e; }
    await server.stop();
    assert.ok(events.length >= 3);
    assert.ok(error instanceof ModelError, String(error));
    assert.equal((error as ModelError).partial, true);
    assert.match((error as ModelError).message, /^(The connection to 127\.0\.0\.1:\d+ was cut mid-reply\.|The reply from 127\.0\.0\.1:\d+ ended before it was complete\.)$/);
  });
});
