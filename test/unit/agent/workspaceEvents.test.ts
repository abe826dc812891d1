/**
 * What the engineer does outside the task (a revert of Forge's hunks) reaches the model before its
 * next request, as one message naming the files and hunks; a new task does not inherit notes.
 */
import { strict as assert } from 'node:assert';
import type { WorkspaceEvents } from '../../../src/core/ports';
import { call, collect, makeRig, type Rig } from './harness';

class Notes implements WorkspaceEvents {
  items: string[] = [];
  drain(): string[] {
    const out = this.items;
    this.items = [];
    return out;
  }
}

describe('agent: workspace events (reverts) reach the model', function () {
  this.timeout(60_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'a.txt': 'one\n' })));
  afterEach(() => rig.close());

  it('a note pushed while the task runs is in the very next request, once', async () => {
    const notes = new Notes();
    let n = 0;
    rig.srv.script(() => {
      if (n++ > 0) return call('finish', { summary: 'done' });
      // The engineer reverts while the model is answering.
      notes.items.push('Note from Forge: the user reverted your change set "T":\n- a.txt: hunk 1 (line 1 of Forge\'s text: "ONE") removed; the previous text is back');
      return call('read_file', { path: 'a.txt' });
    });
    await collect(rig.agent({ events: notes }).run('task'));
    const reqs = rig.srv.chatRequests;
    assert.equal(reqs.length, 2);
    const text = (r: (typeof reqs)[number]) => JSON.stringify(r.body.messages);
    assert.doesNotMatch(text(reqs[0]), /reverted your change set/);
    const last = reqs[1].body.messages.at(-1);
    assert.equal(last.role, 'user');
    assert.match(last.content, /a\.txt: hunk 1 \(line 1 of Forge's text: "ONE"\) removed/);
  });

  it('a new task starts without the notes of an earlier one', async () => {
    const notes = new Notes();
    notes.items.push('Note from Forge: stale');
    rig.srv.script([call('finish', { summary: 'done' })]);
    await collect(rig.agent({ events: notes }).run('task'));
    assert.doesNotMatch(JSON.stringify(rig.srv.chatRequests[0].body.messages), /stale/);
  });
});

describe('agent: a task does not finish quietly over undecided hunks', function () {
  this.timeout(60_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'a.txt': 'one\n' })));
  afterEach(() => rig.close());

  it('the finish summary says how many hunks are still undecided', async () => {
    const approval = {
      reviewChangeSet: async (cs: { id: string }) => ({ changeSetId: cs.id, completed: true, files: [{ path: 'a.txt', decisions: [{ hunkIndex: 0, decision: { kind: 'reject' as const }, pending: true }] }] }),
    };
    rig.srv.script([call('propose_edits', { edit: 'a.txt\n<<<<<<< SEARCH\none\n=======\nONE\n>>>>>>> REPLACE\n' }), call('finish', { summary: 'done' })]);
    const events = await collect(rig.agent({ approval }).run('task'));
    const fin = events.find((e) => e.type === 'finished') as { summary: string } | undefined;
    assert.match(fin!.summary, /^done\n\n1 proposed hunk is still undecided \(not applied\)/);
    assert.match(JSON.stringify(rig.srv.chatRequests[1].body.messages), /left undecided/);
  });
});
