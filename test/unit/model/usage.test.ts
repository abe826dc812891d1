/** Usage accounting: the server's numbers when it sends them, a marked estimate when not, cost, totals. */
import * as assert from 'node:assert/strict';
import { encode } from 'gpt-tokenizer';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import type { ModelEvent } from '../../../src/core/model/modelClient';
import { UsageMeter, costOf, estimatePromptTokens, type RequestUsage } from '../../../src/core/model/usage';
import { clientFor, collect, user } from './support';

const usageOf = (events: ModelEvent[]): RequestUsage => {
  const u = events.find((e) => e.type === 'usage');
  assert.ok(u && u.type === 'usage', 'a usage event');
  return u.usage;
};

const pricing = { inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: 0.3 };

describe('usage accounting', () => {
  let srv: ModelServer;
  beforeEach(async () => { srv = await startModelServer(); });
  afterEach(() => srv.close());

  it("reports the server's usage with cached and reasoning tokens, and the cost from the profile's prices", async () => {
    srv.script([{ text: 'hi', usage: { prompt_tokens: 10_000, completion_tokens: 2_000, cached_tokens: 8_000, reasoning_tokens: 500 } }]);
    const u = usageOf(await collect(clientFor(srv, { pricing }).chat({ messages: user('x') })));
    assert.deepEqual(u, {
      promptTokens: 10_000, completionTokens: 2_000, cachedTokens: 8_000, reasoningTokens: 500, totalTokens: 12_000, estimated: false,
      costUsd: (2_000 * 3 + 8_000 * 0.3 + 2_000 * 15) / 1e6,
    });
  });

  it('estimates with gpt-tokenizer and marks it estimated when the server sends no usage', async () => {
    const answer = 'The function parses the header and returns the first section of the file.';
    srv.script([{ text: answer, usage: false }]);
    const messages = [{ role: 'system' as const, content: 'You are a careful assistant.' }, ...user('What does parseHeader do in src/header.ts?')];
    const u = usageOf(await collect(clientFor(srv, { pricing: { inputPerMillion: 1, outputPerMillion: 2 } }).chat({ messages })));
    assert.equal(u.estimated, true);
    assert.equal(u.completionTokens, encode(answer).length);
    assert.equal(u.promptTokens, 3 + 2 * 4 + encode(messages[0].content).length + encode(messages[1].content).length);
    assert.equal(u.cachedTokens, 0);
    assert.equal(u.costUsd, (u.promptTokens * 1 + u.completionTokens * 2) / 1e6);
  });

  it('counts tool definitions and tool-call arguments in an estimate', async () => {
    const tools = [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }];
    const bare = await estimatePromptTokens(user('x'));
    const withTools = await estimatePromptTokens(user('x'), tools);
    assert.equal(withTools - bare, encode(JSON.stringify(tools)).length);
    srv.script([{ toolCalls: [{ name: 'read_file', arguments: { path: 'a/very/long/path/to/some/file.ts' } }], usage: false }]);
    const u = usageOf(await collect(clientFor(srv).chat({ messages: user('x'), tools })));
    assert.equal(u.completionTokens, encode('{"path":"a/very/long/path/to/some/file.ts"}').length);
  });

  it('adds up requests per task, counting estimated ones', () => {
    const meter = new UsageMeter();
    meter.add({ promptTokens: 100, completionTokens: 10, cachedTokens: 50, totalTokens: 110, estimated: false, costUsd: 0.5 });
    meter.add({ promptTokens: 200, completionTokens: 20, cachedTokens: 0, totalTokens: 220, estimated: true });
    assert.deepEqual(meter.total, { requests: 2, estimatedRequests: 1, promptTokens: 300, completionTokens: 30, cachedTokens: 50, totalTokens: 330, costUsd: 0.5 });
    assert.equal(costOf({ promptTokens: 1e6, completionTokens: 0, cachedTokens: 0 }), undefined);
  });
});
