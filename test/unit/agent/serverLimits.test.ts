/**
 * The agent against a server that behaves like llama.cpp's llama-server: a small served window,
 * HTTP 400 exceed_context_size_error, HTTP 500 for invalid tool-call arguments in the history.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { repeatWarning } from '../../../src/core/agent/loopGuard';
import { promptTokens, type RecordedRequest, type ScriptedResponse } from '../../support/modelServer';
import { call, collect, lastToolMessage, makeRig, type Rig } from './harness';

const withTools = (r: Rig) => r.srv.chatRequests.filter((q) => q.body.tools);
const overflow = (n: number, nCtx: number): ScriptedResponse => ({
  fault: { kind: 'status', status: 400, body: { error: { code: 400, message: `request (${n} tokens) exceeds the available context size (${nCtx} tokens), try increasing it`, type: 'exceed_context_size_error', n_prompt_tokens: n, n_ctx: nCtx } } },
});

describe('agent against llama.cpp-like limits', function () {
  this.timeout(30_000);
  let rig: Rig;
  const files: Record<string, string> = {};
  for (let f = 0; f < 6; f++) files[`data/f${f}.txt`] = Array.from({ length: 120 }, (_, i) => `file ${f} line ${i}: ${'lorem ipsum '.repeat(4)}`).join('\n');
  beforeEach(async () => { rig = await makeRig(files); });
  afterEach(() => rig.close());

  it('an overflow mid-task: the numbers are read the right way round, and the compacted prompt is smaller than the limit', async () => {
    let nCtx = 0;
    rig.srv.script((req: RecordedRequest) => {
      if (!req.body.tools) return { text: 'Read f0..f5; nothing changed yet.' };
      const i = withTools(rig).length - 1;
      if (i < 6) return call('read_file', { path: `data/f${i}.txt` });
      if (!nCtx) {
        nCtx = Math.floor(promptTokens(req.body) * 0.6);
        rig.srv.emulateLlamaCpp({ nCtx });
        return overflow(promptTokens(req.body), nCtx);
      }
      return call('finish', { summary: 'done' });
    });
    const events = await collect(rig.agent().run('read the data files'));
    assert.deepEqual(events.at(-1), { type: 'finished', summary: 'done' });
    const compacted = events.find((e) => e.type === 'compacted');
    assert.ok(compacted && compacted.type === 'compacted' && compacted.reason === 'contextLengthError');
    assert.ok(compacted.afterTokens < compacted.beforeTokens);
    const after = withTools(rig).slice(7);
    assert.ok(after.length >= 1);
    for (const r of after) assert.ok(promptTokens(r.body) < nCtx, `sent ${promptTokens(r.body)} tokens to a ${nCtx}-token window`);
    const usage = events.filter((e) => e.type === 'usage').at(-1);
    assert.ok(usage && usage.type === 'usage' && usage.contextWindow === nCtx);
  });

  it('refused with nothing old to summarise: explains, and never sends a prompt that is not smaller', async () => {
    rig.srv.script((req) => (req.body.tools ? overflow(promptTokens(req.body), 300) : { text: 'a summary' }));
    const events = await collect(rig.agent().run('read the data files'));
    const last = events.at(-1)!;
    assert.equal(last.type, 'error');
    assert.match((last as { message: string }).message, /^The conversation does not fit the model's context window of 300 tokens: the prompt needs about \d+ tokens and there is no older history left to summarise\. Serve the model with a larger window \(llama\.cpp: -c/);
    assert.equal(withTools(rig).length, 1);
    assert.equal(events.filter((e) => e.type === 'compacted').length, 0);
  });

  it('uses the window the server serves (meta.n_ctx) and explains before sending a prompt that cannot fit', async () => {
    rig.srv.emulateLlamaCpp({ nCtx: 300 });
    rig.srv.script([call('finish', { summary: 'never' })]);
    const events = await collect(rig.agent().run('read the data files'));
    assert.match((events.at(-1) as { message: string }).message, /does not fit the model's context window of 300 tokens/);
    assert.equal(withTools(rig).length, 0);
  });

  it('the served window reaches the context bar (usage events) instead of 128,000', async () => {
    rig.srv.emulateLlamaCpp({ nCtx: 50_000 });
    rig.srv.script([call('finish', { summary: 'ok' })]);
    const events = await collect(rig.agent().run('x'));
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage');
    assert.equal(usage.contextWindow, 50_000);
  });

  it('a tool call cut off mid-JSON: the task goes on (valid arguments are sent back), and so does --resume', async () => {
    rig.srv.emulateLlamaCpp({ nCtx: 100_000 });
    const cut: ScriptedResponse = { toolCalls: [{ name: 'read_file', arguments: { path: 'data/f0.txt' } }], truncateToolArgumentsAt: 12, finishReason: 'length' };
    rig.srv.script([cut, call('finish', { summary: 'survived' })]);
    const events = await collect(rig.agent().run('read f0'));
    assert.deepEqual(events.at(-1), { type: 'finished', summary: 'survived' });
    assert.match(lastToolMessage(rig.srv.chatRequests[1].body), /cut off after 12 characters.*your arguments were: \{"path":"dat\./);

    // A task stopped right after the cut-off turn, resumed by a new agent: the stored history holds the broken text.
    rig.srv.script([cut, call('finish', { summary: 'resumed' })]);
    const first = await collect(rig.agent({}, { maxSteps: 1 }).run('read f0'));
    assert.equal(first.at(-1)!.type, 'limitReached');
    const taskId = (first[0] as { taskId: string }).taskId;
    const stored = (await rig.storage.loadTask(taskId))!.state as any;
    assert.ok(stored.messages.some((m: any) => m.toolCalls?.[0]?.argumentsJson === '{"path":"dat'), 'the transcript keeps what the model wrote');
    const resumed = await collect(rig.agent({}, { maxSteps: 1 }).resume(taskId));
    assert.deepEqual(resumed.at(-1), { type: 'finished', summary: 'resumed' });
  });

  it('twelve identical successful calls in a row draw a loop warning', async () => {
    rig.srv.script([...Array.from({ length: 12 }, () => call('read_file', { path: 'data/f1.txt' })), call('finish', { summary: 'ok' })]);
    const events = await collect(rig.agent().run('read f1'));
    const warnings = events.filter((e) => e.type === 'loopWarning');
    assert.equal(warnings.length, 1);
    assert.equal((warnings[0] as { message: string }).message, repeatWarning(12));
    assert.ok(lastToolMessage(rig.srv.chatRequests[12].body).endsWith(repeatWarning(12)));
  });

  it('forge run prints consecutive turns\' text on separate lines', async () => {
    rig.srv.script([
      // Replies cut off by the output limit (as llama-server -n does): each next turn continues.
      { text: 'Looking at f0.', finishReason: 'length' },
      { text: 'Now f1.', finishReason: 'length' },
      { text: 'All read.' },
    ]);
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-run-state-'));
    const out: string[] = [];
    const io = { cwd: rig.root, stdout: (t: string) => void out.push(t), stderr: () => undefined, readStdin: async () => '' };
    try {
      await runTask(['--endpoint', rig.srv.url, '--model', 'test-model', '--state', state, 'read'], io, { env: {} });
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
    const text = out.join('');
    assert.doesNotMatch(text, /f0\.Now|f1\.All/);
    assert.match(text, /All read\.\n/);
  });
});
