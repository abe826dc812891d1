/** The text tool protocol: formatting and parsing round-trip, streaming splits, and the fallback end to end. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import type { ChatMessage, ToolCall, ToolDefinition } from '../../../src/core/model/modelClient';
import {
  TextToolCallParser, describeToolsForPrompt, formatToolCall, parseToolCallBlock, toTextProtocolMessages,
} from '../../../src/core/model/textToolProtocol';
import { clientFor, collect, failure, textOf, user } from './support';

const tools: ToolDefinition[] = [
  { name: 'read_file', description: 'Read a file from the workspace.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'search', description: 'Search the workspace.', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
];

function parseAll(text: string, splits: number[]): { text: string; calls: ToolCall[] } {
  const p = new TextToolCallParser();
  let out = '';
  const calls: ToolCall[] = [];
  let at = 0;
  for (const cut of [...splits, text.length]) {
    const r = p.push(text.slice(at, cut));
    out += r.text;
    calls.push(...r.calls);
    at = cut;
  }
  const r = p.end();
  return { text: out + r.text, calls: [...calls, ...r.calls] };
}

describe('text tool protocol', () => {
  it('describes every tool with its schema and the exact block format', () => {
    const prompt = describeToolsForPrompt(tools);
    assert.match(prompt, /<tool_call>\n\{"name": "tool_name", "arguments": \{"arg": "value"\}\}\n<\/tool_call>/);
    for (const t of tools) {
      assert.ok(prompt.includes(`### ${t.name}\n${t.description}`));
      assert.ok(prompt.includes(JSON.stringify(t.parameters)));
    }
  });

  it('round-trips calls through format and a parse split at every position', () => {
    const calls = [
      { name: 'read_file', argumentsJson: JSON.stringify({ path: 'src/<tool_call>.ts' }) },
      { name: 'search', argumentsJson: JSON.stringify({ query: 'a "b" \\ c\n</tool_result>' }) },
    ];
    const reply = `I will look.\n${calls.map(formatToolCall).join('\n')}`;
    for (let cut = 0; cut <= reply.length; cut++) {
      const r = parseAll(reply, [cut]);
      assert.equal(r.text, 'I will look.\n\n', `cut at ${cut}`);
      assert.deepEqual(r.calls.map((c) => [c.id, c.name, c.argumentsJson]), [['tc_1', calls[0].name, calls[0].argumentsJson], ['tc_2', calls[1].name, calls[1].argumentsJson]]);
    }
  });

  it('round-trips arbitrary calls and text under arbitrary chunking (property)', () => {
    const call = fc.record({ name: fc.stringMatching(/^[a-z_]{1,12}$/), args: fc.dictionary(fc.string(), fc.jsonValue()) });
    const safeText = fc.string().filter((s) => !s.includes('<tool_call>'));
    fc.assert(fc.property(safeText, fc.array(call, { maxLength: 4 }), fc.array(fc.nat(400), { maxLength: 6 }), (before, cs, cuts) => {
      const reply = before + cs.map((c) => formatToolCall({ name: c.name, argumentsJson: JSON.stringify(c.args) })).join('');
      const r = parseAll(reply, [...new Set(cuts.map((c) => Math.min(c, reply.length)))].sort((a, b) => a - b));
      assert.equal(r.text, before);
      assert.deepEqual(r.calls.map((c) => [c.name, c.arguments]), cs.map((c) => [c.name, JSON.parse(JSON.stringify(c.args))]));
    }), { numRuns: 100 });
  });

  it('is lenient with what small models write: fences, "parameters", string arguments, a missing close tag', () => {
    assert.deepEqual(parseToolCallBlock('```json\n{"name":"a","parameters":{"x":1}}\n```', 'i')?.arguments, { x: 1 });
    assert.deepEqual(parseToolCallBlock('{"name":"a","arguments":"{\\"x\\":2}"}', 'i')?.arguments, { x: 2 });
    const r = parseAll('ok <tool_call>{"name":"read_file","arguments":{"path":"a"}}', []);
    assert.deepEqual(r.calls.map((c) => c.arguments), [{ path: 'a' }]);
    const bad = parseAll('<tool_call>{"name":"read_file","arguments":{"path":</tool_call>', []);
    assert.equal(bad.calls[0].name, 'read_file');
    assert.match(bad.calls[0].argumentsError!, /not valid JSON/);
    assert.equal(parseAll('<tool_call>just words</tool_call>', []).text, '<tool_call>just words</tool_call>');
  });

  it('rewrites a conversation: protocol in the system prompt, calls as blocks, results as user messages', () => {
    const history: ChatMessage[] = [
      { role: 'system', content: 'You are Forge.' },
      { role: 'user', content: 'read a and b' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'read_file', argumentsJson: '{"path":"a"}' }, { id: 'c2', name: 'read_file', argumentsJson: '{"path":"b"}' }] },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'A' },
      { role: 'tool', toolCallId: 'c2', name: 'read_file', content: 'B' },
    ];
    const out = toTextProtocolMessages(history, tools);
    assert.equal(out.length, 4);
    assert.ok(out[0].role === 'system' && out[0].content.startsWith('You are Forge.\n\n# Tools'));
    assert.equal(out[2].content, '<tool_call>\n{"name":"read_file","arguments":{"path":"a"}}\n</tool_call>\n<tool_call>\n{"name":"read_file","arguments":{"path":"b"}}\n</tool_call>');
    assert.equal(out[3].content, '<tool_result id="c1" name="read_file">\nA\n</tool_result>\n<tool_result id="c2" name="read_file">\nB\n</tool_result>');
    // The assistant's own text parses back to the same calls.
    assert.deepEqual(parseAll(out[2].content as string, []).calls.map((c) => c.argumentsJson), ['{"path":"a"}', '{"path":"b"}']);
  });

  describe('fallback through the client', () => {
    let srv: ModelServer;
    beforeEach(async () => { srv = await startModelServer(); });
    afterEach(() => srv.close());

    const reply = 'Let me read it.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "src/main.ts"}}\n</tool_call>';

    it('when the server rejects tools, retries at once with the text protocol and parses the calls back', async () => {
      srv.script([{ fault: { kind: 'toolsRejected' } }, { text: reply, textChunkSize: 5 }, { text: 'done' }]);
      const client = clientFor(srv);
      const events = await collect(client.chat({ messages: [{ role: 'system', content: 'sys' }, ...user('read main')], tools }));
      assert.equal(srv.chatRequests.length, 2);
      const second = srv.chatRequests[1].body;
      assert.equal(second.tools, undefined);
      assert.match(second.messages[0].content, /^sys\n\n# Tools[\s\S]*### read_file/);
      assert.equal(textOf(events), 'Let me read it.\n');
      const calls = events.flatMap((e) => (e.type === 'toolCall' ? [e.call] : []));
      assert.deepEqual(calls.map((c) => [c.name, c.arguments]), [['read_file', { path: 'src/main.ts' }]]);
      assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'tool_calls', toolProtocol: 'text' });
      // The client remembers: the next turn goes straight to the text protocol.
      assert.equal(client.usesTextTools, true);
      await collect(client.chat({ messages: user('again'), tools }));
      assert.equal(srv.chatRequests[2].body.tools, undefined);
    });

    it('supportsTools: false uses the text protocol from the first request', async () => {
      srv.script([{ text: reply }]);
      const events = await collect(clientFor(srv, { supportsTools: false }).chat({ messages: user('x'), tools }));
      assert.equal(srv.chatRequests.length, 1);
      assert.equal(srv.chatRequests[0].body.tools, undefined);
      assert.equal(srv.chatRequests[0].body.messages[0].role, 'system');
      assert.equal(events.filter((e) => e.type === 'toolCall').length, 1);
    });

    it('supportsTools: true does not fall back; the rejection is reported with the settings fix', async () => {
      srv.script([{ fault: { kind: 'toolsRejected' } }]);
      const { error } = await failure(clientFor(srv, { supportsTools: true }).chat({ messages: user('x'), tools }));
      assert.equal(error.kind, 'toolsUnsupported');
      assert.equal(error.fix, 'openSettings');
      assert.equal(srv.chatRequests.length, 1);
    });
  });
});
