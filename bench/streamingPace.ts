/**
 * Streaming at a model's pace: the scripted model server (in a child process, so its timers do not share the
 * measured event loop) streams numbered tokens at about 2,000 tokens/s; Forge's model client reads them while
 * `monitorEventLoopDelay` watches this process's event loop. Prints the rate achieved, whether the text arrived
 * whole and in order (every token once, in sequence), and the longest event-loop block (target < 50 ms).
 * The host side only: the chat view's rendering in the webview is measured by the webview tests.
 *
 *   npx tsx bench/streamingPace.ts [tokens=4000] [tokensPerChunk=3]
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { OpenAiModelClient } from '../src/core/model/openaiClient';
import { startModelServer } from '../test/support/modelServer';

const TOKENS = Number(process.argv[2] ?? 4000);
const PER_CHUNK = Number(process.argv[3] ?? 3);
/** Distinct tokens, so a dropped or reordered one shows. */
const TEXT = Array.from({ length: TOKENS }, (_, i) => ` t${i}`).join('');

async function serve(): Promise<void> {
  const srv = await startModelServer();
  // One chunk per PER_CHUNK tokens, 1 ms apart: about 1,000 chunks/s at best (timers), so 2,000-3,000 tokens/s.
  srv.script(() => ({ text: TEXT, textChunkSize: Math.ceil(TEXT.length / TOKENS) * PER_CHUNK, chunkDelayMs: 1 }));
  process.send!({ url: srv.url });
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  const child = fork(__filename, [String(TOKENS), String(PER_CHUNK), '--serve'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
  try {
    const client = new OpenAiModelClient({ id: 'bench', label: 'bench', baseUrl: url, model: 'bench', supportsTools: 'auto' }, { apiKey: 'sk-bench' });
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const t = performance.now();
    let text = '';
    let deltas = 0;
    for await (const ev of client.chat({ messages: [{ role: 'user', content: 'stream' }] })) {
      if (ev.type === 'text') {
        text += ev.text;
        deltas++;
      }
    }
    const s = (performance.now() - t) / 1000;
    loop.disable();
    const got = text.split(' ').filter(Boolean);
    let inOrder = got.length === TOKENS;
    for (let i = 0; inOrder && i < got.length; i++) if (got[i] !== `t${i}`) inOrder = false;
    console.log(`Streaming ${TOKENS} tokens (${PER_CHUNK} per chunk, 1 ms apart) through Forge's model client (load average ${os.loadavg()[0].toFixed(1)})`);
    console.log(`  ${(TOKENS / s).toFixed(0)} tokens/s (target 2,000) in ${deltas} text events over ${s.toFixed(2)} s; text ${text === TEXT ? 'whole and in order' : inOrder ? 'in order but differs' : `DROPPED OR REORDERED (${got.length} of ${TOKENS} tokens)`}`);
    console.log(`  event loop delay: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms (target: never blocked over 50 ms)`);
    console.log(`  heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
  } finally {
    child.kill();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
