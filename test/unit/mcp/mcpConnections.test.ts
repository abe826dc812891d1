/** Real MCP servers (the SDK's McpServer) over stdio (a child process) and streamable HTTP, through McpConnections. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpConnections } from '../../../src/node/mcp/mcpConnections';
import { McpPool } from '../../../src/node/mcp/mcpPool';
import { startHttpMcpServer, type HttpMcpServer } from '../../support/mcpServer';
import { httpServer, stdioServer } from './mcpSupport';

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('MCP connections (real servers over stdio and HTTP)', function () {
  this.timeout(30_000);
  let web: HttpMcpServer;
  let conns: McpConnections;
  let notesFile: string;
  const warned: string[] = [];

  before(async () => {
    notesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-mcp-')), 'notes.txt');
    web = await startHttpMcpServer({ pageSize: 4 });
    const refused = await freePort();
    conns = await McpConnections.connect([
      stdioServer('local files', { env: { MCP_NOTES_FILE: notesFile, MCP_PAGE_SIZE: '2' } }),
      httpServer('web', web.url),
      stdioServer('missing', { command: 'forge-no-such-mcp-server', args: [] }),
      stdioServer('crashes', { args: ['-e', 'process.stderr.write("boom: no config\\n"); process.exit(3)'] }),
      httpServer('refused', `http://127.0.0.1:${refused}/mcp`),
      stdioServer('off', { command: 'forge-no-such-mcp-server', disabled: true }),
    ], { connectTimeoutMs: 15_000, log: { info: () => undefined, warn: (m) => warned.push(m), error: (m) => warned.push(m) } });
  });
  after(async () => {
    await conns?.close();
    await web?.close();
    fs.rmSync(path.dirname(notesFile), { recursive: true, force: true });
  });

  it('dead servers give one warning each (name and reason); disabled ones are not started; the rest work', () => {
    assert.deepEqual(conns.connections.map((c) => c.name).sort(), ['local files', 'web']);
    assert.equal(conns.warnings.length, 3, conns.warnings.join('\n'));
    assert.deepEqual(warned, conns.warnings, 'each warning is logged once');
    const [missing, crashes, refused] = ['missing', 'crashes', 'refused'].map((n) => conns.warnings.find((w) => w.startsWith(`MCP server "${n}"`)) ?? '');
    assert.match(missing, /could not start "forge-no-such-mcp-server": command not found\. Its tools are not available\./);
    assert.match(crashes, /could not start ".*": Connection closed \(stderr: boom: no config\)/);
    assert.match(refused, /could not connect to http:\/\/127\.0\.0\.1:\d+\/mcp: .*ECONNREFUSED/);
    assert.ok(!conns.warnings.some((w) => w.includes('"off"')));
  });

  it('lists every tool across pages, named mcp__<server>__<tool> (sanitised), with the server\'s JSON schemas', () => {
    assert.ok(web.listRequests >= 2, `tools/list was paged (${web.listRequests} requests)`);
    const tools = conns.tools(['read_file']);
    const names = tools.map((t) => t.spec.name);
    for (const server of ['local_files', 'web']) {
      assert.deepEqual(names.filter((n) => n.includes(`__${server}__`)), ['add', 'echo', 'notes_count', 'write_note', 'broken', 'wait'].map((t) => `mcp__${server}__${t}`));
    }
    const add = tools.find((t) => t.spec.name === 'mcp__web__add')!;
    assert.deepEqual((add.spec.jsonSchema as any).properties, { a: { type: 'number' }, b: { type: 'number' } });
    assert.deepEqual((add.spec.jsonSchema as any).required, ['a', 'b']);
    assert.equal(add.spec.mutating, false);
    assert.equal(tools.find((t) => t.spec.name === 'mcp__web__write_note')!.spec.mutating, true);
    assert.match(add.spec.description, /^Add two numbers\. \(tool "add" of the MCP server "web"; read-only\)$/);
  });

  it('calls round-trip over both transports; a mutating call reaches the stdio server', async () => {
    const [local, remote] = ['local files', 'web'].map((n) => conns.connections.find((c) => c.name === n)!);
    assert.deepEqual(await remote.call('add', { a: 2, b: 40 }, { timeoutMs: 5000 }), { content: [{ type: 'text', text: '42' }] });
    const r = await local.call('write_note', { text: 'remember the milk' }, { timeoutMs: 5000 });
    assert.deepEqual(r.content, [{ type: 'text', text: 'saved note 1' }]);
    assert.equal(fs.readFileSync(notesFile, 'utf8'), 'remember the milk\n');
    assert.deepEqual((await local.call('notes.count', {}, { timeoutMs: 5000 })).content, [{ type: 'text', text: '1 notes' }]);
    const broken = await remote.call('broken', {}, { timeoutMs: 5000 });
    assert.equal(broken.isError, true);
  });

  it('a call is cancelled by its AbortSignal', async () => {
    const local = conns.connections.find((c) => c.name === 'local files')!;
    const ctrl = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ctrl.abort(), 100);
    await assert.rejects(local.call('wait', { ms: 20_000 }, { signal: ctrl.signal, timeoutMs: 30_000 }));
    assert.ok(Date.now() - t0 < 5000);
  });

  it('close() ends the stdio child; revive() starts a server that went away again', async () => {
    const solo = await McpConnections.connect([stdioServer('solo')], { connectTimeoutMs: 15_000 });
    const first = solo.connections[0];
    await first.close();
    assert.equal(first.closed, true);
    await assert.rejects(first.call('add', { a: 1, b: 1 }, { timeoutMs: 1000 }), /no longer connected/);
    assert.deepEqual(await solo.revive(), []);
    const again = solo.connections[0];
    assert.notEqual(again, first);
    assert.deepEqual((await again.call('add', { a: 1, b: 1 }, { timeoutMs: 5000 })).content, [{ type: 'text', text: '2' }]);
    await solo.close();
    assert.equal(again.closed, true);
  });
});

describe('MCP pool (the VS Code host\'s cache)', function () {
  this.timeout(20_000);
  it('reuses connections while the servers are the same, replaces them when they change, closes them on dispose', async () => {
    const web = await startHttpMcpServer();
    const pool = new McpPool();
    try {
      const a = await pool.get([httpServer('web', web.url)]);
      const b = await pool.get([httpServer('web', web.url)]);
      assert.equal(b.connections, a.connections);
      assert.deepEqual(b.warnings, []);
      const first = a.connections.connections[0];
      const c = await pool.get([httpServer('web', web.url, { autoApprove: ['add'] })]);
      assert.notEqual(c.connections, a.connections);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(first.closed, true, 'the old set was closed');
      const d = await pool.get([httpServer('web', web.url, { autoApprove: ['add'] }), httpServer('gone', 'http://127.0.0.1:1/mcp')]);
      assert.equal(d.warnings.length, 1);
      assert.equal((await pool.get([httpServer('web', web.url, { autoApprove: ['add'] }), httpServer('gone', 'http://127.0.0.1:1/mcp')])).warnings.length, 0, 'a failure is reported once');
      const live = d.connections.connections[0];
      await pool.dispose();
      assert.equal(live.closed, true);
    } finally {
      await pool.dispose();
      await web.close();
    }
  });
});
