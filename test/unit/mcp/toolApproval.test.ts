/** The approval gate every tool call passes, with a real MCP server over HTTP and the built-in tools. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpConnections } from '../../../src/node/mcp/mcpConnections';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import type { Approval } from '../../../src/core/ports';
import { BUILTIN_TOOLS } from '../../../src/core/tools/index';
import { ToolRegistry } from '../../../src/core/tools/registry';
import type { ToolNotice, ToolResult } from '../../../src/core/tools/tool';
import { startHttpMcpServer, type HttpMcpServer } from '../../support/mcpServer';
import { httpServer, ScriptedUser, toolContext } from './mcpSupport';

describe('tool approval gate', function () {
  this.timeout(20_000);
  let web: HttpMcpServer;
  let conns: McpConnections;
  let root: string;
  let ws: NodeWorkspace;

  before(async () => {
    web = await startHttpMcpServer();
    conns = await McpConnections.connect([httpServer('notes', web.url, { autoApprove: ['broken'] })]);
    assert.deepEqual(conns.warnings, []);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-gate-'));
    fs.writeFileSync(path.join(root, 'a.txt'), 'alpha\n');
    ws = new NodeWorkspace(root);
  });
  after(async () => {
    await conns.close();
    await web.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => (web.notes.length = 0));

  function rig(approval: Approval, autoApproveReadOnlyTools = true) {
    const reg = new ToolRegistry([...BUILTIN_TOOLS, ...conns.tools(BUILTIN_TOOLS.map((t) => t.spec.name))], { autoApproveReadOnlyTools });
    const notices: ToolNotice[] = [];
    const ctx = toolContext(ws, approval, notices);
    const run = (name: string, args: Record<string, unknown>): Promise<ToolResult> => reg.execute({ id: 'c', name, argumentsJson: JSON.stringify(args), arguments: args }, ctx);
    return { run, notices, ctx };
  }

  it('a mutating MCP tool asks; "once" runs it once, "deny" tells the model and sends nothing', async () => {
    const user = new ScriptedUser(['once', 'deny']);
    const { run, notices } = rig(user);
    assert.deepEqual(await run('mcp__notes__write_note', { text: 'one' }), { content: 'saved note 1' });
    const denied = await run('mcp__notes__write_note', { text: 'two' });
    assert.equal(denied.isError, true);
    assert.match(denied.content, /The user declined this mcp__notes__write_note call/);
    assert.deepEqual(web.notes, ['one']);
    assert.deepEqual(user.asked.map((a) => [a.tool, a.args]), [['mcp__notes__write_note', '{"text":"one"}'], ['mcp__notes__write_note', '{"text":"two"}']]);
    assert.match(user.asked[0].reason, /not marked read-only and is not in its server's autoApprove list/);
    assert.deepEqual(notices.map((n) => n.type === 'commandApproval' && [n.command, n.decision]), [['tool mcp__notes__write_note', 'once'], ['tool mcp__notes__write_note', 'deny']]);
  });

  it('"always" is remembered for the task (this tool only)', async () => {
    const user = new ScriptedUser(['always']);
    const { run, ctx } = rig(user);
    await run('mcp__notes__write_note', { text: 'a' });
    await run('mcp__notes__write_note', { text: 'b' });
    assert.deepEqual(web.notes, ['a', 'b']);
    assert.equal(user.asked.length, 1);
    assert.deepEqual(ctx.state.allowedTools, ['mcp__notes__write_note']);
  });

  it('read-only MCP and built-in tools run without asking while autoApproveReadOnlyTools is on', async () => {
    const user = new ScriptedUser();
    const { run } = rig(user, true);
    assert.deepEqual(await run('mcp__notes__add', { a: 1, b: 2 }), { content: '3' });
    assert.match((await run('read_file', { path: 'a.txt' })).content, /1\| alpha/);
    assert.equal(user.asked.length, 0);
  });

  it('with autoApproveReadOnlyTools off, read-only tools ask (MCP and built-in); bookkeeping tools and the autoApprove list do not', async () => {
    const user = new ScriptedUser(['once', 'deny', 'always']);
    const { run } = rig(user, false);
    assert.deepEqual(await run('mcp__notes__add', { a: 1, b: 2 }), { content: '3' });
    const denied = await run('read_file', { path: 'a.txt' });
    assert.match(denied.content, /The user declined this read_file call/);
    await run('list_dir', { path: '' });
    await run('list_dir', { path: '' });
    const broken = await run('mcp__notes__broken', {});
    assert.deepEqual(broken, { content: 'the widget is broken', isError: true }, 'autoApprove list: runs, and isError reaches the model');
    await run('update_plan', { plan: [{ step: 'x', status: 'pending' }] });
    await run('finish', { summary: 'done' });
    assert.deepEqual(user.asked.map((a) => a.tool), ['mcp__notes__add', 'read_file', 'list_dir']);
    assert.match(user.asked[1].reason, /read_file only reads, but forge\.agent\.autoApproveReadOnlyTools is off/);
  });

  it('a host that cannot ask refuses with a clear message', async () => {
    const { run } = rig({ reviewChangeSet: async () => { throw new Error('unused'); } });
    const r = await run('mcp__notes__write_note', { text: 'x' });
    assert.equal(r.isError, true);
    assert.match(r.content, /needs the user's approval \(.*\) and this host cannot ask; it was not run/);
    assert.deepEqual(web.notes, []);
  });
});
