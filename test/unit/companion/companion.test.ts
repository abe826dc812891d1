/**
 * Forge's companion servers without the agents: the answer computed from per-hunk decisions, the
 * engineer typing meanwhile, tokens, and the discovery files' lifetime. The real agents drive the
 * same servers in test/peerAgents.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { WebSocket } from 'ws';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../../src/core/ports';
import { companionAnswer, proposalChangeSet } from '../../../src/core/review/companionProposal';
import { startClaudeCompanion } from '../../../src/node/companion/claudeCompanion';
import { reviewProposal, type CompanionReviewer } from '../../../src/node/companion/companionHost';
import { startGeminiCompanion } from '../../../src/node/companion/geminiCompanion';

/** The proposal's change set, which these proposals always have. */
function proposal(...args: Parameters<typeof proposalChangeSet>): ChangeSet {
  const cs = proposalChangeSet(...args);
  assert.ok(cs, 'the proposal is expressible as hunks');
  return cs;
}

const outcome = (cs: ChangeSet, ds: ReviewOutcome['files'][number]['decisions']): ReviewOutcome => ({ changeSetId: cs.id, completed: true, files: [{ path: cs.files[0].path, decisions: ds }] });

describe('companion: proposals as per-hunk reviews', () => {
  const base = 'a\nb\nc\nd\ne\nf\n';
  const proposed = 'A\nb\nc\nD\ne\nF\n';

  it('accepted, edited and rejected hunks give exactly their result; undecided hunks are not written', () => {
    const cs = proposal({ path: 'x.txt', base, proposed }, 't');
    assert.equal(cs.files[0].hunks.length, 3);
    const a = companionAnswer(cs, base, outcome(cs, [
      { hunkIndex: 0, decision: { kind: 'accept' } },
      { hunkIndex: 1, decision: { kind: 'edit', newLines: ['d!', 'd2'] } },
      { hunkIndex: 2, decision: { kind: 'reject' }, reason: 'keep f' },
    ]));
    assert.deepEqual(a, { kind: 'accepted', content: 'A\nb\nc\nd!\nd2\ne\nf\n', accepted: 1, rejected: 1, edited: 1, reasons: ['keep f'] });
    const partial = companionAnswer(cs, base, outcome(cs, [{ hunkIndex: 0, decision: { kind: 'accept' } }, { hunkIndex: 1, decision: { kind: 'accept' }, pending: true }]));
    assert.equal(partial.kind === 'accepted' && partial.content, 'A\nb\nc\nd\ne\nf\n');
  });

  it('everything rejected, or the review dismissed, is a rejection with the reasons', () => {
    const cs = proposal({ path: 'x.txt', base, proposed }, 't');
    assert.deepEqual(companionAnswer(cs, base, outcome(cs, cs.files[0].hunks.map((h) => ({ hunkIndex: h.index, decision: { kind: 'reject' as const }, reason: 'no' })))), { kind: 'rejected', reasons: ['no', 'no', 'no'] });
    assert.equal(companionAnswer(cs, base, { changeSetId: cs.id, completed: false, files: [] }).kind, 'rejected');
  });

  it('a new file, CRLF and a missing final newline keep the proposal\'s bytes', () => {
    const add = proposal({ path: 'n.txt', base: null, proposed: 'x\r\ny' }, 't');
    const a = companionAnswer(add, null, outcome(add, [{ hunkIndex: 0, decision: { kind: 'accept' } }]));
    assert.equal(a.kind === 'accepted' && a.content, 'x\r\ny');
    const cs = proposal({ path: 'x.txt', base: 'a\nb', proposed: 'a\nB\n' }, 't');
    const b = companionAnswer(cs, 'a\nb', outcome(cs, [{ hunkIndex: 0, decision: { kind: 'accept' } }]));
    assert.equal(b.kind === 'accepted' && b.content, 'a\nB\n');
  });

  const reviewer = (folder: string, decide: (cs: ChangeSet) => ReviewOutcome, during?: () => void): CompanionReviewer & { notes: string[] } => {
    const notes: string[] = [];
    return {
      notes,
      folders: () => [folder],
      currentText: async (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null),
      async review(cs) {
        during?.();
        return decide(cs);
      },
      notify: (m) => void notes.push(m),
    };
  };

  it('the engineer typing elsewhere in the file meanwhile is kept; typing where the proposal changes rejects it and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-comp-'));
    const file = path.join(dir, 'x.txt');
    fs.writeFileSync(file, base);
    const acceptAll = (cs: ChangeSet) => outcome(cs, cs.files[0].hunks.map((h) => ({ hunkIndex: h.index, decision: { kind: 'accept' as const } })));
    const elsewhere = reviewer(dir, acceptAll, () => fs.writeFileSync(file, 'a\nb\nC typed\nd\ne\nf\n'));
    const ok = await reviewProposal(elsewhere, 'Claude Code', file, proposed, new AbortController().signal);
    assert.equal(ok.kind === 'accepted' && ok.content, 'A\nb\nC typed\nD\ne\nF\n');
    fs.writeFileSync(file, base);
    const same = reviewer(dir, acceptAll, () => fs.writeFileSync(file, 'a\nb\nc\nd typed\ne\nf\n'));
    const no = await reviewProposal(same, 'Gemini CLI', file, proposed, new AbortController().signal);
    assert.equal(no.kind, 'rejected');
    assert.match(same.notes[0], /changed while Gemini CLI's proposal was under review/);
  });

  it('a proposal outside the workspace folders is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-comp-'));
    await assert.rejects(reviewProposal(reviewer(dir, () => { throw new Error('not reached'); }), 'Claude Code', '/etc/hosts', 'x', new AbortController().signal), /outside this window's workspace folders/);
  });
});

