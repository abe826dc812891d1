/**
 * What each server family sends when a prompt overflows, when a request is malformed and what
 * window it serves, and how Forge maps it (bodies as the servers write them; see contextOverflow.ts).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { ContextLengthError } from '../../../src/core/model/modelError';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import { probeEndpoint } from '../../../src/core/model/probe';
import { clientFor, failure, profileFor, user } from './support';

const err = (message: string, extra: Record<string, unknown> = {}) => ({ error: { message, ...extra } });

/** [family, status, body, limit, prompt] */
const OVERFLOWS: [string, number, unknown, number | undefined, number | undefined][] = [
  ['llama.cpp', 400, err('request (2031 tokens) exceeds the available context size (512 tokens), try increasing it', { code: 400, type: 'exceed_context_size_error', n_prompt_tokens: 2031, n_ctx: 512 }), 512, 2031],
  ['llama.cpp (older)', 400, err('the request exceeds the available context size, try increasing the context size or enable context shift', { code: 400, type: 'invalid_request_error' }), undefined, undefined],
  ['OpenAI', 400, err("This model's maximum context length is 128000 tokens. However, your messages resulted in 130542 tokens. Please reduce the length of the messages.", { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' }), 128000, 130542],
  ['Azure OpenAI', 400, err("This model's maximum context length is 8192 tokens. However, your messages resulted in 8765 tokens. Please reduce the length of the messages.", { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' }), 8192, 8765],
  ['OpenRouter', 400, err("This endpoint's maximum context length is 32768 tokens. However, you requested about 40123 tokens (36027 of text input, 4096 in the output). Please reduce the length of either one, or use the \"middle-out\" transform to compress your prompt automatically.", { code: 400 }), 32768, 36027],
  ['vLLM', 400, err("This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4096 in the messages, 1024 in the completion). Please reduce the length of the messages or completion.", { type: 'BadRequestError', code: 400, param: null }), 4096, 4096],
  ['vLLM (newer)', 400, err("'max_tokens' or 'max_completion_tokens' is too large: 1024. This model's maximum context length is 4096 tokens and your request has 3500 input tokens (1024 > 4096 - 3500).", { type: 'BadRequestError', code: 400 }), 4096, 3500],
  ['vLLM (engine)', 400, err('The decoder prompt (length 8357) is longer than the maximum model length of 8192. Make sure that `max_model_len` is no smaller than the number of text tokens.', { type: 'BadRequestError', code: 400 }), 8192, 8357],
  ['Ollama', 400, { error: 'the input length exceeds the context length' }, undefined, undefined],
  ['LM Studio', 400, err('Trying to keep the first 10136 tokens when context the overflows. However, the model is loaded with context length of only 7866 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input'), 7866, 10136],
  ['Gemini (a list of errors)', 400, [{ error: { code: 400, message: 'The input token count (134123) exceeds the maximum number of tokens allowed (131072).', status: 'INVALID_ARGUMENT' } }], 131072, 134123],
  ['Gemini', 400, err('The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).', { code: 400, status: 'INVALID_ARGUMENT' }), 1048576, 1200293],
];

describe('server families: overflow, malformed requests, the served window', () => {
  let srv: ModelServer;
  beforeEach(async () => { srv = await startModelServer(); });
  afterEach(() => srv.close());

  for (const [family, status, body, limit, prompt] of OVERFLOWS) {
    it(`${family}: HTTP ${status} overflow is a ContextLengthError with the window ${limit ?? '(unsaid)'} and the prompt ${prompt ?? '(unsaid)'}`, async () => {
      srv.script([{ fault: { kind: 'status', status, body } }]);
      const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.ok(error instanceof ContextLengthError, `${family}: ${error.message}`);
      assert.equal(error.limitTokens, limit);
      assert.equal(error.requestedTokens, prompt);
      assert.equal(srv.chatRequests.length, 1);
    });
  }

  it('LM Studio: an overflow reported inside a 200 stream is a ContextLengthError too', async () => {
    srv.script([{ text: '', fault: { kind: 'errorEvent', atChunk: 0, message: 'Trying to keep the first 9000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.' } }]);
    const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
    assert.ok(error instanceof ContextLengthError);
    assert.deepEqual([error.limitTokens, error.requestedTokens], [4096, 9000]);
  });

  it('a 400 about something else is not an overflow, and quotes the server', async () => {
    srv.script([{ fault: { kind: 'status', status: 400, body: err("Invalid value for 'temperature': must be at most 2.", { type: 'invalid_request_error', param: 'temperature' }) } }]);
    const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
    assert.equal(error.kind, 'badRequest');
    assert.match(error.message, /refused the request \(HTTP 400\): Invalid value for 'temperature'/);
  });

  it('llama.cpp 500 "Failed to parse tool call arguments as JSON": the server\'s words, one attempt (it would fail the same way)', async () => {
    srv.script([
      { fault: { kind: 'status', status: 500, body: err('Failed to parse tool call arguments as JSON: [json.exception.parse_error.101] parse error at line 1, column 12', { code: 500, type: 'server_error' }) } },
      { text: 'never sent' },
    ]);
    const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
    assert.equal(srv.chatRequests.length, 1);
    assert.equal(error.retryable, false);
    assert.equal(error.message, `127.0.0.1:${srv.port} had a server error (HTTP 500): Failed to parse tool call arguments as JSON: [json.exception.parse_error.101] parse error at line 1, column 12.`);
  });

  it('a 503 that says why (llama.cpp "Loading model") is retried and its words are kept', async () => {
    srv.script([{ fault: { kind: 'status', status: 503, body: err('Loading model', { code: 503, type: 'unavailable_error' }) } }, { text: 'ok' }]);
    await failure(clientFor(srv, {}, { retry: { maxAttempts: 1 } }).chat({ messages: user('x') })).then(({ error }) => {
      assert.equal(error.message, `127.0.0.1:${srv.port} had a server error (HTTP 503): Loading model.`);
    });
    srv.script([{ fault: { kind: 'status', status: 503, body: err('Loading model', { code: 503, type: 'unavailable_error' }) } }, { text: 'ok' }]);
    const before = srv.chatRequests.length;
    for await (const _ of clientFor(srv).chat({ messages: user('x') })) void _;
    assert.equal(srv.chatRequests.length - before, 2);
  });

  it('a plain-text error body is shown as the server wrote it, keys redacted', async () => {
    srv.script([{ fault: { kind: 'status', status: 502, body: 'upstream rejected key sk-live-abcdefghijklmnop' } }]);
    const { error } = await failure(clientFor(srv, {}, { retry: { maxAttempts: 1 } }).chat({ messages: user('x') }));
    assert.match(error.message, /\(HTTP 502\): "?upstream rejected key \[redacted\]/);
  });

  it('llama.cpp: the served window is meta.n_ctx (512), not n_ctx_train (4096), in the client and in Test Endpoint', async () => {
    srv.emulateLlamaCpp({ nCtx: 512, nCtxTrain: 4096 });
    srv.setModels([{ id: 'tiny' }]);
    srv.script((req) => (req.body.tools ? { toolCalls: [{ name: 'report_status', arguments: { status: 'ok' } }] } : { text: 'ok' }));
    const client = clientFor(srv);
    assert.equal(await client.contextWindow(), 512);
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.contextTokens, 512);
    assert.ok(r.summary.includes('Context window: 512 tokens.'));
  });

  it('an error event inside a stream does not make Test Endpoint say streaming is broken', async () => {
    srv.script((req) => (req.body.tools ? { toolCalls: [{ name: 'report_status', arguments: {} }] }
      : { text: 'ok', fault: { kind: 'errorEvent', atChunk: 1, message: 'Failed to parse input at pos 3' } }));
    const client = clientFor(srv);
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.streaming, true);
    assert.ok(!r.summary.some((l) => /Streaming does not work/.test(l)), r.summary.join('\n'));
    assert.match(r.error!.message, /^Streaming works, but the server reported an error inside the stream: Failed to parse input at pos 3/);
  });
});

describe('the served window where /models does not say it', () => {
  let server: http.Server;
  let routes: Record<string, unknown>;
  let base: string;
  beforeEach(async () => {
    routes = {};
    server = http.createServer((req, res) => {
      const key = `${req.method} ${req.url}`;
      const body = key === 'GET /v1/models' ? { object: 'list', data: [{ id: 'm' }, { id: 'n' }] } : routes[key];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));
  const windowOf = () => new OpenAiModelClient(profileFor({ url: `${base}/v1` }, { model: 'm' })).contextWindow();

  it('llama.cpp GET /props', async () => {
    routes['GET /props'] = { default_generation_settings: { n_ctx: 2048 } };
    assert.equal(await windowOf(), 2048);
  });
  it('LM Studio GET /api/v0/models/<model> (loaded_context_length)', async () => {
    routes['GET /api/v0/models/m'] = { id: 'm', max_context_length: 131072, loaded_context_length: 8192 };
    assert.equal(await windowOf(), 8192);
  });
  it('Ollama POST /api/show (num_ctx), else GET /api/ps (context_length of the loaded model)', async () => {
    routes['POST /api/show'] = { parameters: 'temperature 0.2\nnum_ctx 16384', model_info: { 'llama.context_length': 131072 } };
    assert.equal(await windowOf(), 16384);
    routes['POST /api/show'] = { parameters: 'temperature 0.2', model_info: { 'llama.context_length': 131072 } };
    routes['GET /api/ps'] = { models: [{ name: 'm', context_length: 4096 }] };
    assert.equal(await windowOf(), 4096);
  });
  it('a server that says nothing: undefined', async () => {
    assert.equal(await windowOf(), undefined);
  });
});
