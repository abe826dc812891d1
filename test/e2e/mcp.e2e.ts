// MCP tools in a real VS Code (code-server 4.100.3): forge.mcpServers (user settings) names the
// test MCP server over stdio (a child of the extension host), the same server over streamable
// HTTP (in this test process), and one server that cannot start. The scripted model calls a
// read-only tool on each (they run without asking), then the mutating write_note twice: the chat
// view asks inline; Allow once runs it (the server records the text), Deny does not (the model is
// told it was declined). The dead server is one warning notification; the others still work.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startHttpMcpServer, type HttpMcpServer } from '../support/mcpServer';
import { startModelServer, type ModelServer, type RecordedRequest, type ScriptedResponse } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith } from './harness/workbench';

const TASK = 'Add 20 and 22 and keep a note of the answer';
const SERVER_MAIN = resolve(__dirname, '../support/mcpServerMain.ts');
const SERVER_ARGS = ['--import', pathToFileURL(require.resolve('tsx')).href, SERVER_MAIN];

type Message = { role: string; content?: unknown; tool_calls?: { function: { name: string } }[] };
const chats = (reqs: RecordedRequest[]) => reqs.filter((r) => r.path === '/v1/chat/completions');
const messagesOf = (r: RecordedRequest): Message[] => r.body.messages;
const toolResults = (r: RecordedRequest) => messagesOf(r).filter((m) => m.role === 'tool').map((m) => String(m.content));

/** The model's turns, one per tool result it has seen so far. */
const STEPS: ScriptedResponse[] = [
  { text: 'First the sum.', toolCalls: [{ name: 'mcp__notes__add', arguments: { a: 20, b: 22 } }] },
  { toolCalls: [{ name: 'mcp__web__echo', arguments: { text: 'hello over http' } }] },
  { toolCalls: [{ name: 'mcp__notes__write_note', arguments: { text: 'the answer is 42' } }] },
  { toolCalls: [{ name: 'mcp__notes__write_note', arguments: { text: 'a second note' } }] },
  { toolCalls: [{ name: 'finish', arguments: { summary: 'Added the numbers and wrote **one** note.' } }] },
];

