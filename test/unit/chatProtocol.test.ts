import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../src/core/agent/events';
import { CONTINUE_MESSAGE } from '../../src/core/agent/prompts';
import { newTaskState } from '../../src/core/agent/taskState';
import { chatViewHtml, parseChatHostMessage, parseChatWebviewMessage, storedTranscript, toChatMessages, toolSummary } from '../../src/protocol/chat';

describe('chat protocol', () => {
  it('accepts every webview message the view posts, and rejects malformed ones with the field named', () => {
    for (const m of [
      { type: 'ready' }, { type: 'submit', text: 'do it', mode: 'new' }, { type: 'submit', text: 'more', mode: 'continue' },
      { type: 'stop' }, { type: 'newTask' }, { type: 'approve', id: 'a1', decision: 'always' }, { type: 'openReview', changeSetId: 'cs' }, { type: 'showHistory' },
    ]) assert.deepEqual(parseChatWebviewMessage(m), { ok: true, message: m });
    const empty = parseChatWebviewMessage({ type: 'submit', text: '', mode: 'new' });
    assert.equal(empty.ok, false);
    assert.match(!empty.ok ? empty.error : '', /submit.*text/);
    assert.equal(parseChatWebviewMessage({ type: 'approve', id: 'a', decision: 'sometimes' }).ok, false);
    assert.equal(parseChatWebviewMessage({ type: 'eval', code: 'x' }).ok, false);
    assert.equal(parseChatWebviewMessage(null).ok, false);
  });

  it('accepts host messages and rejects wrong field types', () => {
    assert.ok(parseChatHostMessage({ type: 'usage', totalTokens: 10, contextTokens: 5, contextWindow: 100, contextFill: 0.05 }).ok);
    assert.ok(parseChatHostMessage({ type: 'state', running: false }).ok);
    assert.equal(parseChatHostMessage({ type: 'changeSet', id: 'x', title: 't', files: 1.5, hunks: 1 }).ok, false);
    assert.equal(parseChatHostMessage({ type: 'end', kind: 'exploded', text: '' }).ok, false);
  });

  it('maps a scripted agent run to view messages, each valid under the protocol', () => {
    const events: AgentEvent[] = [
      { type: 'started', taskId: 't1', task: 'Add a flag\nwith details', resumed: false },
      { type: 'step', step: 1, maxSteps: 100 },
      { type: 'text', text: 'Reading.' },
      { type: 'reasoning', text: 'hidden' },
      { type: 'toolStarted', callId: 'c1', name: 'read_file', args: '{"path":"src/a.ts","startLine":3,"endLine":9}' },
      { type: 'toolFinished', callId: 'c1', name: 'read_file', ok: true, output: 'text', durationMs: 12 },
      { type: 'planUpdated', plan: [{ step: 'Read', status: 'done' }, { step: 'Edit', status: 'in_progress' }] },
      { type: 'changeSetProposed', changeSet: { id: 'cs1', files: [{ path: 'a.ts', action: 'update', hunks: [] } as never, { path: 'b.ts', action: 'add', hunks: [{}, {}] } as never] } },
      { type: 'changeSetReviewed', changeSetId: 'cs1', outcome: { changeSetId: 'cs1', files: [], completed: true }, acceptedHunks: 2, rejectedHunks: 1, changedFiles: ['b.ts'] },
      { type: 'commandApproval', command: 'ls', decision: 'auto', reason: 'allowlist' },
      { type: 'commandApproval', command: 'rm -rf x', decision: 'deny', reason: 'asked' },
      { type: 'usage', request: {} as never, total: { totalTokens: 1234, costUsd: 0.01 } as never, contextTokens: 1000, contextWindow: 8000, contextFill: 0.125 },
      { type: 'finished', summary: 'Done **well**' },
    ];
    const out = events.flatMap(toChatMessages);
    for (const m of out) assert.ok(parseChatHostMessage(m).ok, JSON.stringify(m));
    assert.deepEqual(out.map((m) => m.type), ['state', 'status', 'text', 'toolStarted', 'toolFinished', 'plan', 'changeSet', 'changeSetReviewed', 'notice', 'usage', 'end']);
    assert.deepEqual(out[0], { type: 'state', running: true, taskId: 't1', title: 'Add a flag' });
    assert.equal((out[3] as { summary: string }).summary, 'src/a.ts:3-9');
    assert.deepEqual(out[6], { type: 'changeSet', id: 'cs1', title: 'a.ts, b.ts', files: 2, hunks: 3 });
    assert.deepEqual(out[8], { type: 'notice', level: 'warning', text: 'Denied: rm -rf x' });
    assert.deepEqual(out[9], { type: 'usage', totalTokens: 1234, costUsd: 0.01, contextTokens: 1000, contextWindow: 8000, contextFill: 0.125 });
  });

  it('summarises tool arguments by their main field, in one bounded line', () => {
    assert.equal(toolSummary('run_command', { command: 'npm   test\n--silent' }), 'npm test --silent');
    assert.equal(toolSummary('search_text', '{"pattern":"TODO"}'), 'TODO');
    assert.equal(toolSummary('update_plan', { plan: [1, 2, 3] }), '3 steps');
    assert.equal(toolSummary('x', 'not json'), 'not json');
    assert.equal(toolSummary('x', { path: 'a'.repeat(500) }).length, 120);
  });

  it('builds the view HTML with a nonce-only CSP and escaped URIs', () => {
    // Attribute values are escaped (' as &#39;); the browser reads the CSP back as written.
    const html = chatViewHtml({ cspSource: 'vscode-resource:', nonce: 'N0nce', scriptUri: 'x/chat.js?a="b"', styleUri: 's.css', codiconUri: 'c.css' }).replace(/&#39;/g, "'");
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-N0nce'/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<script nonce="N0nce" src="x\/chat.js\?a=&quot;b&quot;"><\/script>/);
    assert.equal(html.match(/<script/g)!.length, 1);
  });
});

describe('chat protocol: a stored transcript', () => {
  it('replays the task, text, tool cards, user replies and the end, leaving out the context pack and nudges', () => {
    const st = newTaskState('t1', 'Fix the bug', 0);
    st.messages.push(
      { role: 'user', content: '<context pack: long>' },
      { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'c1', name: 'read_file', argumentsJson: '{"path":"a.ts"}', arguments: { path: 'a.ts' } }] },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: '1: x' },
      { role: 'user', content: CONTINUE_MESSAGE },
      { role: 'user', content: 'The user says: try again' },
      { role: 'assistant', content: 'Fixed.' },
      { role: 'user', content: "End review: the user reviewed this task's changes and kept all of them.\nupdate a.ts: hunk 1 kept" },
    );
    st.plan = [{ step: 'Fix', status: 'done' }];
    st.status = 'finished';
    st.summary = 'All good';
    const out = storedTranscript(st);
    for (const m of out) assert.ok(parseChatHostMessage(m).ok, JSON.stringify(m));
    assert.deepEqual(out, [
      { type: 'user', text: 'Fix the bug' },
      { type: 'text', text: 'Looking.' },
      { type: 'toolStarted', callId: 'c1', name: 'read_file', summary: 'a.ts' },
      { type: 'toolFinished', callId: 'c1', output: '1: x' },
      { type: 'user', text: 'try again' },
      { type: 'text', text: 'Fixed.' },
      { type: 'plan', items: [{ step: 'Fix', status: 'done' }] },
      { type: 'end', kind: 'finished', text: 'All good' },
    ]);
  });
});
