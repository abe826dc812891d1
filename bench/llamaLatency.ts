/**
 * Latency against a real llama.cpp llama-server (the tiny random model of the real-server tier):
 * time to the first token and to the end of the turn, through Forge's model client and through a
 * raw `fetch` SSE reader of the same server, same request, alternating, in the same run.
 *
 *   npx tsx bench/llamaLatency.ts [runs=15] [maxTokens=64]
 *
 * Needs `scripts/llama-server.sh build` first. Figures, not a pass/fail test: the ratio says what
 * Forge's client adds on top of the server's own time.
 */
import { OpenAiModelClient } from '../src/core/model/openaiClient';
import { llamaServerBin, startLlamaServer } from '../test/realServer/support/llamaServer';

const RUNS = Number(process.argv[2] ?? 15);
const MAX_TOKENS = Number(process.argv[3] ?? 64);
const MESSAGES = [{ role: 'system' as const, content: 'You are a helpful assistant.' }, { role: 'user' as const, content: 'Write a short poem about the sea.' }];

interface Sample { firstMs: number; totalMs: number; tokens: number }

async function viaForge(client: OpenAiModelClient): Promise<Sample> {
  const t0 = performance.now();
  let first: number | undefined;
  let tokens = 0;
  for await (const ev of client.chat({ messages: MESSAGES, maxOutputTokens: MAX_TOKENS, temperature: 0 })) {
    if (ev.type === 'text' && first === undefined) first = performance.now() - t0;
    if (ev.type === 'usage') tokens = ev.usage.completionTokens;
  }
  const total = performance.now() - t0;
  return { firstMs: first ?? total, totalMs: total, tokens };
}

async function viaRaw(url: string): Promise<Sample> {
  const t0 = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tiny', messages: MESSAGES, stream: true, stream_options: { include_usage: true }, max_tokens: MAX_TOKENS, temperature: 0 }),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let first: number | undefined;
  let tokens = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const line = buf.slice(0, i).replace(/^data: /, '');
      buf = buf.slice(i + 2);
      if (line === '[DONE]') continue;
      const chunk = JSON.parse(line);
      if (first === undefined && chunk.choices?.[0]?.delta?.content) first = performance.now() - t0;
      if (chunk.usage) tokens = chunk.usage.completion_tokens;
    }
  }
  const total = performance.now() - t0;
  return { firstMs: first ?? total, totalMs: total, tokens };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!llamaServerBin()) {
    console.log('llama-server is not built: run scripts/llama-server.sh build first.');
    process.exitCode = 1;
    return;
  }
  const server = await startLlamaServer({ ctx: 2048, maxTokens: MAX_TOKENS, seed: 1 });
  try {
    const client = new OpenAiModelClient({ id: 'bench', label: 'llama-server', baseUrl: server.url, model: 'tiny', supportsTools: true });
    await viaForge(client); // warm-up: the prompt is cached by the server from here on
    await viaRaw(server.url);
    const forge: Sample[] = [];
    const raw: Sample[] = [];
    for (let r = 0; r < RUNS; r++) {
      if (r % 2 === 0) { forge.push(await viaForge(client)); raw.push(await viaRaw(server.url)); }
      else { raw.push(await viaRaw(server.url)); forge.push(await viaForge(client)); }
    }
    const row = (name: string, s: Sample[]) => `${name.padEnd(22)} first token ${median(s.map((x) => x.firstMs)).toFixed(1).padStart(7)} ms   full turn ${median(s.map((x) => x.totalMs)).toFixed(1).padStart(7)} ms   ${median(s.map((x) => x.tokens))} tokens`;
    console.log(`llama-server (tiny random model), ${MAX_TOKENS} output tokens, medians of ${RUNS} runs each, alternating`);
    console.log(row('raw fetch SSE reader', raw));
    console.log(row('Forge model client', forge));
    const ratio = (k: 'firstMs' | 'totalMs') => (median(forge.map((x) => x[k])) / median(raw.map((x) => x[k]))).toFixed(3);
    console.log(`ratio client/raw: first token ${ratio('firstMs')}, full turn ${ratio('totalMs')}`);
  } finally {
    await server.stop();
  }
}

void main();
