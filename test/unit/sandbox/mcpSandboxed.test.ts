/** MCP stdio servers in the command sandbox: the real test server through the real bubblewrap. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { McpConnections } from '../../../src/node/mcp/mcpConnections';
import { ShellSandbox } from '../../../src/node/sandbox/shellSandbox';
import { sandboxPlan } from '../../../src/node/sandbox/sandboxPlan';
import { SANDBOX_DEFAULTS } from '../../../src/core/settings/sandboxSettings';
import { stdioServer } from '../mcp/mcpSupport';
import { outsideTmp } from './sandboxTemp';

describe('MCP stdio servers in the sandbox', function () {
  this.timeout(30_000);
  let base: string;
  let root: string;
  let conns: McpConnections | undefined;

  beforeEach(function () {
    if (!sandboxPlan(SANDBOX_DEFAULTS).available) this.skip();
    base = outsideTmp('forge-mcp-sandbox-');
    root = path.join(base, 'work');
    fs.mkdirSync(root);
  });
  afterEach(async () => {
    await conns?.close();
    conns = undefined;
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('a server writes in the workspace but not outside it; "sandbox": false starts it as before', async () => {
    const inside = path.join(root, 'notes.txt');
    const outside = path.join(base, 'notes.txt');
    const warnings: string[] = [];
    conns = await McpConnections.connect([
      stdioServer('inside', { env: { MCP_NOTES_FILE: inside } }),
      stdioServer('outside', { env: { MCP_NOTES_FILE: outside } }),
      stdioServer('free', { env: { MCP_NOTES_FILE: path.join(base, 'free.txt') }, sandbox: false }),
      stdioServer('missing', { command: 'forge-no-such-mcp-server', args: [] }),
    ], { root, sandbox: new ShellSandbox(SANDBOX_DEFAULTS, { roots: [root] }), connectTimeoutMs: 20_000, log: { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } });
    const by = (name: string) => conns!.connections.find((c) => c.name === name)!;
    assert.deepEqual(conns.connections.map((c) => c.name).sort(), ['free', 'inside', 'outside']);
    assert.match(conns.warnings.join('\n'), /"missing" could not start "forge-no-such-mcp-server": command not found/);
    const ok = await by('inside').call('write_note', { text: 'kept' }, { timeoutMs: 10_000 });
    assert.ok(!ok.isError, JSON.stringify(ok));
    assert.equal(fs.readFileSync(inside, 'utf8'), 'kept\n');
    const refused = await by('outside').call('write_note', { text: 'escaped' }, { timeoutMs: 10_000 });
    assert.ok(refused.isError, JSON.stringify(refused));
    assert.match(JSON.stringify(refused), /read-only file system/i);
    assert.equal(fs.existsSync(outside), false);
    await by('free').call('write_note', { text: 'free' }, { timeoutMs: 10_000 });
    assert.equal(fs.readFileSync(path.join(base, 'free.txt'), 'utf8'), 'free\n');
  });
});
