// Review mode `end` in a real VS Code (code-server 4.100.3): with forge.review = "end" the agent's
// proposal goes into the files at once (the model reads it back from disk), and when the task
// finishes its whole change set opens in the review panel with every hunk already applied.
// Rejecting one hunk and a new file puts back exactly the bytes from before the task.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith } from './harness/workbench';

// CRLF, no final newline: the exact bytes must come back.
const CALC = 'export const add = (a, b) => a + b;\r\n\r\nexport const sub = (a, b) => a - b;\r\n\r\nexport const mul = (a, b) => a * b;';
const EDIT = [
  'src/calc.ts',
  '<<<<<<< SEARCH',
  'export const add = (a, b) => a + b;',
  '=======',
  'export const add = (a: number, b: number) => a + b;',
  '>>>>>>> REPLACE',
  'src/calc.ts',
  '<<<<<<< SEARCH',
  'export const sub = (a, b) => a - b;',
  '=======',
  'export const sub = (a: number, b: number) => a - b;',
  '>>>>>>> REPLACE',
  'NOTES.md',
  '```md',
  'Typed add and sub.',
  '```',
  '',
].join('\n');
const CALC_KEPT = CALC.replace('add = (a, b)', 'add = (a: number, b: number)');

const toolResults = (r: RecordedRequest): string[] => (r.body?.messages ?? []).filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => String(m.content));

describe('e2e: review mode end (working copy, one review at the end) in code-server', function () {
  let srv: ModelServer;
  /** edit: the typed-helpers task; dirty: an edit to a file with unsaved changes in its editor. */
  let mode: 'edit' | 'dirty' = 'edit';
  const settings: Record<string, unknown> = { 'forge.review': 'end' };

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const done = toolResults(req).length;
        if (mode === 'dirty') {
          return done === 0
            ? { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'src/calc.ts\n<<<<<<< SEARCH\nexport const mul = (a, b) => a * b;\n=======\nexport const mul = (a: number, b: number) => a * b;\n>>>>>>> REPLACE\n' } }] }
            : { toolCalls: [{ name: 'finish', arguments: { summary: 'calc.ts has unsaved changes; asked the user.' } }] };
        }
        return done === 0 ? { text: 'Typing the helpers.', toolCalls: [{ name: 'propose_edits', arguments: { edit: EDIT, title: 'Type add and sub' } }] }
          : done === 1 ? { toolCalls: [{ name: 'read_file', arguments: { path: 'src/calc.ts' } }] }
          : { toolCalls: [{ name: 'finish', arguments: { summary: 'Typed add and sub; wrote NOTES.md.' } }] };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-end-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'calc.ts'), CALC);
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('writes the proposal at once, reviews the whole task at the end, and Reject restores the exact bytes', async () => {
    const page = s.wb.page;
    const calc = join(s.workspace, 'src', 'calc.ts');
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Add types to calc');
    await page.keyboard.press('Enter');

    // The end review: the panel says the changes are already in the files.
    // A proposal is announced, not opened: Review in the notification opens the panel.
    await page.locator(SEL.toast).filter({ hasText: /Forge proposes/ }).last().getByRole('button', { name: 'Review' }).click();
    const review = await webviewFrameWith(page, '.banner-info');
    assert.match(await review.locator('.banner-info').innerText(), /already in your files/);
    assert.match(readFileSync(calc, 'utf8'), /add = \(a: number, b: number\)/, 'the working copy holds the edit during the review');
    assert.equal(readFileSync(join(s.workspace, 'NOTES.md'), 'utf8'), 'Typed add and sub.\n');

    // The model read its edit back from the file before the review.
    const chats = srv.requests.filter((r) => r.path === '/v1/chat/completions');
    assert.match(toolResults(chats[1])[0], /Written to the working copy/);
    assert.match(toolResults(chats[2])[1], /sub = \(a: number, b: number\)/);
    await s.shot('review-at-end-open');

    // Inline in the editor: the written lines carry Accept | Reject, the panel's words.
    await s.wb.openFile('src/calc.ts');
    await page.locator('.codelens-decoration a').filter({ hasText: /Accept/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await page.locator('.codelens-decoration a').filter({ hasText: /Accept/ }).count(), 2, 'one Accept per written hunk');
    assert.equal(await page.locator('.codelens-decoration a').filter({ hasText: /Keep/ }).count(), 0, 'no other word for the same decision');
    await s.shot('review-at-end-inline');
    await page.locator('.tab').filter({ hasText: 'Review: Task' }).click();

    // Keep the add hunk, reject the sub hunk and the new file.
    await review.locator('.file-row[data-path="src/calc.ts"] .name').click();
    const hunk = (pos: number) => review.locator(`.hunk[data-path="src/calc.ts"][data-pos="${pos}"]`);
    await hunk(0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await hunk(1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
    await review.locator('.reason-input').fill('keep sub untyped');
    await review.locator('.reason-input').press('Enter');
    const deadline = Date.now() + 30_000;
    while (readFileSync(calc, 'utf8') !== CALC_KEPT && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(readFileSync(calc).equals(Buffer.from(CALC_KEPT)), 'calc.ts: the kept hunk, the rejected one restored, CRLF and no final newline kept');

    await review.locator('.file-row[data-path="NOTES.md"] .name').click();
    await review.locator('.file-head').getByRole('button', { name: 'Reject file', exact: true }).click();
    await review.locator('.reason-input').fill('no notes');
    await review.locator('.reason-input').press('Enter');
    while (existsSync(join(s.workspace, 'NOTES.md')) && Date.now() < deadline + 30_000) await page.waitForTimeout(200);
    assert.equal(existsSync(join(s.workspace, 'NOTES.md')), false, 'the rejected new file is gone');

    // The task ends in the chat once every hunk is decided.
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });
    assert.match(await chat.locator('.cs-meta').first().innerText(), /in your files; reviewed when the task ends/);
    assert.match(await chat.locator('.cs-meta').last().innerText(), /1 of 3 hunks accepted/);
    await s.shot('review-at-end-done');
  });

  it('leaves a file with unsaved editor changes alone and tells the agent why', async () => {
    mode = 'dirty';
    const page = s.wb.page;
    const calc = join(s.workspace, 'src', 'calc.ts');
    await s.wb.openFile('src/calc.ts');
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('// wip');
    await page.locator('.tab.dirty').filter({ hasText: 'calc.ts' }).waitFor({ state: 'visible', timeout: 10_000 });
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Type mul');
    await page.keyboard.press('Enter');
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.entry.end.finished').filter({ hasText: 'asked the user' }).waitFor({ timeout: 60_000 });
    const chats = srv.requests.slice(before).filter((r) => r.path === '/v1/chat/completions');
    assert.match(toolResults(chats[1])[0], /src\/calc\.ts has unsaved changes in an editor/);
    assert.ok(readFileSync(calc).equals(Buffer.from(CALC_KEPT)), 'nothing was written to disk');
    assert.equal(await page.locator('.tab.dirty').filter({ hasText: 'calc.ts' }).count(), 1, 'the editor keeps its unsaved text');
  });
});

