/**
 * Scenarios 3-5: the loop guard (a repeated failing edit), a rejection whose reason reaches the
 * model, and Stop mid-stream / mid-command leaving no partial edit.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOOP_WARNING } from '../../../src/core/agent/loopGuard';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import type { Approval, ReviewOutcome } from '../../../src/core/ports';
import { applyReviewed } from '../../../src/cli/apply/applyReviewed';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import { BUILTIN_TOOLS } from '../../../src/core/tools/index';
import { ToolRegistry } from '../../../src/core/tools/registry';
import { call, collect, lastToolMessage, makeRig, type Rig } from './harness';

const BAD_EDIT = 'src/a.js\n<<<<<<< SEARCH\nfunction computeTotal(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\n=======\nconst x = 42;\n>>>>>>> REPLACE\n';

describe('agent scenario: guards', function () {
  this.timeout(30_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'src/a.js': 'const x = 1;\nconst y = 2;\nmodule.exports = { x, y };\n' })));
  afterEach(() => rig.close());

  it('(3) warns on a repeated failing edit, then trips and stops when the user gives no guidance', async () => {
    const edit = call('propose_edits', { edit: BAD_EDIT });
    rig.srv.script([edit, edit, edit, call('finish', { summary: 'never reached' })]);
    const asked: string[] = [];
    const events = await collect(rig.agent({ askUser: { ask: async (q) => (asked.push(q), '') } }).run('Set x to 42'));
    const reqs = rig.srv.chatRequests.map((r) => r.body);
    assert.equal(reqs.length, 3, 'no request after the guard tripped');
    assert.match(lastToolMessage(reqs[1]), /could not be applied/);
    assert.ok(!lastToolMessage(reqs[1]).includes(LOOP_WARNING), 'the first failure is not a loop');
    assert.ok(lastToolMessage(reqs[2]).endsWith(LOOP_WARNING), 'the first repeat tells the model');
    assert.equal(events.filter((e) => e.type === 'loopWarning').length, 1);
    assert.ok(events.some((e) => e.type === 'stuck'));
    assert.equal(asked.length, 1);
    assert.match(asked[0], /repeated the same failing propose_edits call three times/);
    const last = events[events.length - 1];
    assert.equal(last.type, 'stopped');
    assert.equal(last.type === 'stopped' && last.reason, 'loop');
    assert.equal(rig.read('src/a.js'), 'const x = 1;\nconst y = 2;\nmodule.exports = { x, y };\n');
  });

  it('(3) continues with the user\'s guidance when the guard trips', async () => {
    const edit = call('propose_edits', { edit: BAD_EDIT });
    const good = call('propose_edits', { edit: 'src/a.js\n<<<<<<< SEARCH\nconst x = 1;\n=======\nconst x = 42;\n>>>>>>> REPLACE\n' });
    rig.srv.script([edit, edit, edit, good, call('finish', { summary: 'x is 42' })]);
    const events = await collect(rig.agent({ askUser: { ask: async () => 'there is no computeTotal; x is on line 1' } }).run('Set x to 42'));
    const reqs = rig.srv.chatRequests.map((r) => r.body);
    const lastMsg = reqs[3].messages[reqs[3].messages.length - 1];
    assert.deepEqual(lastMsg, { role: 'user', content: 'The user says: there is no computeTotal; x is on line 1' });
    assert.equal(events[events.length - 1].type, 'finished');
    assert.equal(rig.read('src/a.js'), 'const x = 42;\nconst y = 2;\nmodule.exports = { x, y };\n');
  });

  it('(4) a rejection with its reason reaches the model; only accepted hunks are written', async () => {
    const reviews: ChangeSet[] = [];
    const approval: Approval = {
      async reviewChangeSet(cs) {
        reviews.push(cs);
        const f = cs.files[0];
        const outcome: ReviewOutcome = {
          changeSetId: cs.id, completed: true,
          files: [{ path: f.path, decisions: f.hunks.map((h) => (h.oldLines[0] === 'const x = 1;'
            ? { hunkIndex: h.index, decision: { kind: 'reject' as const }, reason: 'Use a named constant, not a magic number' }
            : { hunkIndex: h.index, decision: { kind: 'accept' as const } })) }],
        };
        const w = applyReviewed(rig.root, cs, outcome);
        assert.ok(w.ok);
        return outcome;
      },
    };
    const edit = 'src/a.js\n<<<<<<< SEARCH\nconst x = 1;\n=======\nconst x = 42;\n>>>>>>> REPLACE\nsrc/a.js\n<<<<<<< SEARCH\nconst y = 2;\n=======\nconst y = 3;\n>>>>>>> REPLACE\n';
    rig.srv.script([call('propose_edits', { edit }), call('finish', { summary: 'done' })]);
    await collect(rig.agent({ approval }).run('Change x and y'));
    assert.equal(reviews.length, 1);
    assert.equal(reviews[0].files[0].hunks.length, 2);
    const msg = lastToolMessage(rig.srv.chatRequests[1].body);
    assert.match(msg, /^Some changes were rejected; only the accepted hunks were applied\./);
    assert.match(msg, /update src\/a\.js: hunk 1 rejected \(reason: Use a named constant, not a magic number\), hunk 2 accepted/);
    assert.equal(rig.read('src/a.js'), 'const x = 1;\nconst y = 3;\nmodule.exports = { x, y };\n');
  });

  it('(5) Stop mid-stream ends the task with no partial edit and a valid transcript', async () => {
    const newFile = `*** Begin Patch\n*** Add File: src/b.js\n${Array.from({ length: 40 }, (_, i) => `+line ${i}`).join('\n')}\n*** End Patch\n`;
    rig.srv.script([{ text: 'Creating b.js now.', textChunkSize: 4, toolCalls: [{ name: 'propose_edits', arguments: { edit: newFile } }], argumentPieces: 30, chunkDelayMs: 40 }]);
    const ctrl = new AbortController();
    let reviewed = 0;
    const approval: Approval = { reviewChangeSet: async (cs) => (reviewed++, { changeSetId: cs.id, files: [], completed: true }) };
    const t0 = Date.now();
    let stoppedAt = 0;
    const events = await collect(rig.agent({ approval }).run('Add b.js', { signal: ctrl.signal }), (e) => {
      if (e.type === 'text' && !ctrl.signal.aborted) {
        ctrl.abort();
        stoppedAt = Date.now();
      }
    });
    const last = events[events.length - 1];
    assert.equal(last.type, 'stopped');
    assert.equal(last.type === 'stopped' && last.reason, 'cancelled');
    assert.ok(Date.now() - stoppedAt < 1000, `stopped ${Date.now() - stoppedAt} ms after the abort`);
    assert.ok(Date.now() - t0 < 1000 + (stoppedAt - t0));
    assert.equal(reviewed, 0);
    assert.ok(!events.some((e) => e.type === 'toolStarted' || e.type === 'changeSetProposed'));
    assert.ok(!fs.existsSync(path.join(rig.root, 'src/b.js')));
    assert.deepEqual(fs.readdirSync(path.join(rig.root, 'src')), ['a.js'], 'no temporary files');
    const saved = (await rig.storage.loadTask((await rig.storage.listTasks())[0].id))!.state as any;
    assert.equal(saved.status, 'stopped');
    assert.ok(!saved.messages.some((m: any) => m.role === 'assistant'), 'the partial turn is not in the transcript');
  });

  it('(5) breaking out of the event loop stops the agent too', async () => {
    rig.srv.script([call('run_command', { command: 'sleep 30' }), call('finish', { summary: 'never' })]);
    const approval: Approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, files: [], completed: false }), approveCommand: async () => 'once' };
    const t0 = Date.now();
    let id = '';
    for await (const e of rig.agent({ approval }).run('wait')) {
      if (e.type === 'started') id = e.taskId;
      if (e.type === 'toolStarted') break;
    }
    for (let i = 0; i < 50 && ((await rig.storage.loadTask(id))?.state as any)?.status !== 'stopped'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(((await rig.storage.loadTask(id))!.state as any).status, 'stopped');
    assert.ok(Date.now() - t0 < 6000);
    assert.equal(rig.srv.chatRequests.length, 1);
  });

  it('(5) Stop during a running command kills it and records the call as interrupted', async () => {
    rig.srv.script([call('run_command', { command: 'sleep 30' })]);
    const ctrl = new AbortController();
    const t0 = Date.now();
    const approval: Approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, files: [], completed: false }), approveCommand: async () => 'once' };
    const events = await collect(rig.agent({ approval }).run('wait', { signal: ctrl.signal }), (e) => {
      if (e.type === 'toolStarted') setTimeout(() => ctrl.abort(), 200);
    });
    assert.ok(Date.now() - t0 < 5000);
    const finished = events.find((e) => e.type === 'toolFinished');
    assert.match(finished?.type === 'toolFinished' ? finished.output : '', /was cancelled/);
    assert.equal(events[events.length - 1].type, 'stopped');
  });
});

describe('agent scenario: budgets and approvals', function () {
  this.timeout(30_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'a.txt': 'a\n' })));
  afterEach(() => rig.close());

  it('stops with a clear final state when the step budget is used up, and resume gets more steps', async () => {
    rig.srv.script([call('read_file', { path: 'a.txt' }), call('read_file', { path: 'a.txt' }), call('finish', { summary: 'late' })]);
    let id = '';
    const events = await collect(rig.agent({}, { maxSteps: 2 }).run('read twice', {}), (e) => {
      if (e.type === 'started') id = e.taskId;
    });
    const last = events[events.length - 1];
    assert.deepEqual(last, { type: 'limitReached', limit: 'steps', message: 'Stopped after 2 steps (the step budget). The task can be continued.' });
    assert.equal(rig.srv.chatRequests.length, 2);
    assert.equal(((await rig.storage.loadTask(id))!.state as any).status, 'limit');
    const again = await collect(rig.agent({}, { maxSteps: 2 }).resume(id, { extraSteps: 1 }));
    assert.deepEqual(again.find((e) => e.type === 'step'), { type: 'step', step: 3, maxSteps: 3 });
    assert.deepEqual(again[again.length - 1], { type: 'finished', summary: 'late' });
    assert.equal(((await rig.storage.loadTask(id))!.state as any).steps, 3);
  });

  it('retry resends the unanswered request as it was (after a Stop)', async () => {
    rig.srv.script([call('read_file', { path: 'a.txt' }), { fault: { kind: 'stallBeforeFirstByte', ms: 30_000 } }, call('finish', { summary: 'ok' })]);
    const ctrl = new AbortController();
    let id = '';
    await collect(rig.agent({}).run('read a', { signal: ctrl.signal }), (e) => {
      if (e.type === 'started') id = e.taskId;
      if (e.type === 'toolFinished') setTimeout(() => ctrl.abort(), 300);
    });
    assert.equal(rig.srv.chatRequests.length, 2);
    const stalled = rig.srv.chatRequests[1].body.messages;
    const again = await collect(rig.agent({}).resume(id, { retry: true }));
    assert.deepEqual(again[again.length - 1], { type: 'finished', summary: 'ok' });
    assert.deepEqual(rig.srv.chatRequests[2].body.messages, stalled, 'the same request, nothing added');
  });

  it('stops at the cost budget (prices from the profile)', async () => {
    const model = new OpenAiModelClient({ id: 'p', label: 'Priced', baseUrl: rig.srv.url, model: 'm', supportsTools: true, pricing: { inputPerMillion: 1000, outputPerMillion: 1000 } }, { retry: { maxAttempts: 1 } });
    const usage = { prompt_tokens: 1000, completion_tokens: 0 };
    rig.srv.script([{ ...call('read_file', { path: 'a.txt' }), usage }, { ...call('read_file', { path: 'a.txt' }), usage }, { ...call('finish', { summary: 'x' }), usage }]);
    const events = await collect(rig.agent({ model }, { maxCostUsd: 1.5 }).run('spend'));
    const u = events.filter((e) => e.type === 'usage');
    assert.equal(u.length, 2);
    assert.equal(u[1].type === 'usage' && u[1].total.costUsd, 2);
    assert.deepEqual(events[events.length - 1], { type: 'limitReached', limit: 'cost', message: 'Stopped at $2.0000 (the cost budget is $1.5). The task can be continued.' });
  });

  it('asks before commands off the allowlist; "always" covers the same command line later', async () => {
    const asked: string[] = [];
    const approval: Approval = {
      reviewChangeSet: async (cs) => ({ changeSetId: cs.id, files: [], completed: false }),
      approveCommand: async (cmd, info) => (asked.push(`${cmd} | ${info.reason}`), cmd.startsWith('touch') ? 'always' : 'deny'),
    };
    rig.srv.script([
      call('run_command', { command: 'touch made.txt' }), call('run_command', { command: 'touch made.txt' }),
      call('run_command', { command: 'rm a.txt' }), call('run_command', { command: 'ls' }), call('finish', { summary: 'ok' }),
    ]);
    const events = await collect(rig.agent({ approval }).run('commands'));
    assert.deepEqual(asked, ['touch made.txt | `touch made.txt` is not on the allowlist.', 'rm a.txt | `rm a.txt` is not on the allowlist.']);
    assert.deepEqual(events.filter((e) => e.type === 'commandApproval').map((e) => e.type === 'commandApproval' && e.decision), ['always', 'auto', 'deny', 'auto']);
    assert.ok(fs.existsSync(path.join(rig.root, 'made.txt')));
    assert.ok(fs.existsSync(path.join(rig.root, 'a.txt')));
    assert.match(lastToolMessage(rig.srv.chatRequests[3].body), /The user declined to run `rm a\.txt`/);
  });
});

describe('agent scenario: tool approvals across a resume', function () {
  this.timeout(30_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'a.txt': 'a\n' })));
  afterEach(() => rig.close());

  it('"Always for this tool" is saved with the task, so a resumed task does not ask again', async () => {
    const asked: string[] = [];
    const approval: Approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, files: [], completed: true }), approveTool: async (name) => (asked.push(name), 'always') };
    const tools = () => new ToolRegistry(BUILTIN_TOOLS, { autoApproveReadOnlyTools: false });
    rig.srv.script([call('list_dir', { path: '' }), call('finish', { summary: 'listed' })]);
    const events = await collect(rig.agent({ approval, tools: tools() }).run('List the files'));
    assert.deepEqual(asked, ['list_dir']);
    const taskId = (events[0] as { taskId: string }).taskId;
    rig.srv.script([call('list_dir', { path: '' }), call('finish', { summary: 'listed again' })]);
    await collect(rig.agent({ approval, tools: tools() }).resume(taskId, { message: 'again' }));
    assert.deepEqual(asked, ['list_dir'], 'not asked again after the resume');
    assert.match(lastToolMessage(rig.srv.chatRequests.at(-1)!.body), /a\.txt/);
  });
});
