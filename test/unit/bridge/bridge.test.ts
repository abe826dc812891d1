import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import type { ReviewOutcome } from '../../../src/core/ports';
import { runCli } from '../../../src/cli/commands';
import { callBridge } from '../../../src/node/bridge/bridgeClient';
import { bridgeDir, findWindow } from '../../../src/node/bridge/bridgeDiscovery';
import type { ProposeParams, ProposeResult } from '../../../src/node/bridge/bridgeProtocol';
import { startBridgeServer, type BridgeServer } from '../../../src/node/bridge/bridgeServer';
import { proposeResult } from '../../../src/node/bridge/proposeVerdicts';

const BASE = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n';
const PATCH = `--- a/n.txt
+++ b/n.txt
@@ -1,3 +1,3 @@
-one
+ONE
 two
 three
@@ -10,3 +10,3 @@
 ten
-eleven
+ELEVEN
 twelve
`;

/** A reviewer that accepts the first hunk and rejects the others with a reason, on the real edit engine. */
async function reviewLikeAPerson(p: unknown): Promise<ProposeResult> {
  const parsed = parseEdit((p as ProposeParams).edit, { format: 'auto' });
  const built = buildChangeSet(parsed, new Map([['n.txt', BASE]]), { id: 'cs1', title: 't' });
  if (!built.ok) throw new Error(`does not apply: ${built.refusals[0]!.reason}`);
  const outcome: ReviewOutcome = {
    changeSetId: 'cs1',
    completed: true,
    files: built.changeSet.files.map((f) => ({
      path: f.path,
      decisions: f.hunks.map((h) => (h.index === 0 ? { hunkIndex: 0, decision: { kind: 'accept' as const } } : { hunkIndex: h.index, decision: { kind: 'reject' as const }, reason: 'keep it lower case' })),
    })),
  };
  return proposeResult(built.changeSet, outcome);
}

function rawRequest(socket: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(socket, () => c.write(line + '\n'));
    let buf = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => {
      buf += d;
      if (buf.includes('\n')) c.end();
    });
    c.on('close', () => resolve(buf));
    c.on('error', reject);
    setTimeout(() => c.end(), 2000);
  });
}

describe('the bridge between a Forge window and forge review / forge mcp', () => {
  let runtime: string;
  let workspace: string;
  let server: BridgeServer;
  const env = () => ({ ...process.env, XDG_RUNTIME_DIR: runtime, FORGE_BRIDGE: '' });

  beforeEach(async () => {
    runtime = realpathSync(mkdtempSync(join(tmpdir(), 'forge-rt-')));
    workspace = realpathSync(mkdtempSync(join(tmpdir(), 'forge-ws-')));
    writeFileSync(join(workspace, 'n.txt'), BASE);
    server = await startBridgeServer({ folders: [workspace], handlers: { proposeChanges: reviewLikeAPerson }, dir: bridgeDir(env()) });
  });
  afterEach(async () => {
    await server.dispose();
    rmSync(runtime, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  it('refuses a request without the token, or with another one, and answers the right one', async () => {
    const none = await rawRequest(server.socket, JSON.stringify({ id: 1, token: '', method: 'ping' }));
    assert.match(none, /refused: this request does not carry the token/);
    const wrong = await rawRequest(server.socket, JSON.stringify({ id: 2, token: 'f'.repeat(64), method: 'ping' }));
    assert.match(wrong, /refused/);
    assert.match(await rawRequest(server.socket, 'not json'), /not JSON/);
    assert.deepEqual(await callBridge(server, 'ping', {}), { pong: true, pid: process.pid });
    await assert.rejects(callBridge({ socket: server.socket, token: 'x'.repeat(64) }, 'ping', {}), /refused/);
  });

  it('keeps its socket and discovery file private and removes them when the window stops', async () => {
    assert.equal(statSync(server.discoveryFile).mode & 0o777, 0o600);
    assert.equal(statSync(bridgeDir(env())).mode & 0o777, 0o700);
    assert.equal(statSync(server.socket).mode & 0o077, 0);
    await server.dispose();
    assert.equal(existsSync(server.discoveryFile), false);
    assert.equal(existsSync(server.socket), false);
    server = await startBridgeServer({ folders: [workspace], handlers: {}, dir: bridgeDir(env()) });
  });

  it('finds the window whose folder holds the working folder, and says what to do when none does', () => {
    mkdirSync(join(workspace, 'sub'));
    const w = findWindow(join(workspace, 'sub'), env());
    assert.ok(!('error' in w) && w.socket === server.socket);
    const none = findWindow(tmpdir(), env());
    assert.ok('error' in none && /No VS Code window with Forge has .* open/.test(none.error));
    chmodSync(server.discoveryFile, 0o644);
    assert.ok('error' in findWindow(workspace, env()), 'a discovery file others can read is not trusted');
  });

  it('forge review sends the edit, prints the decisions and exits 1 when a hunk was rejected', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const prev = process.env.XDG_RUNTIME_DIR;
    process.env.XDG_RUNTIME_DIR = runtime;
    try {
      const io = { cwd: workspace, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => PATCH };
      const code = await runCli(['review', '--json', '--agent', 'a git hook', '-'], io);
      assert.equal(code, 1, err.join(''));
      const result = JSON.parse(out.join('')) as ProposeResult;
      assert.deepEqual(result.files[0]!.hunks.map((h) => [h.decision, h.reason ?? null]), [['accepted', null], ['rejected', 'keep it lower case']]);
      const bad = await runCli(['review', '-'], { ...io, readStdin: async () => '--- a/n.txt\n+++ b/n.txt\n@@ -1 +1 @@\n-nope\n+NOPE\n' });
      assert.equal(bad, 1);
      assert.match(err.join(''), /does not apply/);
      assert.equal(await runCli(['review', '-'], { ...io, cwd: tmpdir() }), 2, 'no window for this folder is a usage error');
    } finally {
      if (prev === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = prev;
    }
  });

  it('forge mcp lists its tools without a window and routes propose_changes to the window', async function () {
    this.timeout(60_000);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', pathToFileURL(require.resolve('tsx')).href, join(__dirname, '../../../src/cli/main.ts'), 'mcp'],
      cwd: workspace,
      env: env() as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(tools, ['get_diagnostics', 'get_selection', 'open_file', 'propose_changes']);
      const answer = (await client.callTool({ name: 'propose_changes', arguments: { edit: PATCH, agent: 'Claude Code' } })) as { content: { text: string }[]; isError?: boolean };
      assert.ok(!answer.isError, answer.content[0]!.text);
      assert.match(answer.content[0]!.text, /n\.txt: 1 accepted, 1 rejected \(keep it lower case\)/);
      await server.dispose();
      const gone = (await client.callTool({ name: 'propose_changes', arguments: { edit: PATCH } })) as { content: { text: string }[]; isError?: boolean };
      assert.equal(gone.isError, true);
      assert.match(gone.content[0]!.text, /No VS Code window with Forge has/);
      server = await startBridgeServer({ folders: [workspace], handlers: {}, dir: bridgeDir(env()) });
    } finally {
      await client.close();
    }
  });
});
