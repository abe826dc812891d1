/**
 * Load: 20 tasks streaming at once against one scripted model server in one process lose no
 * events (every text chunk in order, every tool call and result, the finish); and a 500-step
 * scripted task (with compaction) keeps its memory flat (a generous bound here; the figures come
 * from bench/agentMemory.ts).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { AgentEvent } from '../../src/core/agent/events';
import { startModelServer, type ModelServer } from '../support/modelServer';
import { figures } from './figures';
import { collect, dataFolder, longTaskReply, scriptedHost, stepText } from './scriptedTasks';
import { tempFolder } from './tree';

const TASKS = 20;
const STEPS = 10;

describe('reliability: load', function () {
  this.timeout(60_000);
  let srv: ModelServer;
  const dirs: string[] = [];
  beforeEach(async () => (srv = await startModelServer()));
  afterEach(async () => {
    await srv.close();
    dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it(`${TASKS} tasks streaming at once lose no events`, async () => {
    srv.script((req) => {
      const first = JSON.stringify(req.body.messages.find((m: { role: string }) => m.role === 'user'));
      const task = Number(/load task (\d+)/.exec(first)![1]);
      return longTaskReply(req, task, STEPS, 1);
    });
    const runs = Array.from({ length: TASKS }, async (_, k) => {
      const root = dataFolder(`load${k}`);
      const state = tempFolder(`load-state${k}`);
      dirs.push(root, state);
      const host = await scriptedHost(srv, root, state);
      try {
        return await collect(host.agent.run(`load task ${k}: read the data files`));
      } finally {
        await host.close();
      }
    });
    // Interleaved for real: the streams overlap in time.
    const results = await Promise.all(runs);
    results.forEach((events, k) => check(events, k));
    assert.equal(srv.chatRequests.length, TASKS * STEPS);
  });

  it('a 500-step scripted task (compacting as it goes) keeps its heap bounded', async function () {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) this.skip(); // the suite's .mocharc.json runs node with --expose-gc
    const root = dataFolder('long');
    const state = tempFolder('long-state');
    dirs.push(root, state);
    const heap: Record<number, number> = {};
    let step = 0;
    srv.script((req) => {
      // The server records every request (~60 KB each here): not the agent's memory, so not kept.
      (srv.requests as unknown[]).length = 0;
      if (!req.body.tools) return longTaskReply(req, 0, 500);
      if (step === 50 || step === 499) {
        gc!();
        heap[step] = process.memoryUsage().heapUsed;
      }
      return longTaskReply({ body: { ...req.body, messages: Array.from({ length: step++ }, () => ({ role: 'assistant' })) } }, 0, 500);
    });
    const host = await scriptedHost(srv, root, state, 16_000);
    try {
      // Counted, not kept (the events are the host's to render, not the agent's memory).
      let compactions = 0;
      let last: AgentEvent | undefined;
      for await (const e of host.agent.run('load task 0: read the data files')) {
        if (e.type === 'compacted') compactions++;
        last = e;
      }
      assert.deepEqual(last, { type: 'finished', summary: 'task 0 done' });
      assert.ok(compactions > 0, 'the history was compacted');
    } finally {
      await host.close();
    }
    const growthMb = (heap[499] - heap[50]) / 2 ** 20;
    if (process.env.FORGE_FIGURES) console.log(`heap at step 50: ${(heap[50] / 2 ** 20).toFixed(1)} MB, at 500: ${(heap[499] / 2 ** 20).toFixed(1)} MB`);
    // Flat means a few MB of noise; a leak of even 100 KB per step would be ~44 MB here.
    assert.ok(growthMb < 30, `heap grew ${growthMb.toFixed(1)} MB from step 50 to 500`);
  });
});

function check(events: AgentEvent[], k: number): void {
  const text = events.filter((e): e is Extract<AgentEvent, { type: 'text' }> => e.type === 'text').map((e) => e.text).join('');
  const want = Array.from({ length: STEPS }, (_, s) => stepText(k, s)).join('');
  assert.equal(text, want, `task ${k}: the streamed text`);
  const reads = events.filter((e) => e.type === 'toolFinished' && e.name === 'read_file' && e.ok);
  assert.equal(reads.length, STEPS - 1, `task ${k}: tool results`);
  assert.equal(events.filter((e) => e.type === 'toolStarted' && e.name === 'read_file').length, STEPS - 1);
  assert.deepEqual(events.at(-1), { type: 'finished', summary: `task ${k} done` });
  figures.eventsChecked += events.length;
}
