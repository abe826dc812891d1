/**
 * The agent's memory over a long scripted task: a 500-step task (default) against the scripted
 * model server, wired as `forge run` wires it, compacting as it goes; heapUsed after a full GC at
 * steps 50, 100, 200, ... and the end, the growth from step 50, and ms per step. The scripted
 * server's record of requests is cleared as it goes (test equipment, not the agent's memory).
 *
 *   npx tsx bench/agentMemory.ts [steps] [contextTokens]     (re-runs itself with --expose-gc)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { startModelServer } from '../test/support/modelServer';
import { dataFolder, longTaskReply, scriptedHost } from '../test/reliability/scriptedTasks';

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const steps = Number(process.argv[2]) || 500;
  const contextTokens = Number(process.argv[3]) || 16_000;
  const marks = new Set([50, 100, 200, 300, 400, steps - 1].filter((s) => s < steps));
  const srv = await startModelServer();
  const root = dataFolder('mem');
  const state = fs.mkdtempSync(`${root}-state`);
  const heap: Array<[number, number, number]> = [];
  let step = 0;
  const t0 = Date.now();
  srv.script((req) => {
    (srv.requests as unknown[]).length = 0;
    if (!req.body.tools) return longTaskReply(req, 0, steps);
    if (marks.has(step)) {
      gc();
      heap.push([step, process.memoryUsage().heapUsed, Date.now() - t0]);
    }
    return longTaskReply({ body: { ...req.body, messages: Array.from({ length: step++ }, () => ({ role: 'assistant' })) } }, 0, steps);
  });
  const host = await scriptedHost(srv, root, state, contextTokens);
  // Only counted, not kept: the events are the host's to render, not the agent's memory.
  let compactions = 0;
  let lastType = '';
  for await (const e of host.agent.run('load task 0: read the data files')) {
    if (e.type === 'compacted') compactions++;
    lastType = e.type;
  }
  const ms = Date.now() - t0;
  await host.close();
  await srv.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(state, { recursive: true, force: true });
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  console.log(`${steps}-step scripted task, context window ${contextTokens} tokens: ${lastType}, ${compactions} compactions, ${(ms / steps).toFixed(1)} ms/step`);
  for (const [s, h] of heap) console.log(`  step ${String(s + 1).padStart(4)}: heapUsed ${mb(h)} MB after GC`);
  const [first, last] = [heap[0], heap.at(-1)!];
  const growth = last[1] - first[1];
  console.log(`growth from step ${first[0] + 1} to ${last[0] + 1}: ${mb(growth)} MB (${(growth / 1024 / (last[0] - first[0])).toFixed(2)} KB/step)`);
}

void main();
