/**
 * The loop over what real servers do: the text tool protocol (no native tools), truncated tool
 * arguments, a text-only reply, ask_user, and a tool result cut to the output cap.
 */
import { strict as assert } from 'node:assert';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import { call, collect, lastToolMessage, makeRig, type Rig } from './harness';

const block = (name: string, args: object) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;

describe('agent scenario: protocols and odd replies', function () {
  this.timeout(30_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'src/a.js': 'const a = 1;\n', 'huge.txt': `${'y'.repeat(300)}\n`.repeat(100) })));
  afterEach(() => rig.close());

  it('works over the text tool protocol with a server that has no native tools', async () => {
    const model = new OpenAiModelClient({ id: 'txt', label: 'Text', baseUrl: rig.srv.url, model: 'm', supportsTools: false }, { retry: { maxAttempts: 1 } });
    rig.srv.script([
      { text: `Let me look.\n${block('read_file', { path: 'src/a.js' })}` },
      { text: block('propose_edits', { edit: 'src/a.js\n<<<<<<< SEARCH\nconst a = 1;\n=======\nconst a = 2;\n>>>>>>> REPLACE\n' }) },
      { text: block('finish', { summary: 'a is 2' }) },
    ]);
    const events = await collect(rig.agent({ model }).run('set a to 2'));
    assert.deepEqual(events[events.length - 1], { type: 'finished', summary: 'a is 2' });
    assert.equal(rig.read('src/a.js'), 'const a = 2;\n');
    const second = rig.srv.chatRequests[1].body;
    assert.equal(second.tools, undefined);
    assert.match(second.messages.at(-1).content, /<tool_result id="[^"]+" name="read_file">\nsrc\/a\.js \(1 lines\)\n1\| const a = 1;/);
  });

  it('tells the model when its tool arguments were cut off', async () => {
    rig.srv.script([
      { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'src/a.js\n<<<<<<< SEARCH\nconst a = 1;\n' } }], truncateToolArgumentsAt: 20, finishReason: 'length' },
      call('finish', { summary: 'gave up' }),
    ]);
    await collect(rig.agent().run('edit'));
    const second = rig.srv.chatRequests[1].body;
    assert.match(lastToolMessage(second), /^The arguments of propose_edits are not valid JSON \(.+cut off.+\)\. The call was not run; your arguments were: \{"edit":"src\/a\.js\\n<\. Send the call again with complete JSON arguments\.$/);
    // The broken text is not sent back as arguments (servers refuse a history holding invalid JSON).
    const sent = second.messages.find((m: any) => m.tool_calls)?.tool_calls[0].function.arguments;
    assert.equal(sent, '{}');
  });

  it('a text-only reply ends the task with that text as the summary', async () => {
    rig.srv.script([{ text: 'There is nothing to change: a is already 1.' }]);
    const events = await collect(rig.agent().run('check a'));
    assert.deepEqual(events[events.length - 1], { type: 'finished', summary: 'There is nothing to change: a is already 1.' });
  });

  it('ask_user goes through the AskUser port; long tool output is capped', async () => {
    const questions: unknown[] = [];
    rig.srv.script([
      call('ask_user', { question: 'Tabs or spaces?', choices: ['tabs', 'spaces'] }),
      call('read_file', { path: 'huge.txt' }),
      call('finish', { summary: 'ok' }),
    ]);
    await collect(rig.agent({ askUser: { ask: async (q, o) => (questions.push([q, o?.choices]), 'spaces') } }, { maxToolOutputChars: 5000 }).run('format'));
    assert.deepEqual(questions, [['Tabs or spaces?', ['tabs', 'spaces']]]);
    assert.equal(lastToolMessage(rig.srv.chatRequests[1].body), 'The user answered: spaces');
    const capped = lastToolMessage(rig.srv.chatRequests[2].body);
    assert.ok(capped.length < 5200, `${capped.length}`);
    assert.match(capped, /\[\.\.\. \d+ characters cut \.\.\.\]/);
  });
});
