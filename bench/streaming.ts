/**
 * Streaming benchmark: how much the model client costs per streamed chunk, and how many
 * tokens/second it passes through, against a raw `fetch` SSE reader (and the bare openai SDK)
 * reading the same stream from the same local server in the same run.
 *
 *   npx tsx bench/streaming.ts [chunks=20000] [runs=11]
 *
 * The server runs in a child process and sends a body rendered once (by the scripted model
 * server's chunk renderer), so only the readers' own work is measured. Figures, not a pass/fail test; the target is client/raw <= 1.2.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import OpenAI from 'openai';
import { encode } from 'gpt-tokenizer';
import { OpenAiModelClient } from '../src/core/model/openaiClient';
import { streamChunks } from '../test/support/modelServer/completion';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const CHUNKS = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 11);
const PIECE = ' tok';
const TEXT = PIECE.repeat(CHUNKS);
const PACED_CHUNKS = Math.min(CHUNKS, 3000);

/**
 * The child process: serves one SSE body, rendered once by the scripted model server's renderer,
 * so the server's own JSON work does not count against either reader.
 */
async function serve(): Promise<void> {
  const frames = streamChunks({ text: TEXT, textChunkSize: PIECE.length, usage: { prompt_tokens: 10, completion_tokens: CHUNKS } }, { model: 'bench', stream_options: { include_usage: true } });
  const sse = Buffer.from(frames.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(sse);
    });
  });
  // /paced: one chunk per write with a macrotask between writes, so each read holds ~one event
  // (tokens trickling from a model) and merging deltas cannot help.
  const pacedFrames = streamChunks({ text: PIECE.repeat(PACED_CHUNKS), textChunkSize: PIECE.length, usage: { prompt_tokens: 10, completion_tokens: PACED_CHUNKS } }, { model: 'bench', stream_options: { include_usage: true } });
  const paced = pacedFrames.map((c) => `data: ${JSON.stringify(c)}\n\n`).concat('data: [DONE]\n\n');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (!req.url?.startsWith('/paced')) return res.end(sse);
      let i = 0;
      const next = () => {
        if (i === paced.length) return res.end();
        res.write(paced[i++]);
        setImmediate(next);
      };
      next();
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, bytes: sse.length }));
  process.on('disconnect', () => process.exit(0));
}

const body = { model: 'bench', messages: [{ role: 'user', content: 'go' }], stream: true, stream_options: { include_usage: true } };

/** The baseline: fetch + a minimal SSE line splitter + JSON.parse per event. */
async function rawFetch(url: string): Promise<string> {
  const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let out = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let at: number;
    while ((at = buf.indexOf('\n\n')) >= 0) {
      const event = buf.slice(0, at);
      buf = buf.slice(at + 2);
      if (!event.startsWith('data: ')) continue;
      const data = event.slice(6);
      if (data === '[DONE]') return out;
      const chunk = JSON.parse(data);
      const c = chunk.choices[0]?.delta?.content;
      if (c) out += c;
    }
  }
  return out;
}

async function bareSdk(sdk: OpenAI): Promise<string> {
  let out = '';
  const stream = await sdk.chat.completions.create(body as any);
  for await (const chunk of stream as any) {
    const c = chunk.choices[0]?.delta?.content;
    if (c) out += c;
  }
  return out;
}

async function forgeClient(client: OpenAiModelClient): Promise<string> {
  let out = '';
  for await (const ev of client.chat({ messages: [{ role: 'user', content: 'go' }] })) if (ev.type === 'text') out += ev.text;
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the three readers against one server URL, interleaved, and prints a table; returns client/raw. */
async function scenario(title: string, url: string, text: string, chunks: number): Promise<number> {
  const sdk = new OpenAI({ baseURL: url, apiKey: 'bench', maxRetries: 0 });
  const client = new OpenAiModelClient({ id: 'bench', label: 'Bench', baseUrl: url, model: 'bench', supportsTools: 'auto' }, { apiKey: 'bench' });
  const readers: [string, () => Promise<string>][] = [
    ['raw fetch SSE reader', () => rawFetch(url)],
    ['openai SDK stream (bare)', () => bareSdk(sdk)],
    ['Forge OpenAiModelClient', () => forgeClient(client)],
  ];
  const tokens = encode(text).length;
  const times = new Map<string, number[]>(readers.map(([n]) => [n, []]));
  for (const [, read] of readers) await read(); // warm up
  for (let run = 0; run < RUNS; run++) {
    for (const [name, read] of run % 2 ? [...readers].reverse() : readers) {
      const t0 = performance.now();
      const got = await read();
      times.get(name)!.push(performance.now() - t0);
      if (got !== text) throw new Error(`${name} returned the wrong text (${got.length} chars)`);
    }
  }
  const raw = median(times.get(readers[0][0])!);
  const rawBest = Math.min(...times.get(readers[0][0])!);
  console.log(`\n${title}: ${chunks} content chunks (${tokens} tokens, o200k), median of ${RUNS} runs`);
  const rows = readers.map(([name]) => {
    const ms = median(times.get(name)!);
    const best = Math.min(...times.get(name)!);
    return [name, ms.toFixed(1), best.toFixed(1), ((ms * 1000) / chunks).toFixed(2), (((ms - raw) * 1000) / chunks).toFixed(2), Math.round(tokens / (ms / 1000)).toLocaleString('en-US'), (ms / raw).toFixed(2) + 'x', (best / rawBest).toFixed(2) + 'x'];
  });
  const head = ['reader', 'median (ms)', 'best (ms)', 'per chunk (µs)', 'overhead vs raw (µs/chunk)', 'tokens/s', 'ratio (median)', 'ratio (best)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const r of rows) console.log(line(r));
  return Math.min(...times.get(readers[2][0])!) / rawBest;
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  const child = fork(__filename, [String(CHUNKS), String(RUNS), '--serve'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { url, bytes } = await new Promise<{ url: string; bytes: number }>((resolve) => child.once('message', (m: any) => resolve(m)));
  console.log(`Streaming benchmark, Node ${process.version}; server in a child process on 127.0.0.1.`);
  const burst = await scenario(`Burst (${(bytes / 1e6).toFixed(1)} MB of SSE written at once; many events per read)`, url, TEXT, CHUNKS);
  const paced = await scenario('Paced (one event per write, a macrotask apart; ~one event per read)', url.replace('/v1', '/paced/v1'), PIECE.repeat(PACED_CHUNKS), PACED_CHUNKS);
  child.disconnect();
  console.log(`\nForge client / raw fetch (best of ${RUNS}, the least disturbed by other load): burst ${burst.toFixed(2)}x, paced ${paced.toFixed(2)}x (target <= 1.20x): ${Math.max(burst, paced) <= 1.2 ? 'within target' : 'ABOVE target'}`);
  console.log(`Per-chunk and tokens/s columns use medians. Machine load average now: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
