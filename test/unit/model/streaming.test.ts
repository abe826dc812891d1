/** The client's happy paths: streamed text, reasoning, parallel tool calls, the request it sends. */
import * as assert from 'node:assert/strict';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import type { ModelEvent, ToolDefinition } from '../../../src/core/model/modelClient';
import { SseParser } from '../../../src/core/model/sseReader';
import { StreamAssembler } from '../../../src/core/model/streamAssembler';
import { clientFor, collect, profileFor, textOf, user } from './support';

const readTool: ToolDefinition = { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } };

describe('OpenAiModelClient: streaming', () => {
  let srv: ModelServer;
  beforeEach(async () => { srv = await startModelServer(); });
  afterEach(() => srv.close());

  it('streams text deltas in order, then usage and done', async () => {
    srv.script([{ text: 'The quick brown fox jumps over the lazy dog.', textChunkSize: 3, chunkDelayMs: 10, usage: { prompt_tokens: 10, completion_tokens: 11 } }]);
    const events = await collect(clientFor(srv).chat({ messages: user('hi') }));
    const texts = events.filter((e) => e.type === 'text');
    assert.equal(texts.length, 15, 'one event per chunk when chunks arrive apart');
    assert.equal(textOf(events), 'The quick brown fox jumps over the lazy dog.');
    assert.deepEqual(events.slice(-2).map((e) => e.type), ['usage', 'done']);
    assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'stop', toolProtocol: 'native' });
  });

  it('merges consecutive deltas that arrive in one network read into one event', async () => {
    srv.script([{ reasoning: 'r'.repeat(40), text: 't'.repeat(400), textChunkSize: 4 }]);
    const events = await collect(clientFor(srv).chat({ messages: user('hi') }));
    assert.deepEqual(events.map((e) => e.type), ['reasoning', 'text', 'usage', 'done']);
    assert.equal(textOf(events), 't'.repeat(400));
  });

  it('reads keep-alive comments, CRLF line endings and multi-line data like any SSE client', async () => {
    const p = new SseParser();
    const wire = ': OPENROUTER PROCESSING\r\n\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: error\ndata: {"error":{"message":"x"}}\n\ndata: [DONE]';
    const got = [...wire].flatMap((ch) => p.push(ch)).concat(p.end());
    assert.deepEqual(got, [{ data: '{"a":\n1}' }, { event: 'error', data: '{"error":{"message":"x"}}' }, { data: '[DONE]' }]);
  });

  for (const field of ['reasoning_content', 'reasoning'] as const) {
    it(`surfaces ${field} deltas as reasoning events, separate from text`, async () => {
      srv.script([{ reasoning: 'Let me think about it.', reasoningField: field, text: 'Answer.' }]);
      const events = await collect(clientFor(srv).chat({ messages: user('q') }));
      const reasoning = events.filter((e): e is Extract<ModelEvent, { type: 'reasoning' }> => e.type === 'reasoning').map((e) => e.text).join('');
      assert.equal(reasoning, 'Let me think about it.');
      assert.equal(textOf(events), 'Answer.');
      assert.ok(events.findIndex((e) => e.type === 'reasoning') < events.findIndex((e) => e.type === 'text'));
    });
  }

  it('reassembles parallel tool calls whose argument deltas are split and interleaved across chunks', async () => {
    const calls = [
      { id: 'call_a', name: 'read_file', arguments: { path: 'src/a.ts', note: 'ünïcødé "quoted" \\ back' } },
      { id: 'call_b', name: 'search', arguments: { query: 'function foo(', maxResults: 20, flags: [true, null] } },
      { id: 'call_c', name: 'write_file', arguments: { path: 'b.txt', content: 'line1\nline2\n'.repeat(50) } },
    ];
    srv.script([{ text: 'Working.', toolCalls: calls, argumentPieces: 7 }]);
    const events = await collect(clientFor(srv).chat({ messages: user('go'), tools: [readTool] }));
    const got = events.flatMap((e) => (e.type === 'toolCall' ? [e.call] : []));
    assert.deepEqual(got.map((c) => [c.id, c.name, c.arguments]), calls.map((c) => [c.id, c.name, c.arguments]));
    assert.ok(got.every((c) => c.argumentsError === undefined));
    assert.equal(got[2].argumentsJson, JSON.stringify(calls[2].arguments));
    assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'tool_calls', toolProtocol: 'native' });
    // The server really did split them: 3 header deltas + 7 pieces each.
    const body = srv.chatRequests[0].body;
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: readTool.parameters } }]);
  });

  it('separates calls that reuse index 0 with different ids (as some servers do)', async () => {
    // The scripted server always numbers calls properly, so this feeds the assembler directly.
    const a = new StreamAssembler();
    const out: ModelEvent[] = [];
    const d = (tc: object, finish: string | null = null) => ({ choices: [{ index: 0, delta: { tool_calls: [tc] }, finish_reason: finish }] });
    a.push(d({ index: 0, id: 'x1', function: { name: 'a', arguments: '{"n":' } }), out);
    a.push(d({ index: 0, function: { arguments: '1}' } }), out);
    a.push(d({ index: 0, id: 'x2', function: { name: 'b', arguments: '{}' } }, 'tool_calls'), out);
    a.finish(out);
    assert.deepEqual(out.map((e) => (e.type === 'toolCall' ? [e.call.id, e.call.name, e.call.arguments] : e.type === 'toolCallDelta' ? [e.index, e.name, e.argumentsDelta] : e.type)), [
      [0, 'a', '{"n":'], [0, 'a', '1}'], [1, 'b', '{}'], // the pieces as they stream, by the call's place in the turn
      ['x1', 'a', { n: 1 }], ['x2', 'b', {}],
    ]);
  });

  it('sends the profile model, messages, tools, limits, headers and key; asks for usage in the stream', async () => {
    srv.script([{ text: 'ok' }]);
    const client = clientFor(srv, { headers: { 'X-Team': 'forge' }, maxOutputTokens: 256, temperature: 0.2, reasoningEffort: 'low' });
    await collect(client.chat({
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'u' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'read_file', argumentsJson: '{"path":"a"}' }] },
        { role: 'tool', toolCallId: 'c1', content: 'file text' },
      ],
      tools: [readTool], toolChoice: 'auto',
    }));
    const rec = srv.chatRequests[0];
    assert.equal(rec.headers.authorization, 'Bearer sk-test-secret-key-123456');
    assert.equal(rec.headers['x-team'], 'forge');
    assert.equal(rec.body.model, 'test-model');
    assert.equal(rec.body.stream, true);
    assert.deepEqual(rec.body.stream_options, { include_usage: true });
    assert.equal(rec.body.max_tokens, 256);
    assert.equal(rec.body.temperature, 0.2);
    assert.equal(rec.body.reasoning_effort, 'low');
    assert.equal(rec.body.tool_choice, 'auto');
    assert.deepEqual(rec.body.messages[2], { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] });
    assert.deepEqual(rec.body.messages[3], { role: 'tool', tool_call_id: 'c1', content: 'file text' });
  });

  it('sends no Authorization header when there is no key (local servers)', async () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-environment-should-not-leak';
    try {
      srv.script([{ text: 'ok' }]);
      await collect(new OpenAiModelClient(profileFor(srv)).chat({ messages: user('x') }));
      assert.equal(srv.chatRequests[0].headers.authorization, undefined);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY; else process.env.OPENAI_API_KEY = saved;
    }
  });

  it('handles non-streamed replies with the same events', async () => {
    srv.script([{ text: 'whole', reasoning: 'hmm', toolCalls: [{ id: 'c', name: 'read_file', arguments: { path: 'x' } }], usage: { prompt_tokens: 3, completion_tokens: 4 } }]);
    const events = await collect(clientFor(srv).chat({ messages: user('x'), tools: [readTool], stream: false }));
    assert.deepEqual(events.map((e) => e.type), ['reasoning', 'text', 'toolCall', 'usage', 'done']);
    assert.equal(srv.chatRequests[0].body.stream, false);
    assert.equal(srv.chatRequests[0].body.stream_options, undefined);
  });

  it('lists models with their context size from the fields servers use', async () => {
    srv.setModels([{ id: 'a', context_length: 8192 }, { id: 'b', max_model_len: 32768 }, { id: 'c', top_provider: { context_length: 1000 } }, { id: 'd' }]);
    const models = await clientFor(srv).listModels();
    assert.deepEqual(models, [{ id: 'a', contextTokens: 8192 }, { id: 'b', contextTokens: 32768 }, { id: 'c', contextTokens: 1000 }, { id: 'd', contextTokens: undefined }]);
  });
});
