/**
 * The scripted model server, driven through the real `openai` SDK (no Forge code involved), so
 * the test equipment itself is known to speak the protocol the way real servers do.
 */
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startModelServer, type ModelServer } from '../support/modelServer';

describe('scripted model server (through the openai SDK)', () => {
  let srv: ModelServer;
  let sdk: OpenAI;
  beforeEach(async () => {
    srv = await startModelServer({ models: [{ id: 'm-small', context_length: 8192 }, { id: 'm-large', max_model_len: 131072 }] });
    sdk = new OpenAI({ baseURL: srv.url, apiKey: 'sk-test-key', maxRetries: 0, timeout: 5000, logLevel: 'off' });
  });
  afterEach(() => srv.close());

  it('lists the configured models with their extra fields', async () => {
    const page = await sdk.models.list();
    assert.deepEqual(page.data.map((m) => m.id), ['m-small', 'm-large']);
    assert.equal((page.data[0] as any).context_length, 8192);
    srv.setModels([{ id: 'other' }]);
    assert.deepEqual((await sdk.models.list()).data.map((m) => m.id), ['other']);
  });

  it('answers non-streaming requests with text, tool calls and usage, and records the request', async () => {
    srv.script([{ text: 'hello there', toolCalls: [{ id: 'c1', name: 'read', arguments: { path: 'a.ts' } }], usage: { prompt_tokens: 12, completion_tokens: 3, cached_tokens: 4 } }]);
    const r = await sdk.chat.completions.create({ model: 'm-small', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-extra': 'yes' } });
    assert.equal(r.choices[0].message.content, 'hello there');
    assert.deepEqual(r.choices[0].message.tool_calls?.map((c: any) => [c.id, c.function.name, JSON.parse(c.function.arguments)]), [['c1', 'read', { path: 'a.ts' }]]);
    assert.equal(r.choices[0].finish_reason, 'tool_calls');
    assert.equal(r.usage?.prompt_tokens_details?.cached_tokens, 4);
    assert.equal(srv.chatRequests.length, 1);
    const rec = srv.chatRequests[0];
    assert.equal(rec.headers.authorization, 'Bearer sk-test-key');
    assert.equal(rec.headers['x-extra'], 'yes');
    assert.deepEqual(rec.body.messages, [{ role: 'user', content: 'hi' }]);
  });

  it('streams reasoning and text deltas, tool calls split across chunks, a usage chunk and [DONE]', async () => {
    srv.script([{
      reasoning: 'think think', text: 'I will read two files.', textChunkSize: 5, argumentPieces: 4,
      toolCalls: [{ id: 'a', name: 'read', arguments: { path: 'src/one.ts' } }, { id: 'b', name: 'read', arguments: { path: 'src/two.ts' } }],
      usage: { prompt_tokens: 100, completion_tokens: 20 },
    }]);
    const stream = await sdk.chat.completions.create({ model: 'm-small', messages: [{ role: 'user', content: 'go' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let reasoning = '';
    let toolChunks = 0;
    const args: Record<number, { id?: string; name?: string; args: string }> = {};
    let usage: any;
    let finish: string | null = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const d: any = choice.delta;
      if (d.content) text += d.content;
      if (d.reasoning_content) reasoning += d.reasoning_content;
      for (const tc of d.tool_calls ?? []) {
        toolChunks++;
        const slot = (args[tc.index] ??= { args: '' });
        if (tc.id) slot.id = tc.id;
        if (tc.function?.name) slot.name = tc.function.name;
        slot.args += tc.function?.arguments ?? '';
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    assert.equal(text, 'I will read two files.');
    assert.equal(reasoning, 'think think');
    assert.ok(toolChunks >= 2 + 2 * 3, `tool calls were split across ${toolChunks} chunks`);
    assert.deepEqual(Object.values(args).map((a) => [a.id, a.name, JSON.parse(a.args)]), [['a', 'read', { path: 'src/one.ts' }], ['b', 'read', { path: 'src/two.ts' }]]);
    assert.equal(finish, 'tool_calls');
    assert.equal(usage.prompt_tokens, 100);
  });

  it('sends no usage chunk unless include_usage is asked for', async () => {
    srv.script([{ text: 'x' }]);
    let sawUsage = false;
    for await (const c of await sdk.chat.completions.create({ model: 'm', messages: [], stream: true })) if (c.usage) sawUsage = true;
    assert.equal(sawUsage, false);
  });

  it('can answer with a function of the request', async () => {
    srv.script((req) => ({ text: `echo:${req.body.messages.at(-1).content}` }));
    const r = await sdk.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'ping' }] });
    assert.equal(r.choices[0].message.content, 'echo:ping');
  });

  const statusFaults: [string, any, number, string | null][] = [
    ['401', { kind: 'unauthorized' }, 401, 'invalid_api_key'],
    ['403', { kind: 'forbidden' }, 403, 'permission_denied'],
    ['404 unknown model', { kind: 'modelNotFound' }, 404, 'model_not_found'],
    ['400 context length', { kind: 'contextLength' }, 400, 'context_length_exceeded'],
    ['400 tools rejected', { kind: 'toolsRejected' }, 400, null],
    ['429', { kind: 'rateLimited', retryAfter: 7 }, 429, 'rate_limit_exceeded'],
    ['500', { kind: 'serverError', status: 500 }, 500, null],
    ['502', { kind: 'serverError', status: 502 }, 502, null],
    ['503', { kind: 'serverError', status: 503 }, 503, null],
  ];
  for (const [name, fault, status, code] of statusFaults) {
    it(`injects ${name} as an OpenAI-shaped error the SDK understands`, async () => {
      srv.script([{ fault }]);
      const err: any = await sdk.chat.completions.create({ model: 'm-x', messages: [], stream: true }).then(() => null, (e) => e);
      assert.ok(err instanceof OpenAI.APIError, String(err));
      assert.equal(err.status, status);
      assert.equal(err.code ?? null, code);
      if (fault.kind === 'rateLimited') assert.equal(err.headers.get('retry-after'), '7');
      if (fault.kind === 'modelNotFound') assert.match(err.message, /m-x/);
      if (fault.kind === 'toolsRejected') assert.match(err.message, /tool/);
    });
  }

  it('resets the connection before the response', async () => {
    srv.script([{ fault: { kind: 'resetBeforeResponse' } }]);
    const err = await sdk.chat.completions.create({ model: 'm', messages: [] }).then(() => null, (e) => e);
    assert.ok(err instanceof OpenAI.APIConnectionError, String(err));
  });

  it('resets the connection mid-stream after N chunks', async () => {
    srv.script([{ text: 'abcdefghijklmnopqrstuvwxyz', textChunkSize: 2, fault: { kind: 'resetMidStream', afterChunks: 4 } }]);
    const stream = await sdk.chat.completions.create({ model: 'm', messages: [], stream: true });
    let got = '';
    const err = await (async () => { for await (const c of stream) got += c.choices[0]?.delta.content ?? ''; })().then(() => null, (e) => e);
    assert.ok(err, 'the stream must fail');
    assert.equal(got, 'abcdef'); // role chunk + 3 text chunks of 2
  });

  it('resets or stalls inside tool-call arguments, after their first piece', async () => {
    const reply = { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'a long edit text that is cut' } }], argumentPieces: 4 };
    srv.script([{ ...reply, fault: { kind: 'resetMidToolArguments' } }, { ...reply, fault: { kind: 'stallMidToolArguments', ms: 300 } }]);
    let args = '';
    const stream = await sdk.chat.completions.create({ model: 'm', messages: [], stream: true });
    const err = await (async () => { for await (const c of stream) args += c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? ''; })().then(() => null, (e) => e);
    assert.ok(err, 'the stream must fail');
    assert.equal(args, JSON.stringify(reply.toolCalls[0].arguments).slice(0, args.length));
    assert.ok(args.length > 0 && args.length < JSON.stringify(reply.toolCalls[0].arguments).length, args);
    const t0 = Date.now();
    const times: number[] = [];
    for await (const c of await sdk.chat.completions.create({ model: 'm', messages: [], stream: true })) if (c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) times.push(Date.now() - t0);
    assert.equal(times.length, 4);
    assert.ok(times[0] < 200 && times[1] >= 280, `piece times ${times}`);
  });

  it('stalls before the first byte longer than the client timeout', async () => {
    const t0 = Date.now();
    srv.script([{ text: 'late', fault: { kind: 'stallBeforeFirstByte', ms: 5000 } }]);
    const err = await sdk.chat.completions.create({ model: 'm', messages: [] }, { timeout: 300 }).then(() => null, (e) => e);
    assert.ok(err instanceof OpenAI.APIConnectionTimeoutError, String(err));
    assert.ok(Date.now() - t0 < 2000);
  });

  it('stalls mid-stream, then continues', async () => {
    srv.script([{ text: 'abcdef', textChunkSize: 2, fault: { kind: 'stallMidStream', afterChunks: 2, ms: 300 } }]);
    const times: number[] = [];
    const t0 = Date.now();
    for await (const c of await sdk.chat.completions.create({ model: 'm', messages: [], stream: true })) if (c.choices[0]?.delta.content) times.push(Date.now() - t0);
    assert.equal(times.length, 3);
    assert.ok(times[0] < 200 && times[1] >= 280, `chunk times ${times}`);
  });

  it('sends malformed SSE JSON on demand', async () => {
    srv.script([{ text: 'abcdef', textChunkSize: 2, fault: { kind: 'malformedJson', atChunk: 2 } }]);
    const stream = await sdk.chat.completions.create({ model: 'm', messages: [], stream: true });
    const err = await (async () => { for await (const _ of stream); })().then(() => null, (e) => e);
    assert.ok(err instanceof SyntaxError, String(err));
  });

  it('sends an in-stream error object on demand', async () => {
    srv.script([{ text: 'abcdef', textChunkSize: 2, fault: { kind: 'errorEvent', atChunk: 2, message: 'Provider returned error' } }]);
    const stream = await sdk.chat.completions.create({ model: 'm', messages: [], stream: true });
    const err = await (async () => { for await (const _ of stream); })().then(() => null, (e) => e);
    assert.ok(err instanceof OpenAI.APIError, String(err));
    assert.match(err.message, /Provider returned error/);
  });

  it('truncates tool-call arguments on demand', async () => {
    srv.script([{ toolCalls: [{ name: 'write', arguments: { path: 'a.ts', content: 'long content here' } }], truncateToolArgumentsAt: 20, finishReason: 'length' }]);
    const r = await sdk.chat.completions.create({ model: 'm', messages: [] });
    const args = (r.choices[0].message.tool_calls![0] as any).function.arguments;
    assert.equal(args.length, 20);
    assert.throws(() => JSON.parse(args));
    assert.equal(r.choices[0].finish_reason, 'length');
  });

  it('answers 500 when the script is exhausted, and close() ends stalled requests', async () => {
    const err: any = await sdk.chat.completions.create({ model: 'm', messages: [] }).then(() => null, (e) => e);
    assert.equal(err.status, 500);
    assert.match(err.message, /script exhausted/);
    srv.script([{ fault: { kind: 'stallBeforeFirstByte', ms: 60_000 } }]);
    const pending = sdk.chat.completions.create({ model: 'm', messages: [] }).then(() => null, (e) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await srv.close();
    assert.ok(await pending);
    assert.ok(Date.now() - t0 < 1000);
  });
});
