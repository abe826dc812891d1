/**
 * Every fault the scripted server injects, and what the user gets: the message, the fix, the
 * number of attempts (counted on the server), the waits honoured, no hang, prompt cancel.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { startModelServer, type Fault, type ModelServer } from '../../support/modelServer';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import { ContextLengthError } from '../../../src/core/model/modelError';
import { realSleep } from '../../../src/core/model/retry';
import { clientFor, collect, failure, profileFor, textOf, user } from './support';

const KEY = 'sk-test-secret-key-123456';

describe('OpenAiModelClient: faults', () => {
  let srv: ModelServer;
  beforeEach(async () => { srv = await startModelServer({ models: [{ id: 'llama-3-8b' }, { id: 'qwen2.5-coder' }] }); });
  afterEach(() => srv.close());

  describe('errors the user must act on (no retry)', () => {
    for (const [kind, status] of [['unauthorized', 401], ['forbidden', 403]] as const) {
      it(`${status}: "The key for <profile> was rejected", fix setApiKey, one request`, async () => {
        srv.script([{ fault: { kind, message: `Incorrect API key provided: ${KEY}` } as Fault }]);
        const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
        assert.equal(error.message, `The key for Local vLLM was rejected by 127.0.0.1:${srv.port} (HTTP ${status}): Incorrect API key provided: [redacted].`);
        assert.equal(error.fix, 'setApiKey');
        assert.equal(error.kind, 'auth');
        assert.equal(srv.chatRequests.length, 1);
      });
    }

    it('404 unknown model: names the model, the host and the available models, fix selectModel', async () => {
      srv.script([{ fault: { kind: 'modelNotFound' } }]);
      const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(error.message, `Model test-model was not found on 127.0.0.1:${srv.port}; available: llama-3-8b, qwen2.5-coder.`);
      assert.equal(error.fix, 'selectModel');
      assert.deepEqual(srv.requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/chat/completions', 'GET /v1/models']);
    });

    it('404 unknown model when /models fails too: still one clear sentence', async () => {
      srv.setModelsStatus(500);
      srv.script([{ fault: { kind: 'modelNotFound' } }]);
      const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.match(error.message, /^Model test-model was not found on 127\.0\.0\.1:\d+; available: the list of models could not be fetched\.$/);
    });

    it('400 context_length_exceeded: a typed ContextLengthError with the sizes, no retry', async () => {
      srv.script([{ fault: { kind: 'contextLength' } }]);
      const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.ok(error instanceof ContextLengthError);
      assert.equal(error.limitTokens, 8192);
      assert.equal(error.requestedTokens, 9000);
      assert.equal(error.message, 'The conversation is too long for test-model (limit 8192 tokens, the prompt has 9000).');
      assert.equal(srv.chatRequests.length, 1);
    });

    it('connection refused: "Nothing is listening at <baseUrl>", fix testEndpoint, fast', async () => {
      const port = await freePort();
      const client = new OpenAiModelClient(profileFor({ url: `http://127.0.0.1:${port}/v1` }), { apiKey: KEY });
      const t0 = Date.now();
      const { error } = await failure(client.chat({ messages: user('x') }));
      assert.equal(error.message, `Nothing is listening at http://127.0.0.1:${port}/v1.`);
      assert.equal(error.fix, 'testEndpoint');
      assert.ok(Date.now() - t0 < 1000);
    });

    it('another 400 quotes the server in one sentence (a 400 about tools only means "unsupported" when tools were sent)', async () => {
      srv.script([{ fault: { kind: 'toolsRejected' } }]);
      const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(error.kind, 'badRequest');
      assert.match(error.message, /^127\.0\.0\.1:\d+ refused the request \(HTTP 400\): "auto" tool choice requires/);
      assert.equal(srv.chatRequests.length, 1);
    });

    it('never puts the key in a message, even when the server echoes it', async () => {
      srv.script([{ fault: { kind: 'status', status: 418, body: { error: { message: `teapot refuses key ${KEY} (Bearer ${KEY})`, type: 'x', code: null } } } }]);
      const logged: string[] = [];
      const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
      const { error } = await failure(clientFor(srv, {}, { log }).chat({ messages: user('x') }));
      assert.match(error.message, /HTTP 418.*teapot refuses key \[redacted\]/);
      assert.ok(!error.message.includes(KEY) && !error.message.includes('sk-test'));
      assert.ok(!JSON.stringify(error).includes(KEY));
      assert.ok(logged.every((l) => !l.includes(KEY)));
    });
  });

  describe('retries', () => {
    it('429 with Retry-After: 1 waits about a second, then succeeds on the second request', async () => {
      srv.script([{ fault: { kind: 'rateLimited', retryAfter: 1 } }, { text: 'after the wait' }]);
      const t0 = Date.now();
      const events = await collect(clientFor(srv).chat({ messages: user('x') }));
      const elapsed = Date.now() - t0;
      assert.equal(textOf(events), 'after the wait');
      assert.equal(srv.chatRequests.length, 2);
      const gap = srv.chatRequests[1].receivedAt - srv.chatRequests[0].receivedAt;
      assert.ok(gap >= 990 && elapsed < 1800, `gap ${gap} ms, elapsed ${elapsed} ms`);
    });

    for (const status of [500, 502, 503, 504] as const) {
      it(`${status} every time: 4 attempts with growing jittered backoff, then one sentence`, async () => {
        srv.script(() => ({ fault: { kind: 'serverError', status } }));
        const waits: number[] = [];
        const sleep = (ms: number, s?: AbortSignal) => { waits.push(ms); return realSleep(ms, s); };
        const client = clientFor(srv, {}, { sleep, retry: { baseDelayMs: 20, maxDelayMs: 1000 }, random: () => 1 });
        const { error } = await failure(client.chat({ messages: user('x') }));
        assert.equal(srv.chatRequests.length, 4);
        assert.deepEqual(waits, [20, 40, 80]);
        assert.equal(error.attempts, 4);
        assert.equal(error.message, `127.0.0.1:${srv.port} had a server error (HTTP ${status}): The server had an error while processing your request (${status}) (gave up after 4 attempts).`);
        const gaps = srv.chatRequests.slice(1).map((r, i) => r.receivedAt - srv.chatRequests[i].receivedAt);
        assert.ok(gaps[2] >= 75, `backoff really waited: ${gaps}`);
      });
    }

    it('jitter keeps each wait between half and all of the exponential step', async () => {
      srv.script(() => ({ fault: { kind: 'serverError', status: 503 } }));
      const waits: number[] = [];
      const client = clientFor(srv, {}, { sleep: async (ms) => { waits.push(ms); }, retry: { baseDelayMs: 100, maxDelayMs: 10_000 }, random: () => 0 });
      await failure(client.chat({ messages: user('x') }));
      assert.deepEqual(waits, [50, 100, 200]);
    });

    it('a Retry-After longer than the 60 s budget is not waited for', async () => {
      srv.script([{ fault: { kind: 'rateLimited', retryAfter: 120 } }, { text: 'never' }]);
      const t0 = Date.now();
      const { error } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(error.kind, 'rateLimited');
      assert.equal(error.retryAfterMs, 120_000);
      assert.equal(error.message, `127.0.0.1:${srv.port} is rate limiting requests (HTTP 429): Rate limit reached for requests. Please try again later; it asked to wait 120 s, more than the 60 s Forge waits in all.`);
      assert.equal(srv.chatRequests.length, 1);
      assert.ok(Date.now() - t0 < 500);
    });

    it('a connection reset before the first byte is retried', async () => {
      srv.script([{ fault: { kind: 'resetBeforeResponse' } }, { fault: { kind: 'resetBeforeResponse' } }, { text: 'third time' }]);
      const events = await collect(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(textOf(events), 'third time');
      assert.equal(srv.chatRequests.length, 3);
    });

    it('a reset mid-stream after output was delivered is not retried, and says so', async () => {
      srv.script([{ text: 'partial answer that goes on', textChunkSize: 4, fault: { kind: 'resetMidStream', afterChunks: 3 } }, { text: 'must not be used' }]);
      const { error, events } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(textOf(events), 'partial ');
      assert.equal(error.message, `The connection to 127.0.0.1:${srv.port} was cut mid-reply.`);
      assert.equal(error.partial, true);
      assert.equal(srv.chatRequests.length, 1);
    });

    it('a reset after only the role chunk (no output yet) is retried', async () => {
      srv.script([{ text: 'abc', fault: { kind: 'resetMidStream', afterChunks: 1 } }, { text: 'clean' }]);
      const events = await collect(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(textOf(events), 'clean');
      assert.equal(srv.chatRequests.length, 2);
    });
  });

  describe('timeouts: nothing hangs', () => {
    it('a stall before the first byte is cut at the timeout, reported, not retried', async () => {
      srv.script([{ text: 'late', fault: { kind: 'stallBeforeFirstByte', ms: 10_000 } }]);
      const t0 = Date.now();
      const { error } = await failure(clientFor(srv, {}, { firstByteTimeoutMs: 300 }).chat({ messages: user('x') }));
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 290 && elapsed < 800, `elapsed ${elapsed}`);
      assert.equal(error.kind, 'timeout');
      assert.equal(error.message, `127.0.0.1:${srv.port} did not start answering within 300 ms, so the request was stopped.`);
      assert.equal(srv.chatRequests.length, 1);
    });

    it('a stall mid-stream is cut after the idle limit, keeping what arrived', async () => {
      srv.script([{ text: 'abcdefgh', textChunkSize: 2, fault: { kind: 'stallMidStream', afterChunks: 3, ms: 10_000 } }]);
      const t0 = Date.now();
      const { error, events } = await failure(clientFor(srv, {}, { idleTimeoutMs: 300 }).chat({ messages: user('x') }));
      const elapsed = Date.now() - t0;
      assert.equal(textOf(events), 'abcd');
      assert.ok(elapsed >= 290 && elapsed < 800, `elapsed ${elapsed}`);
      assert.equal(error.message, `The reply from 127.0.0.1:${srv.port} stalled (nothing for 300 ms), so it was cut off.`);
    });

    it('a slow consumer is not mistaken for a stalled server', async () => {
      srv.script([{ text: 'abcdef', textChunkSize: 2 }]);
      const events = [];
      for await (const ev of clientFor(srv, {}, { idleTimeoutMs: 100 }).chat({ messages: user('x') })) {
        events.push(ev);
        await new Promise((r) => setTimeout(r, 150));
      }
      assert.equal(textOf(events), 'abcdef');
    });

    it('a stall shorter than the idle limit is waited out', async () => {
      srv.script([{ text: 'abcd', textChunkSize: 2, fault: { kind: 'stallMidStream', afterChunks: 2, ms: 200 } }]);
      const events = await collect(clientFor(srv, {}, { idleTimeoutMs: 1000 }).chat({ messages: user('x') }));
      assert.equal(textOf(events), 'abcd');
    });
  });

  describe('broken replies', () => {
    it('malformed SSE JSON: one sentence, no retry', async () => {
      srv.script([{ text: 'abcdef', textChunkSize: 2, fault: { kind: 'malformedJson', atChunk: 2 } }]);
      const { error, events } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(textOf(events), 'ab');
      assert.equal(error.message, `127.0.0.1:${srv.port} sent a malformed chunk (invalid JSON) mid-reply, so the reply was abandoned.`);
      assert.equal(srv.chatRequests.length, 1);
    });

    it('an error object inside the stream: quoted in one sentence, after the text before it', async () => {
      srv.script([{ text: 'abcdef', textChunkSize: 2, fault: { kind: 'errorEvent', atChunk: 2, message: 'Provider returned error' } }, { text: 'unused' }]);
      const { error, events } = await failure(clientFor(srv).chat({ messages: user('x') }));
      assert.equal(textOf(events), 'ab');
      assert.equal(error.message, `127.0.0.1:${srv.port} reported an error mid-reply: Provider returned error`);
      assert.equal(srv.chatRequests.length, 1);
    });

    it('truncated tool-call arguments come back as a call with an argumentsError the model can act on', async () => {
      srv.script([{ toolCalls: [{ id: 'w', name: 'write_file', arguments: { path: 'a.ts', content: 'x'.repeat(100) } }], truncateToolArgumentsAt: 40, finishReason: 'length' }]);
      const events = await collect(clientFor(srv).chat({ messages: user('x') }));
      const call = events.find((e) => e.type === 'toolCall');
      assert.ok(call && call.type === 'toolCall');
      assert.equal(call.call.arguments, undefined);
      assert.equal(call.call.argumentsJson.length, 40);
      assert.equal(call.call.argumentsError, 'The arguments of write_file were cut off after 40 characters (the reply reached the output token limit), so they are not valid JSON.');
      assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'length', toolProtocol: 'native' });
    });

    it('a 500 with no retry budget left keeps the server status in the error', async () => {
      srv.script([{ fault: { kind: 'serverError', status: 500 } }]);
      const { error } = await failure(clientFor(srv, {}, { retry: { maxAttempts: 1 } }).chat({ messages: user('x') }));
      assert.equal(error.status, 500);
      assert.equal(error.attempts, 1);
    });
  });

  describe('cancel', () => {
    async function cancelAfter(ms: number, run: (signal: AbortSignal) => Promise<unknown>) {
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), ms);
      const t0 = Date.now();
      const err: any = await run(ctrl.signal).then(() => null, (e) => e);
      return { err, afterAbort: Date.now() - t0 - ms };
    }

    it('mid-stream: ends within 200 ms of the abort', async () => {
      srv.script([{ text: 'x'.repeat(200), textChunkSize: 1, chunkDelayMs: 20 }]);
      let got = 0;
      const { err, afterAbort } = await cancelAfter(150, async (signal) => {
        for await (const ev of clientFor(srv).chat({ messages: user('x'), signal })) if (ev.type === 'text') got++;
      });
      assert.equal(err?.kind, 'cancelled');
      assert.ok(got > 0 && got < 200);
      assert.ok(afterAbort < 200, `ended ${afterAbort} ms after the abort`);
    });

    it('before the first byte: ends within 200 ms', async () => {
      srv.script([{ fault: { kind: 'stallBeforeFirstByte', ms: 10_000 } }]);
      const { err, afterAbort } = await cancelAfter(100, (signal) => collect(clientFor(srv).chat({ messages: user('x'), signal })));
      assert.equal(err?.kind, 'cancelled');
      assert.ok(afterAbort < 200, `ended ${afterAbort} ms after the abort`);
    });

    it('during a Retry-After wait: ends within 200 ms, no further request', async () => {
      srv.script([{ fault: { kind: 'rateLimited', retryAfter: 30 } }, { text: 'no' }]);
      const { err, afterAbort } = await cancelAfter(150, (signal) => collect(clientFor(srv).chat({ messages: user('x'), signal })));
      assert.equal(err?.kind, 'cancelled');
      assert.ok(afterAbort < 200, `ended ${afterAbort} ms after the abort`);
      assert.equal(srv.chatRequests.length, 1);
    });

    it('an already aborted signal sends nothing', async () => {
      const { error } = await failure(clientFor(srv).chat({ messages: user('x'), signal: AbortSignal.abort() }));
      assert.equal(error.kind, 'cancelled');
      assert.equal(srv.chatRequests.length, 0);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
