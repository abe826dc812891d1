/** The agent loop with a real MCP server: the model sees the server's tools, calls them and gets their results; `forge run --mcp-config`. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpConnections } from '../../../src/node/mcp/mcpConnections';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { BUILTIN_TOOLS } from '../../../src/core/tools/index';
import { ToolRegistry } from '../../../src/core/tools/registry';
import { call, collect, lastToolMessage, makeRig, type Rig } from '../agent/harness';
import { SERVER_ARGS, stdioServer } from './mcpSupport';

describe('agent scenario: MCP tools', function () {
  this.timeout(30_000);
  let rig: Rig;
  let notesFile: string;
  beforeEach(async () => {
    rig = await makeRig({ 'README.md': '# demo\n' });
    notesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-notes-')), 'notes.txt');
  });
  afterEach(async () => {
    await rig.close();
    fs.rmSync(path.dirname(notesFile), { recursive: true, force: true });
  });

  it('the model calls MCP tools over stdio and gets their results (isError included); a mutating call is approved first', async () => {
    const mcp = await McpConnections.connect([stdioServer('notes', { env: { MCP_NOTES_FILE: notesFile } })], { root: rig.root });
    try {
      assert.deepEqual(mcp.warnings, []);
      const tools = new ToolRegistry([...BUILTIN_TOOLS, ...mcp.tools(BUILTIN_TOOLS.map((t) => t.spec.name))]);
      rig.srv.script([
        call('mcp__notes__add', { a: 20, b: 22 }),
        call('mcp__notes__write_note', { text: 'the answer is 42' }),
        call('mcp__notes__broken', {}),
        call('finish', { summary: 'noted' }),
      ]);
      const asked: string[] = [];
      const approval = Object.assign(Object.create(rig.approval), {
        approveTool: async (name: string, args: string) => (asked.push(`${name} ${args}`), 'once' as const),
      });
      const events = await collect(rig.agent({ tools, approval }).run('Add 20 and 22 and note the answer'));
      assert.equal(events.at(-1)?.type, 'finished');
      const reqs = rig.srv.chatRequests.map((r) => r.body);
      const def = reqs[0].tools.find((t: any) => t.function.name === 'mcp__notes__add');
      assert.deepEqual(def.function.parameters.properties, { a: { type: 'number' }, b: { type: 'number' } });
      assert.equal(lastToolMessage(reqs[1]), '42');
      assert.equal(lastToolMessage(reqs[2]), 'saved note 1');
      assert.equal(lastToolMessage(reqs[3]), 'the widget is broken');
      const finishedBroken = events.find((e) => e.type === 'toolFinished' && e.name === 'mcp__notes__broken');
      assert.equal(finishedBroken?.type === 'toolFinished' && finishedBroken.ok, false);
      assert.deepEqual(asked, ['mcp__notes__write_note {"text":"the answer is 42"}'], 'only the mutating tool asked');
      assert.equal(fs.readFileSync(notesFile, 'utf8'), 'the answer is 42\n');
    } finally {
      await mcp.close();
    }
  });

  it('forge run --mcp-config: the tools join, approvals are asked on the console, a dead server is one warning', async () => {
    const config = path.join(path.dirname(notesFile), 'mcp.json');
    // forge run starts stdio servers in the command sandbox (when there is one): they write in the workspace.
    const cliNotes = path.join(rig.root, 'cli-notes.txt');
    fs.writeFileSync(config, JSON.stringify({ mcpServers: {
      notes: { command: process.execPath, args: SERVER_ARGS, env: { MCP_NOTES_FILE: cliNotes } },
      gone: { command: 'forge-no-such-mcp-server' },
      typo: { comand: 'x' },
    } }));
    rig.srv.script([call('mcp__notes__write_note', { text: 'from the cli' }), call('mcp__notes__write_note', { text: 'again' }), call('finish', { summary: 'done' })]);
    const out: string[] = [];
    const err: string[] = [];
    const questions: string[] = [];
    const io = { cwd: rig.root, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' };
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-run-state-'));
    try {
      const code = await runTask(['--endpoint', rig.srv.url, '--model', 'test-model', '--state', state, '--mcp-config', config, 'Write a note'], io, {
        env: { FORGE_API_KEY: 'sk-test' },
        prompt: async (q) => (questions.push(q), 'a'),
      });
      assert.equal(code, 0, out.join('') + err.join(''));
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
    assert.equal(fs.readFileSync(cliNotes, 'utf8'), 'from the cli\nagain\n');
    assert.equal(questions.length, 1, 'always for this tool');
    assert.match(questions[0], /^Use the tool mcp__notes__write_note with \{"text":"from the cli"\}\? .* \[y = once \/ a = always for this tool \/ n\] $/);
    const warnings = err.join('');
    assert.match(warnings, /MCP server "typo": give "command" \(a program to start\) or "url"/);
    assert.equal(warnings.match(/MCP server "gone"/g)?.length, 1);
    assert.match(warnings, /MCP server "gone" could not start "forge-no-such-mcp-server": command not found/);
  });
});
