/**
 * Scenarios 2 and 6: a 120-step task that crosses the context budget (compaction keeps the pinned
 * state verbatim and every request under the budget), a context-length error that compacts and
 * retries once, and resuming a task from storage after a simulated restart.
 */
import { strict as assert } from 'node:assert';
import { countTokens } from '../../../src/core/context/tokens';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import { closeDanglingCalls } from '../../../src/core/agent/taskState';
import type { ChatMessage } from '../../../src/core/model/modelClient';
import type { ScriptedResponse } from '../../support/modelServer';
import { call, collect, lastToolMessage, makeRig, type Rig } from './harness';

const RULES = '# Rules\nAlways keep the changelog in CHANGELOG.md up to date.\nNever use tabs.\n';
const TASK = 'Audit every file under data/ and record in notes.md which ones mention "alpha". (task id: LH-120)';
const PLAN = { steps: [{ step: 'Read every data file', status: 'in_progress' }, { step: 'Write notes.md', status: 'pending' }] };

function dataFiles(): Record<string, string> {
  const files: Record<string, string> = { 'AGENTS.md': RULES };
  for (let i = 0; i < 20; i++) files[`data/f${i}.txt`] = Array.from({ length: 12 }, (_, j) => `record ${i}.${j} ${i % 3 === 0 ? 'alpha' : 'beta'} ${'x'.repeat(40)}`).join('\n') + '\n';
  return files;
}

async function requestTokens(body: any): Promise<number> {
  return (await countTokens(JSON.stringify(body.messages))) + (body.tools ? await countTokens(JSON.stringify(body.tools)) : 0);
}

