/**
 * Model faults in every phase of a task, from the scripted model server through the real `openai`
 * SDK and the agent wired as `forge run` wires it (buildAgentHost): the task ends with one clear
 * message within the configured timeouts, nothing of a cut change set reaches the disk, the task is
 * saved, and resuming it (once the server is healthy) finishes the work.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/core/agent/events';
import { buildAgentHost } from '../../src/cli/run/agentHost';
import { ConsoleApproval } from '../../src/cli/run/consoleApproval';
import { runTask } from '../../src/cli/run/runTaskCommand';
import type { EndpointProfile } from '../../src/core/model/endpointProfile';
import { startModelServer, type ModelServer, type ScriptedResponse } from '../support/modelServer';
import { injected } from './figures';
import { assertClearMessage, assertTree, tempFolder } from './tree';

const call = (name: string, args: Record<string, unknown>, extra: Partial<ScriptedResponse> = {}): ScriptedResponse => ({ toolCalls: [{ name, arguments: args }], ...extra });
const FILES = { 'a.txt': 'alpha\n', 'src/b.txt': 'beta\n' };
const EDIT = '*** Begin Patch\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** Update File: src/b.txt\n@@\n-beta\n+BETA\n*** Add File: c.txt\n+gamma\n*** End Patch\n';
const DONE = { 'a.txt': 'ALPHA\n', 'src/b.txt': 'BETA\n', 'c.txt': 'gamma\n' };
const TIMEOUT_MS = 800;
/**
 * Two attempts, each cut by the timeout at worst, plus a short backoff and the agent's own work,
 * with room for a loaded machine: still far below the 60 s the stalls last.
 */
const BOUND_MS = 2 * TIMEOUT_MS + 12_000;
const STALL = 60_000;
const proposal = (extra: Partial<ScriptedResponse>) => call('propose_edits', { edit: EDIT }, { argumentPieces: 6, ...extra });

interface Phase {
  name: string;
  /** Good replies before the fault (earlier steps). */
  before: ScriptedResponse[];
  fault: ScriptedResponse;
}

const PHASES: Phase[] = [
  { name: 'a reset before the first byte', before: [], fault: { fault: { kind: 'resetBeforeResponse' } } },
  { name: 'a stall before the first byte, past the timeout', before: [], fault: { fault: { kind: 'stallBeforeFirstByte', ms: STALL } } },
  { name: 'HTTP 503 on every attempt', before: [], fault: { fault: { kind: 'serverError', status: 503 } } },
  { name: 'a reset mid text', before: [], fault: { text: 'Let me look at the files first. '.repeat(8), fault: { kind: 'resetMidStream', afterChunks: 5 } } },
  { name: 'a stall mid text, past the timeout', before: [], fault: { text: 'Thinking about it. '.repeat(8), fault: { kind: 'stallMidStream', afterChunks: 4, ms: STALL } } },
  { name: 'a reset mid tool-call arguments', before: [], fault: call('read_file', { path: 'a.txt' }, { argumentPieces: 4, fault: { kind: 'resetMidToolArguments' } }) },
  { name: 'a reset between steps', before: [call('read_file', { path: 'a.txt' })], fault: { fault: { kind: 'resetBeforeResponse' } } },
  { name: 'a stall between steps, past the timeout', before: [call('read_file', { path: 'a.txt' })], fault: { fault: { kind: 'stallBeforeFirstByte', ms: STALL } } },
  { name: 'a reset during a propose_edits turn', before: [call('read_file', { path: 'a.txt' })], fault: proposal({ fault: { kind: 'resetMidToolArguments' } }) },
  { name: 'a stall during a propose_edits turn, past the timeout', before: [], fault: proposal({ fault: { kind: 'stallMidToolArguments', ms: STALL } }) },
  { name: 'malformed JSON during a propose_edits turn', before: [], fault: proposal({ fault: { kind: 'malformedJson', atChunk: 4 } }) },
  { name: 'an in-stream error event during a propose_edits turn', before: [], fault: proposal({ fault: { kind: 'errorEvent', atChunk: 4, message: 'upstream provider failed' } }) },
];

function profile(srv: ModelServer): EndpointProfile {
  return { id: 'rel', label: 'rel', baseUrl: srv.url, model: 'm', supportsTools: true } as EndpointProfile;
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('reliability: model faults in every phase of a task', function () {
  this.timeout(30_000);
  let srv: ModelServer;
  let root: string;
  let state: string;
  beforeEach(async () => {
    srv = await startModelServer();
    root = tempFolder('model', FILES);
    state = tempFolder('state');
  });
  afterEach(async () => {
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });

  for (const phase of PHASES) {
    it(`${phase.name}: one clear message in time, nothing half written, the task resumes`, async () => {
      const survived = injected();
      const queue = [...phase.before];
      srv.script(() => queue.shift() ?? phase.fault);
      const host = await buildAgentHost({
        root, profile: profile(srv), stateDir: state, sandbox: { mode: 'off' },
        approval: (r) => new ConsoleApproval({ root: r, yes: true, out: () => undefined }),
        clientOptions: { retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 }, firstByteTimeoutMs: TIMEOUT_MS, idleTimeoutMs: TIMEOUT_MS },
      });
      try {
        const t0 = Date.now();
        const events = await collect(host.agent.run('Capitalise a and b, add c'));
        const elapsed = Date.now() - t0;
        const last = events.at(-1)!;
        assert.equal(last.type, 'error', JSON.stringify(events.slice(-3)));
        assertClearMessage((last as { message: string }).message);
        assert.ok(elapsed < BOUND_MS, `ended after ${elapsed} ms (bound ${BOUND_MS} ms)`);
        assertTree(root, FILES, 'after the fault:');
        const id = (events[0] as { taskId: string }).taskId;
        assert.ok(await host.storage.loadTask(id), 'the task was saved');

        srv.script([call('propose_edits', { edit: EDIT }), call('finish', { summary: 'done' })]);
        const resumed = await collect(host.agent.resume(id));
        assert.equal(resumed.at(-1)!.type, 'finished', JSON.stringify(resumed.at(-1)));
        assertTree(root, DONE, 'after the resume:');
        survived();
      } finally {
        await host.close();
      }
    });
  }

  it('forge run: a failing endpoint ends with "Error: ..." and exit 1; forge run --resume finishes the task', async () => {
    const survived = injected();
    srv.script(() => ({ fault: { kind: 'resetBeforeResponse' } }));
    const out: string[] = [];
    const io = { cwd: root, stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), readStdin: async () => '' };
    const args = ['--endpoint', srv.url, '--model', 'm', '--yes', '--sandbox', 'off', '--state', state];
    const code = await runTask([...args, 'Capitalise a and b, add c'], io, { env: {} });
    const text = out.join('');
    assert.equal(code, 1, text);
    const error = /\nError: (.+)\n/.exec(text);
    assert.ok(error, text);
    assertClearMessage(error[1]);
    assertTree(root, FILES);
    const id = /Task (\S+)/.exec(text)![1];
    srv.script([call('propose_edits', { edit: EDIT }), call('finish', { summary: 'done' })]);
    out.length = 0;
    assert.equal(await runTask([...args, '--resume', id], io, { env: {} }), 0, out.join(''));
    assert.match(out.join(''), new RegExp(`Resuming ${id}[\\s\\S]*Done: done`));
    assertTree(root, DONE);
    assert.ok(!fs.existsSync(path.join(root, '.forge')), 'no journal left');
    survived();
  });
});
