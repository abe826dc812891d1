// The agent in a real VS Code (code-server 4.100.3) against the scripted model server running in
// this test process: Forge: Set API Key, then Forge: New Task from the palette; the chat view
// streams the model's text and the tool card; the review panel opens for the proposed edit;
// Accept All writes the file (bytes checked on disk); the model is told the hunk was accepted.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith as frameWith } from './harness/workbench';

const KEY = `sk-forge-agent-${randomBytes(12).toString('hex')}`;
const GREET = 'export const greet = () => "hi";\n';
const GREET_AFTER = 'export const greet = () => "hi";\nexport const farewell = () => "bye";\n';
const EDIT = '--- a/src/greet.ts\n+++ b/src/greet.ts\n@@ -1 +1,2 @@\n export const greet = () => "hi";\n+export const farewell = () => "bye";\n';
const TASK = 'Add a farewell function next to greet';
const DOCS = join(__dirname, '..', '..', 'docs', 'screenshots');


function hasToolResult(r: RecordedRequest): boolean {
  return Array.isArray(r.body?.messages) && r.body.messages.some((m: { role: string }) => m.role === 'tool');
}

describe('e2e: the agent (New Task, chat view, review) in code-server', function () {
  let srv: ModelServer;
  /** What the scripted model does: the edit task, or a slow reply to be stopped. */
  let mode: 'edit' | 'slow' | 'explain' = 'edit';
  const settings: Record<string, unknown> = {};

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => mode === 'explain'
        ? { text: 'It **returns** a greeting.' }
        : mode === 'slow'
        ? { text: `Thinking about it ${'slowly '.repeat(200)}`, textChunkSize: 4, chunkDelayMs: 50 }
        : hasToolResult(req)
        ? { toolCalls: [{ name: 'finish', arguments: { summary: 'Added **farewell** to src/greet.ts.' } }], usage: { prompt_tokens: 900, completion_tokens: 20 } }
        : { text: 'I will add a `farewell` function to **src/greet.ts**.', toolCalls: [{ name: 'propose_edits', arguments: { edit: EDIT, title: 'Add farewell' } }], chunkDelayMs: 20, usage: { prompt_tokens: 800, completion_tokens: 60 } },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-agent-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'greet.ts'), GREET);
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('New Task streams into the chat view, opens the review panel, and Accept All writes the file', async () => {
    const page = s.wb.page;
    const t0 = Date.now();
    await runPaletteCommand(page, 'Forge: Set API Key');
    await page.locator('.quick-input-widget').filter({ hasText: /API key for Scripted Server/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(KEY);
    await page.keyboard.press('Enter');
    await page.locator(SEL.toastMessage).filter({ hasText: /Saved the API key/ }).first().waitFor({ state: 'visible', timeout: 30_000 });

    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(TASK);
    await page.keyboard.press('Enter');

    // The chat view shows the task, the model's streamed text, and the propose_edits card.
    const chat = await frameWith(page, '.chat-root');
    await chat.locator('.entry.user').filter({ hasText: TASK }).waitFor({ timeout: 60_000 });
    await chat.locator('.entry.assistant').filter({ hasText: 'I will add a farewell function to src/greet.ts.' }).waitFor({ timeout: 60_000 });
    assert.equal(await chat.locator('.entry.assistant code').first().textContent(), 'farewell');
    await chat.locator('.tool .tool-name').filter({ hasText: 'propose_edits' }).waitFor({ timeout: 30_000 });
    await chat.locator('.open-review').filter({ hasText: 'Add farewell' }).waitFor({ timeout: 30_000 });

    // The review panel for the proposed change set.
    // A proposal is announced, not opened: Review in the notification opens the panel.
    await page.locator(SEL.toast).filter({ hasText: /Forge proposes/ }).last().getByRole('button', { name: 'Review' }).click();
    const review = await frameWith(page, 'button:has-text("Accept All")');
    assert.match(await review.locator('body').innerText(), /greet\.ts/);
    await s.shot('agent-review-open');
    assert.equal(readFileSync(join(s.workspace, 'src', 'greet.ts'), 'utf8'), GREET, 'nothing is written before the review');
    await review.getByRole('button', { name: 'Accept All' }).click();

    // The file on disk, and the end of the task in the chat.
    const deadline = Date.now() + 30_000;
    while (readFileSync(join(s.workspace, 'src', 'greet.ts'), 'utf8') !== GREET_AFTER && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(readFileSync(join(s.workspace, 'src', 'greet.ts')).equals(Buffer.from(GREET_AFTER)), 'greet.ts has exactly the accepted bytes');
    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });
    assert.match((await chat.locator('.entry.end.finished').innerText()), /Added farewell to src\/greet\.ts\./);
    assert.match((await chat.locator('.cs-meta').innerText()), /1 of 1 hunk accepted/);
    assert.match((await chat.locator('.usage').innerText()), /tokens/);
    await s.shot('agent-done');

    // The model got the review outcome as the tool result, with the key as Bearer.
    const chats = srv.requests.filter((r) => r.path === '/v1/chat/completions');
    assert.equal(chats.length, 2);
    const tool = chats[1]!.body.messages.find((m: { role: string }) => m.role === 'tool');
    assert.match(String(tool.content), /accept/i);
    for (const r of chats) assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    console.log(`      [e2e] agent task from palette to accepted edit: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('Stop in the chat view ends a streaming task at once and writes nothing', async () => {
    mode = 'slow';
    const page = s.wb.page;
    const chat = await frameWith(page, '.chat-root');
    await chat.locator('.composer .input').fill('Think slowly');
    await chat.locator('.composer .send').click();
    await chat.locator('.entry.assistant').filter({ hasText: 'Thinking about it' }).waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    await chat.locator('button.stop').click();
    await chat.locator('.entry.end.stopped').waitFor({ timeout: 10_000 });
    const stopMs = Date.now() - t0;
    console.log(`      [e2e] Stop to "Stopped" in the chat: ${stopMs} ms`);
    assert.ok(stopMs < 5_000, `stopped within 5 s (took ${stopMs} ms)`);
    const partial = await chat.locator('.entry.assistant').last().innerText();
    assert.ok(partial.length < 'Thinking about it '.length + 'slowly '.length * 200, 'the reply was cut off, not streamed to the end');
    assert.equal(await chat.locator('button.stop').isDisabled(), true);
    assert.ok(readFileSync(join(s.workspace, 'src', 'greet.ts')).equals(Buffer.from(GREET_AFTER)), 'nothing else was written');
    await s.shot('agent-stopped');
  });

  /** Opens a file and selects all of it (the status bar confirms the selection). */
  async function selectAllOf(path: string): Promise<void> {
    const page = s.wb.page;
    await s.wb.openFile(path);
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.locator('.statusbar-item').filter({ hasText: /selected/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  it('Edit Selection sends the selection and its file as context; Reject All with a reason reaches the model', async () => {
    mode = 'edit';
    const page = s.wb.page;
    const before = srv.requests.length;
    await selectAllOf('src/greet.ts');
    await runPaletteCommand(page, 'Forge: Edit Selection', 60_000, true);
    await page.locator('.quick-input-widget').filter({ hasText: /How should the selected code change/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('add a farewell');
    await page.keyboard.press('Enter');

    // A proposal is announced, not opened: Review in the notification opens the panel.
    await page.locator(SEL.toast).filter({ hasText: /Forge proposes/ }).last().getByRole('button', { name: 'Review' }).click();
    const review = await frameWith(page, 'button:has-text("Reject All")');
    await review.getByRole('button', { name: 'Reject All' }).click();
    const reason = review.getByPlaceholder(/why/i);
    if (await reason.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
      await reason.fill('keep this file as it is');
      await reason.press('Enter');
    }
    const chat = await frameWith(page, '.chat-root');
    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });
    assert.match(await chat.locator('.cs-meta').last().innerText(), /0 of 1 hunk accepted/);
    assert.ok(readFileSync(join(s.workspace, 'src', 'greet.ts')).equals(Buffer.from(GREET_AFTER)), 'the rejected edit wrote nothing');
    // The panel shows its summary until Close.
    await review.locator('.review-summary').waitFor({ state: 'visible', timeout: 20_000 });
    await review.getByRole('button', { name: 'Close', exact: true }).click();

    const chats = srv.requests.slice(before).filter((r) => r.path === '/v1/chat/completions');
    const first = JSON.stringify(chats[0]!.body.messages);
    assert.match(first, /Edit the selected code in src\/greet\.ts \(lines 1-2\): add a farewell/);
    assert.match(first, /Selected code \(src\/greet\.ts, lines 1-2\)/);
    const tool = chats[1]!.body.messages.find((m: { role: string }) => m.role === 'tool');
    assert.match(String(tool.content), /reject/i);
    assert.match(String(tool.content), /keep this file as it is/);
    await s.shot('agent-edit-selection-rejected');
  });

  it('Explain Selection answers in the chat with read-only tools only', async () => {
    mode = 'explain';
    const page = s.wb.page;
    const before = srv.requests.length;
    await selectAllOf('src/greet.ts');
    await runPaletteCommand(page, 'Forge: Explain Selection', 60_000, true);
    const chat = await frameWith(page, '.chat-root');
    await chat.locator('.entry.end.finished').filter({ hasText: 'It returns a greeting.' }).waitFor({ timeout: 60_000 });
    const req = srv.requests.slice(before).find((r) => r.path === '/v1/chat/completions')!;
    const tools = (req.body.tools as { function: { name: string } }[]).map((t) => t.function.name);
    assert.ok(tools.includes('read_file') && tools.includes('search_text'), `read-only tools offered: ${tools.join(', ')}`);
    assert.ok(!tools.includes('propose_edits') && !tools.includes('run_command'), `no mutating tools: ${tools.join(', ')}`);
    assert.match(JSON.stringify(req.body.messages), /Explain the selected code in src\/greet\.ts/);
    assert.ok(readFileSync(join(s.workspace, 'src', 'greet.ts')).equals(Buffer.from(GREET_AFTER)));
  });
});

describe('e2e: @-mentions and the context bar in the chat (code-server)', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};
  before(async () => {
    srv = await startModelServer({ models: [{ id: 'e2e-model', context_length: 32768 }], script: () => ({ toolCalls: [{ name: 'finish', arguments: { summary: 'Got the mentions.' } }] }) });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });
  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-mentions-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'greet.ts'), GREET);
      writeFileSync(join(dir, 'src', 'math.ts'), 'export function area(r: number): number {\n  return Math.PI * r * r;\n}\n\nexport const SIDE = 2;\n');
      writeFileSync(join(dir, 'AGENTS.md'), 'Keep functions small.\n');
      return dir;
    },
    settings,
  });
  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('mentions a file and a symbol from the list by keyboard, removes a third chip: the request holds exactly the two (screenshots dark and light)', async () => {
    const page = s.wb.page;
    // An open TypeScript file starts the language server that answers workspace symbol searches.
    await s.wb.openFile('src/math.ts');
    await runPaletteCommand(page, 'Forge: Focus on Chat View');
    const chat = await frameWith(page, '.chat-root');
    const input = chat.locator('.composer .input');
    const menu = chat.locator('.mention-menu');
    await input.click();
    await page.keyboard.type('Explain how @file:gre');
    await menu.locator('.mention-label').filter({ hasText: /^greet\.ts$/ }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), 'Explain how @file:src/greet.ts ');
    await page.keyboard.type('uses @symbol:are');
    const symbolItem = menu.locator('.mention-label').filter({ hasText: /^area$/ });
    const fromProvider = await symbolItem.waitFor({ timeout: 45_000 }).then(() => true, () => false);
    console.log(`      [e2e] @symbol list from the workspace symbol provider: ${fromProvider ? 'yes' : 'no (typed in full; resolved by outline)'}`);
    if (fromProvider) await page.keyboard.press('Enter');
    else {
      await page.keyboard.type('a');
      await page.keyboard.press('Escape');
      await page.keyboard.type(' ');
    }
    await page.keyboard.type('and @file:src/math.ts');
    await page.keyboard.press('Escape');
    assert.equal(await input.inputValue(), 'Explain how @file:src/greet.ts uses @symbol:area and @file:src/math.ts');
    const bar = chat.locator('.context-bar');
    const chip = (key: string) => bar.locator(`.chip[data-key="${key}"]`);
    await chip('@file:src/math.ts').waitFor({ timeout: 30_000 });
    await chip('@symbol:area').waitFor({ timeout: 30_000 });
    assert.match(await chip('@file:src/greet.ts').locator('.chip-tokens').innerText(), /^\d+$/);
    assert.match(await bar.locator('.context-total').innerText(), /^[\d,]+ \/ 32,768 tokens$/);
    await chip('rules').waitFor();
    // The chips settle once the host has answered the last pause in typing.
    await page.waitForTimeout(1500);
    await chip('@file:src/math.ts').locator('.chip-remove').click();
    await bar.locator('.chip.removed[data-key="@file:src/math.ts"]').waitFor({ timeout: 5000 });
    await chip('@symbol:area').locator('.chip-pin').click();
    await bar.locator('.chip.pinned[data-key="@symbol:area"]').waitFor({ timeout: 5000 });
    // One screenshot per theme, named by the theme on screen, also kept in docs/screenshots for the README.
    const shot = async () => {
      const theme = (await page.locator('.monaco-workbench').evaluate((e) => e.classList.contains('vs-dark'))) ? 'dark' : 'light';
      const p = await s.shot(`chat-mentions-context-bar-${theme}`);
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(p, join(DOCS, `chat-mentions-${theme}.png`));
      return p;
    };
    const first = await shot();
    await runPaletteCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await page.waitForTimeout(1500);
    assert.notEqual(await shot(), first, 'one screenshot per theme');
    await runPaletteCommand(page, 'Preferences: Toggle between Light/Dark Themes');

    const before = srv.requests.length;
    await input.click();
    await input.press('End');
    // The caret sits right after a mention: Escape closes its list, so Enter sends.
    await input.press('Escape');
    await input.press('Enter');
    await chat.locator('.entry.end.finished').filter({ hasText: 'Got the mentions.' }).waitFor({ timeout: 60_000 });
    const req = srv.requests.slice(before).find((r) => r.path === '/v1/chat/completions')!;
    const sent = String(req.body.messages[1].content);
    const titles = [...sent.matchAll(/<mention title="([^"]*)">/g)].map((m) => m[1]);
    assert.deepEqual(titles, ['@file src/greet.ts', '@symbol area'], 'exactly the two mentions, not the removed one');
    assert.ok(sent.includes(`src/greet.ts (2 lines):\n1| ${GREET.split('\n')[0]}`), sent.slice(0, 600));
    assert.match(sent, /area in src\/math\.ts, lines 1-3:\n1\| export function area\(r: number\): number \{\n2\|   return Math\.PI \* r \* r;\n3\| \}/);
    assert.ok(!sent.includes('SIDE = 2'), 'the removed file is not sent');
    assert.match(sent, /<rules file="AGENTS\.md">/);

    // Forge: Show Request opens that request as read-only JSON.
    await runPaletteCommand(page, 'Forge: Show Request');
    await page.locator(SEL.activeTab).filter({ hasText: 'last-request.json' }).waitFor({ timeout: 15_000 });
    const shown = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(shown, /"model": "e2e-model"/);
    assert.match(shown, /"system": "You are Forge/);
    await s.shot('show-request');
  });
});
