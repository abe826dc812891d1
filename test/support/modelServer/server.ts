/**
 * The scripted model server: a real HTTP server on 127.0.0.1 speaking the OpenAI Chat
 * Completions API, replaying a script and recording every request. Test equipment only.
 *
 *   const srv = await startModelServer({ models: [{ id: 'm1' }] });
 *   srv.script([{ text: 'hello' }, { fault: { kind: 'rateLimited', retryAfter: 1 } }]);
 *   ... new OpenAI({ baseURL: srv.url, apiKey: 'k' }) ...
 *   srv.requests; srv.chatRequests; await srv.close();
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { completion, streamChunks } from './completion';
import { errorReply } from './faults';
import { llamaModelsEntry, llamaProps, llamaRefusal, type LlamaCppMode } from './llamaCpp';
import type { ModelEntry, RecordedRequest, Script, ScriptedResponse } from './types';

export interface ModelServer {
  /** Base URL including /v1, for an SDK's baseURL. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Only the POST /v1/chat/completions requests. */
  readonly chatRequests: RecordedRequest[];
  /** Replace the script (a queue, or a function of the request). */
  script(script: Script): void;
  /** Append responses to the queue. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Scripted responses not consumed yet (queue scripts only). */
  readonly pending: number;
  setModels(models: ModelEntry[]): void;
  /** Make GET /v1/models fail with this status (undefined to restore). */
  setModelsStatus(status: number | undefined): void;
  /** Answer as llama.cpp's llama-server does (window in /v1/models and /props, its refusals); undefined to stop. */
  emulateLlamaCpp(mode: LlamaCppMode | undefined): void;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  models?: ModelEntry[];
  script?: Script;
}

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let models: ModelEntry[] = options.models ?? [{ id: 'test-model' }];
  let modelsStatus: number | undefined;
  let llama: LlamaCppMode | undefined;
  let script: Script = options.script ?? [];
  const sockets = new Set<Socket>();
  let closed = false;
  // Pending waits, so close() (or the client hanging up) ends a stall at once.
  const waits = new Set<() => void>();
  const sleep = (ms: number, res: http.ServerResponse) => new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); waits.delete(done); res.off('close', done); resolve(); };
    const timer = setTimeout(done, ms);
    waits.add(done);
    res.on('close', done);
  });

  const nextResponse = (req: RecordedRequest): ScriptedResponse => {
    if (typeof script === 'function') return script(req);
    const next = script.shift();
    if (next) return next;
    return { fault: { kind: 'status', status: 500, body: { error: { message: 'scripted model server: script exhausted', type: 'test_error', code: null, param: null } } } };
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body: any;
      try { body = raw ? JSON.parse(raw) : undefined; } catch { body = { unparsable: raw }; }
      const path = (req.url ?? '/').split('?')[0];
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body, receivedAt: Date.now() };
      requests.push(recorded);
      handle(recorded, req, res).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  async function handle(rec: RecordedRequest, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (rec.method === 'GET' && rec.path === '/v1/models') {
      if (modelsStatus) return sendJson(res, modelsStatus, { error: { message: 'models unavailable', type: 'server_error', code: null, param: null } });
      if (llama) return sendJson(res, 200, { object: 'list', data: models.map((m) => llamaModelsEntry(m.id, llama!)) });
      return sendJson(res, 200, { object: 'list', data: models.map((m) => ({ object: 'model', created: 0, owned_by: 'forge-test', ...m })) });
    }
    if (llama && rec.method === 'GET' && rec.path === '/props') return sendJson(res, 200, llamaProps(llama));
    if (rec.method !== 'POST' || rec.path !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `No route ${rec.method} ${rec.path}`, type: 'invalid_request_error', code: null, param: null } });
    }
    const refused = llama && llamaRefusal(rec.body, llama);
    if (refused) return sendJson(res, refused.status, refused.body);
    const response = nextResponse(rec);
    const fault = response.fault;
    const socket = req.socket;
    let gone = false;
    res.on('close', () => { gone = true; });

    if (fault?.kind === 'resetBeforeResponse') return resetSocket(socket);
    if (fault?.kind === 'stallBeforeFirstByte') {
      await sleep(fault.ms, res);
      if (gone || closed) return;
    }
    if (fault) {
      const reply = errorReply(fault, String(rec.body?.model ?? ''));
      if (reply) return sendJson(res, reply.status, reply.body, reply.headers);
    }
    if (!rec.body?.stream) return sendJson(res, 200, completion(response, rec.body), response.headers);

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...response.headers });
    const frames = streamChunks(response, rec.body).map((c) => `data: ${JSON.stringify(c)}\n\n`);
    if (fault?.kind === 'malformedJson') frames[Math.min(fault.atChunk, frames.length - 1)] = 'data: {"id":"chatcmpl-bad","choices":[{"delta":{"content":"x"}\n\n';
    if (fault?.kind === 'errorEvent') {
      frames[Math.min(fault.atChunk, frames.length - 1)] = `data: ${JSON.stringify({ error: { message: fault.message, code: 502 } })}\n\n`;
    }
    frames.push('data: [DONE]\n\n');

    // The chunk after the first non-empty piece of tool-call arguments (the stream's end when there is none).
    const inArgs = () => {
      const i = frames.findIndex((f) => /"arguments":"[^"]/.test(f));
      return i < 0 ? frames.length - 1 : i + 1;
    };
    const cutAt = fault?.kind === 'resetMidStream' ? fault.afterChunks : fault?.kind === 'resetMidToolArguments' ? inArgs() : undefined;
    const stallAt = fault?.kind === 'stallMidStream' ? fault.afterChunks : fault?.kind === 'stallMidToolArguments' ? inArgs() : undefined;
    const delay = response.chunkDelayMs ?? 0;
    if (cutAt === undefined && stallAt === undefined && delay === 0) {
      res.end(frames.join(''));
      return;
    }
    for (let i = 0; i < frames.length; i++) {
      if (gone || closed) return;
      if (i === cutAt) {
        await new Promise<void>((r) => res.write('', () => r()));
        return resetSocket(socket);
      }
      if (i === stallAt && (fault?.kind === 'stallMidStream' || fault?.kind === 'stallMidToolArguments')) await sleep(fault.ms, res);
      else if (delay > 0 && i > 0) await sleep(delay, res);
      if (gone || closed) return;
      res.write(frames[i]);
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get chatRequests() { return requests.filter((r) => r.path === '/v1/chat/completions'); },
    script(s: Script) { script = Array.isArray(s) ? [...s] : s; },
    enqueue(...responses: ScriptedResponse[]) {
      if (typeof script === 'function') script = [];
      script.push(...responses);
    },
    get pending() { return typeof script === 'function' ? 0 : script.length; },
    setModels(m: ModelEntry[]) { models = m; },
    setModelsStatus(status: number | undefined) { modelsStatus = status; },
    emulateLlamaCpp(mode: LlamaCppMode | undefined) { llama = mode; },
    async close() {
      closed = true;
      for (const done of [...waits]) done();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A real TCP reset (RST), so the client sees ECONNRESET rather than a clean close. */
function resetSocket(socket: Socket): void {
  if (typeof (socket as any).resetAndDestroy === 'function') (socket as any).resetAndDestroy();
  else socket.destroy();
}