describe('e2e: MCP tools from forge.mcpServers in code-server', function () {
  let srv: ModelServer;
  let web: HttpMcpServer;
  let scratch: string;
  let notesFile: string;
  const settings: Record<string, unknown> = {};

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'forge-mcp-e2e-'));
    web = await startHttpMcpServer();
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => STEPS[Math.min(toolResults(req).length, STEPS.length - 1)]!,
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
    settings['forge.mcpServers'] = {
      notes: { command: process.execPath, args: SERVER_ARGS, env: { MCP_NOTES_FILE: '' } },
      web: { url: web.url },
      gone: { command: join(scratch, 'no-such-mcp-server') },
    };
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-mcp-'));
      writeFileSync(join(dir, 'README.md'), '# scratch\n');
      // Stdio servers run in the command sandbox, where the workspace is writable (not the scratch folder).
      notesFile = join(dir, 'notes.txt');
      (settings['forge.mcpServers'] as { notes: { env: Record<string, string> } }).notes.env.MCP_NOTES_FILE = notesFile;
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    await web?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  const notes = () => (existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '');

  /** Waits until the model server has answered `n` chat requests. */
  async function waitForChats(n: number, timeoutMs = 60_000): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = chats(srv.requests);
      if (got.length >= n) return got;
      if (Date.now() > deadline) throw new Error(`the model server got ${got.length} of ${n} chat requests in ${timeoutMs} ms`);
      await s.wb.page.waitForTimeout(200);
    }
  }

  it('read-only MCP tools run without asking; write_note asks inline: Allow once runs it, Deny does not; a dead server is one warning', async () => {
    const page = s.wb.page;
    const t0 = Date.now();
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(TASK);
    await page.keyboard.press('Enter');
    const tTask = Date.now();

    const chat = await webviewFrameWith(page, '.chat-root');
    const pending = chat.locator('.entry.approval').filter({ has: chat.locator('.approval-buttons') });
    await pending.first().waitFor({ timeout: 90_000 });
    const tFirstAsk = Date.now();
    assert.equal(await chat.locator('.entry.approval').count(), 1, 'only write_note asked; add and echo (read-only) did not');
    const card = pending.first();
    assert.equal(await card.locator('.approval-question').textContent(), 'Use this tool?');
    assert.equal(await card.locator('.approval-command code').textContent(), 'mcp__notes__write_note');
    assert.match(await card.locator('.approval-reason').innerText(), /not marked read-only/);
    assert.match(await card.locator('.approval-args').innerText(), /"text":"the answer is 42"/);
    assert.equal(notes(), '', 'nothing ran before the answer');
    assert.equal(await chat.locator('.entry.user').first().textContent(), TASK);
    assert.match(await chat.locator('.entry.assistant').first().innerText(), /First the sum\./);

    // The model was offered every tool of the live servers, none of the dead one; the read-only
    // calls reached their servers (stdio and HTTP) and their results reached the model.
    const reqs = await waitForChats(3);
    const offered: string[] = reqs[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name);
    for (const name of ['mcp__notes__add', 'mcp__notes__write_note', 'mcp__notes__broken', 'mcp__web__echo', 'mcp__web__write_note', 'read_file', 'finish']) {
      assert.ok(offered.includes(name), `${name} is offered: ${offered.join(', ')}`);
    }
    assert.ok(!offered.some((n) => n.startsWith('mcp__gone')), 'the dead server has no tools');
    assert.deepEqual(toolResults(reqs[2]!), ['42', 'hello over http']);

    // One warning notification, naming the dead server.
    const warning = page.locator(SEL.toastMessage).filter({ hasText: /MCP server "gone"/ });
    await warning.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await warning.count(), 1, 'one notification');
    const warningText = await warning.innerText();
    assert.match(warningText, /could not start/);

    await card.scrollIntoViewIfNeeded();
    const shot = await s.shot('mcp-inline-approval');
    await card.locator('button.approve-once').click();

    // Allow once: the stdio server recorded the call; then the model calls it again and is asked again.
    const second = chat.locator('.entry.approval').nth(1);
    await second.locator('.approval-buttons').waitFor({ timeout: 60_000 });
    assert.equal(await chat.locator('.entry.approval').first().locator('.approval-result').textContent(), 'Allowed once');
    assert.equal(notes(), 'the answer is 42\n');
    assert.match(await second.locator('.approval-args').innerText(), /"text":"a second note"/);
    await second.locator('button.approve-deny').click();

    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });
    const tDone = Date.now();
    assert.equal(await second.locator('.approval-result').textContent(), 'Denied');
    const all = await waitForChats(5);
    assert.deepEqual(toolResults(all[3]!).slice(2), ['saved note 1']);
    const declined = toolResults(all[4]!)[3]!;
    assert.match(declined, /The user declined this mcp__notes__write_note call/);
    assert.equal(notes(), 'the answer is 42\n', 'the denied call never reached the server');
    assert.deepEqual(web.notes, [], 'nothing was written over HTTP');
    assert.equal(chats(srv.requests).length, 5, 'no extra model turns');

    const tFirstChat = chats(srv.requests)[0]!.receivedAt;
    console.log(`      [e2e] New Task (palette) to the first model request ${((tFirstChat - t0) / 1000).toFixed(1)} s (${((tFirstChat - tTask) / 1000).toFixed(1)} s after Enter: MCP servers started), to the first approval ${((tFirstAsk - t0) / 1000).toFixed(1)} s, to finished ${((tDone - t0) / 1000).toFixed(1)} s`);
    console.log(`      [e2e] warning: ${JSON.stringify(warningText)}; declined result: ${JSON.stringify(declined.slice(0, 100))}; screenshot ${shot}`);
  });
});