describe('agent scenario: long horizon', function () {
  this.timeout(120_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig(dataFiles())));
  afterEach(() => rig.close());

  it('(2) 120 steps: compaction happens, pinned state survives verbatim, requests stay under the budget', async () => {
    const BUDGET = 12_000;
    let step = 0;
    let summaries = 0;
    rig.srv.script((req): ScriptedResponse => {
      if (!req.body.tools) return { text: `Summary ${++summaries}: read data files up to f${step % 20}; alpha is in f0, f3, f6, f9, f12, f15, f18.` };
      step++;
      if (step === 1) return call('update_plan', PLAN);
      if (step === 2) return call('propose_edits', { edit: 'notes.md\n```\n# Notes\n```\n' });
      if (step === 120) return call('finish', { summary: 'Audited all files.' });
      return call('read_file', { path: `data/f${step % 20}.txt` });
    });
    const summarizer = new OpenAiModelClient({ id: 'sum', label: 'Summarizer', baseUrl: rig.srv.url, model: 'summary-model', supportsTools: true }, { retry: { maxAttempts: 1 } });
    const events = await collect(rig.agent({ summarizer }, { contextTokens: BUDGET, maxSteps: 130 }).run(TASK));

    const last = events[events.length - 1];
    assert.deepEqual(last, { type: 'finished', summary: 'Audited all files.' });
    assert.equal(step, 120);
    const compactions = events.filter((e) => e.type === 'compacted');
    assert.ok(compactions.length >= 2, `compacted ${compactions.length} times`);
    assert.equal(summaries, compactions.length);
    for (const c of compactions) if (c.type === 'compacted') assert.ok(c.afterTokens < c.beforeTokens * 0.75, JSON.stringify(c));

    const agentReqs = rig.srv.chatRequests.filter((r) => r.body.tools);
    const sumReqs = rig.srv.chatRequests.filter((r) => !r.body.tools);
    assert.equal(agentReqs.length, 120);
    assert.equal(sumReqs[0].body.model, 'summary-model');
    assert.match(sumReqs[0].body.messages[1].content, /^Summarise this task history:/);
    let largest = 0;
    for (const r of rig.srv.chatRequests) largest = Math.max(largest, await requestTokens(r.body));
    assert.ok(largest < BUDGET, `largest request ${largest} tokens (budget ${BUDGET})`);
    if (process.env.FORGE_FIGURES) console.log(`compactions ${compactions.length}, largest request ${largest} tokens of ${BUDGET}, requests ${rig.srv.chatRequests.length}`);

    // After each compaction, the first user message holds the pinned state verbatim.
    let compactedReqs = 0;
    for (const r of agentReqs) {
      const head: string = r.body.messages[1].content;
      assert.equal(r.body.messages[0].role, 'system');
      if (!head.startsWith('<pinned_state')) {
        assert.match(head, /^<task>\nAudit every file/);
        continue;
      }
      compactedReqs++;
      assert.ok(head.includes(`<task>\n${TASK}\n</task>`));
      assert.ok(head.includes(`<rules file="AGENTS.md">\n${RULES.trimEnd()}\n</rules>`));
      assert.ok(head.includes('<plan>\n[~] Read every data file\n[ ] Write notes.md\n</plan>'));
      assert.ok(head.includes('<changed_files>\nnotes.md\n</changed_files>'));
      assert.ok(head.includes(`<last_user_message>\n${TASK}\n</last_user_message>`));
      assert.match(head, /<summary_of_earlier_work>\nSummary \d+: /);
      // No tool result without its call.
      assert.notEqual(r.body.messages[2].role, 'tool');
    }
    assert.ok(compactedReqs > 50);
    assert.equal(rig.read('notes.md'), '# Notes\n');
  });

  it('a context-length error from the server compacts and retries once', async () => {
    const script: ScriptedResponse[] = [call('update_plan', PLAN)];
    for (let i = 0; i < 6; i++) script.push(call('read_file', { path: `data/f${i}.txt` }));
    script.push({ fault: { kind: 'contextLength' } }, { text: 'Summary: read f0-f5.' }, call('finish', { summary: 'done' }));
    rig.srv.script(script);
    const events = await collect(rig.agent().run(TASK));
    const c = events.find((e) => e.type === 'compacted');
    assert.equal(c?.type === 'compacted' && c.reason, 'contextLengthError');
    assert.deepEqual(events[events.length - 1], { type: 'finished', summary: 'done' });
    const reqs = rig.srv.chatRequests.map((r) => r.body);
    assert.equal(reqs.length, 10);
    assert.ok(reqs[9].messages[1].content.startsWith('<pinned_state'));
    assert.ok(reqs[9].messages.length < reqs[7].messages.length);
  });

  it('a second context-length error ends the task with a clear error', async () => {
    rig.srv.script([call('read_file', { path: 'data/f1.txt' }), call('read_file', { path: 'data/f2.txt' }), { fault: { kind: 'contextLength' } }, { text: 'Summary.' }, { fault: { kind: 'contextLength' } }]);
    const events = await collect(rig.agent().run(TASK));
    const last = events[events.length - 1];
    assert.equal(last.type, 'error');
    assert.equal(last.type === 'error' && last.kind, 'contextLength');
  });

  it('(6) resumes after a simulated restart from the Storage port', async () => {
    rig.srv.script([
      call('update_plan', PLAN),
      call('propose_edits', { edit: 'notes.md\n```\n# Notes\n```\n' }),
      { toolCalls: [{ name: 'run_command', arguments: { command: 'sleep 20' } }, { name: 'read_file', arguments: { path: 'data/f0.txt' } }] },
    ]);
    const ctrl = new AbortController();
    let taskId = '';
    const events1 = await collect(rig.agent().run(TASK, { signal: ctrl.signal }), (e) => {
      if (e.type === 'started') taskId = e.taskId;
      if (e.type === 'toolStarted' && e.name === 'run_command') setTimeout(() => ctrl.abort(), 150);
    });
    assert.equal(events1[events1.length - 1].type, 'stopped');
    const before = (await rig.storage.loadTask(taskId))!.state as any;
    assert.equal(before.status, 'stopped');
    assert.equal(before.steps, 3);
    const tools = before.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    assert.match(tools[2], /was cancelled/);
    assert.equal(tools[3], 'Not run: the user stopped the task.');

    // "Restart": a new client and a new agent over the same storage and folder.
    const requestsBefore = rig.srv.chatRequests.length;
    rig.srv.script([call('read_file', { path: 'data/f0.txt' }), call('finish', { summary: 'resumed and done' })]);
    const client = new OpenAiModelClient({ id: 'test2', label: 'T', baseUrl: rig.srv.url, model: 'test-model', supportsTools: true }, { retry: { maxAttempts: 1 } });
    const events2 = await collect(rig.agent({ model: client }).resume(taskId));
    assert.deepEqual(events2[0], { type: 'started', taskId, task: TASK, resumed: true });
    assert.deepEqual(events2[events2.length - 1], { type: 'finished', summary: 'resumed and done' });
    const resumedReq = rig.srv.chatRequests[requestsBefore].body;
    const prev = rig.srv.chatRequests[requestsBefore - 1].body;
    // The resumed request continues the same transcript (append-only) with a continue message.
    assert.deepEqual(resumedReq.messages.slice(0, prev.messages.length), prev.messages);
    assert.deepEqual(resumedReq.messages[resumedReq.messages.length - 1], { role: 'user', content: 'Continue the task from where it stopped.' });
    assert.match(lastToolMessage(rig.srv.chatRequests[requestsBefore + 1].body), /^data\/f0\.txt \(12 lines\)/);
    const after = (await rig.storage.loadTask(taskId))!.state as any;
    assert.equal(after.status, 'finished');
    assert.equal(after.steps, 5);
    assert.deepEqual(after.plan, PLAN.steps);
    assert.deepEqual(after.changedFiles, ['notes.md']);
    assert.equal(after.usage.requests, 5);
  });

  it('closes tool calls left without results', () => {
    const msgs: ChatMessage[] = [
      { role: 'user', content: 't' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'a', name: 'read_file', argumentsJson: '{}' }, { id: 'b', name: 'list_dir', argumentsJson: '{}' }] },
      { role: 'tool', toolCallId: 'a', content: 'x' },
    ];
    closeDanglingCalls(msgs);
    assert.deepEqual(msgs[3], { role: 'tool', toolCallId: 'b', name: 'list_dir', content: 'Not run: the task was interrupted before this call.' });
  });
});
