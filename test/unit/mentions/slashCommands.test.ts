/** Slash commands: what each message becomes; /compact summarises a stored task now, pinned context verbatim. */
import { strict as assert } from 'node:assert';
import { expandSlash, PLAN_PREFIX } from '../../../src/core/agent/slashCommands';
import { parseMentions, mentionText } from '../../../src/core/context/mentions/mention';
import { call, collect, makeRig } from '../agent/harness';

describe('slash commands', () => {
  it('expands each command; implied mentions are in the text; bad ones explain themselves', () => {
    const edit = expandSlash('/edit use a Map');
    assert.equal(edit?.kind, 'task');
    assert.deepEqual(parseMentions(edit?.kind === 'task' ? edit.text : '').map(mentionText), ['@selection']);
    const fix = expandSlash('/fix');
    assert.deepEqual(parseMentions(fix?.kind === 'task' ? fix.text : '').map(mentionText), ['@problems']);
    assert.deepEqual(expandSlash('/explain @symbol:total'), { kind: 'task', text: 'Explain @symbol:total. Answer in the chat; do not propose edits.', readOnly: true });
    assert.match((expandSlash('/test @file:src/tax.ts') as { text: string }).text, /^Write or repair tests for @file:src\/tax\.ts\./);
    assert.equal((expandSlash('/plan split the module') as { text: string }).text, `${PLAN_PREFIX}\n\nsplit the module`);
    assert.deepEqual(expandSlash('/new'), { kind: 'new', text: '' });
    assert.deepEqual(expandSlash('/new Add a flag'), { kind: 'new', text: 'Add a flag' });
    assert.deepEqual(expandSlash('/compact'), { kind: 'compact' });
    assert.match((expandSlash('/deploy now') as { message: string }).message, /^\/deploy is not a command\. Commands: \/edit, \/fix/);
    assert.match((expandSlash('/edit') as { message: string }).message, /needs text/);
    assert.equal(expandSlash('Fix /usr/bin paths'), undefined);
  });

  it('/compact summarises the stored task now; the pinned context is in the new head verbatim', async () => {
    const rig = await makeRig({ 'a.txt': 'alpha\n', 'b.txt': 'lorem ipsum dolor '.repeat(2000) });
    try {
      rig.srv.script((req) => (!req.body.tools ? { text: 'Summary: read a.txt.' } : req.body.messages.some((m: { role: string }) => m.role === 'tool') ? call('finish', { summary: 'done' }) : call('read_file', { path: 'b.txt' })));
      const pinned = { title: '@file a.txt', text: 'a.txt (1 lines):\n1| alpha' };
      const agent = rig.agent();
      const run = await collect(agent.run('Read a.txt', { mentions: [pinned], pinned: [pinned] }));
      const id = (run[0] as { taskId: string }).taskId;
      const events = await collect(rig.agent().compactNow(id));
      assert.deepEqual(events.map((e) => e.type), ['compacted']);
      const stored = await rig.storage.loadTask(id);
      const head = (stored!.state as { messages: { content: string }[] }).messages[0]!.content;
      assert.ok(head.startsWith('<pinned_state'), head.slice(0, 80));
      assert.ok(head.includes('<pinned_context>\n<mention title="@file a.txt">\na.txt (1 lines):\n1| alpha\n</mention>\n</pinned_context>'));
      assert.ok(head.includes('<summary_of_earlier_work>\nSummary: read a.txt.'));
    } finally {
      await rig.close();
    }
  });
});