describe('companion servers: tokens and discovery files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-comp-srv-'));
  const host: CompanionReviewer = { folders: () => [dir], currentText: async () => null, review: async (cs) => ({ changeSetId: cs.id, completed: false, files: [] }), notify: () => undefined };

  it('Claude Code: a wrong or missing token, or a browser origin, is refused; the lock file holds the token and goes away on close', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-home-'));
    const c = await startClaudeCompanion({ reviewer: host, env: { HOME: home } });
    const lock = JSON.parse(fs.readFileSync(c.lockFile, 'utf8')) as { authToken: string; workspaceFolders: string[]; transport: string };
    assert.equal(lock.authToken, c.token);
    assert.deepEqual(lock.workspaceFolders, [dir]);
    assert.equal(lock.transport, 'ws');
    const attempt = (headers: Record<string, string>) => new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${c.port}`, 'mcp', { headers });
      ws.on('open', () => { ws.close(); resolve('open'); });
      ws.on('error', () => resolve('refused'));
      ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    });
    assert.match(await attempt({ 'x-claude-code-ide-authorization': 'wrong' }), /^refused/);
    assert.match(await attempt({}), /^refused/);
    assert.match(await attempt({ 'x-claude-code-ide-authorization': c.token, origin: 'http://evil.example' }), /^refused/);
    assert.equal(await attempt({ 'x-claude-code-ide-authorization': c.token }), 'open');
    await c.close();
    assert.equal(fs.existsSync(c.lockFile), false);
  });

  it('Gemini CLI: every request needs the bearer token; the discovery file names the workspace and goes away on close', async () => {
    const g = await startGeminiCompanion({ reviewer: host, pid: 4242 });
    assert.match(path.basename(g.discoveryFile), new RegExp(`^gemini-ide-server-4242-${g.port}\\.json$`));
    const d = JSON.parse(fs.readFileSync(g.discoveryFile, 'utf8')) as { authToken: string; workspacePath: string };
    assert.equal(d.authToken, g.token);
    assert.equal(d.workspacePath, dir);
    const post = (auth?: string) => new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: g.port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(auth ? { authorization: auth } : {}) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }));
    });
    assert.equal(await post(), 401);
    assert.equal(await post('Bearer nope'), 401);
    assert.equal(await post(`Bearer ${g.token}`), 200);
    await g.close();
    assert.equal(fs.existsSync(g.discoveryFile), false);
  });
});
