// Usage insights in a real VS Code (code-server): a task whose edit is accepted, then
// Forge: Show Usage opens the dashboard, whose tables show that task and review; Forge: Export
// Review Decisions writes the hunk's decision (the save path comes through the test hook).
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith as frameWith } from './harness/workbench';

const KEY = `sk-forge-usage-${randomBytes(12).toString('hex')}`;
const EDIT = '--- a/src/greet.ts\n+++ b/src/greet.ts\n@@ -1 +1,2 @@\n export const greet = () => "hi";\n+export const farewell = () => "bye";\n';

const EXPORT_FILE = join(tmpdir(), `forge-e2e-decisions-${randomBytes(6).toString('hex')}.jsonl`);

const hasToolResult = (r: RecordedRequest) => Array.isArray(r.body?.messages) && r.body.messages.some((m: { role: string }) => m.role === 'tool');

describe('e2e: Forge: Show Usage in code-server', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};

  before(async () => {
    // Read by the extension host (code-server inherits this environment): save here, no dialog.
    process.env.FORGE_TEST_EXPORT_DECISIONS = EXPORT_FILE;
    srv = await startModelServer({
      models: [{ id: 'usage-model', context_length: 32768 }],
      script: (req) => hasToolResult(req)
        ? { toolCalls: [{ name: 'finish', arguments: { summary: 'Added farewell.' } }], usage: { prompt_tokens: 900, completion_tokens: 20 } }
        : { toolCalls: [{ name: 'propose_edits', arguments: { edit: EDIT, title: 'Add farewell' } }], usage: { prompt_tokens: 800, completion_tokens: 60 } },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'usage-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-usage-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'greet.ts'), 'export const greet = () => "hi";\n');
      return dir;
    },
    settings,
  });

  after(async () => {
    delete process.env.FORGE_TEST_EXPORT_DECISIONS;
    rmSync(EXPORT_FILE, { force: true });
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('a task and its accepted review appear in the dashboard', async () => {
    const page = s.wb.page;
    await runPaletteCommand(page, 'Forge: Show Usage');
    const empty = await frameWith(page, '#forge-usage-empty');
    assert.match(await empty.locator('body').innerText(), /No usage yet/);

    await runPaletteCommand(page, 'Forge: Set API Key');
    await page.locator('.quick-input-widget').filter({ hasText: /API key for Scripted Server/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(KEY);
    await page.keyboard.press('Enter');
    await page.locator(SEL.toastMessage).filter({ hasText: /Saved the API key/ }).first().waitFor({ state: 'visible', timeout: 30_000 });

    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Add a farewell function');
    await page.keyboard.press('Enter');
    // A proposal is announced, not opened: Review in the notification opens the panel.
    await page.locator(SEL.toast).filter({ hasText: /Forge proposes 1 hunk in 1 file: "Add farewell"/ }).last().getByRole('button', { name: 'Review' }).click();
    const review = await frameWith(page, 'button:has-text("Accept All")');
    await review.getByRole('button', { name: 'Accept All' }).click();
    const chat = await frameWith(page, '.chat-root');
    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });

    await runPaletteCommand(page, 'Forge: Show Usage');
    const dash = await frameWith(page, 'table[data-table="byModel"]');
    const cells = async (table: string) => (await dash.locator(`table[data-table="${table}"] tbody tr`).first().locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(await cells('byModel'), ['usage-model', '1', '0', '100.0%']);
    assert.deepEqual(await cells('byLanguage'), ['typescript', '1', '0', '100.0%']);
    const perDay = await cells('perDay');
    assert.deepEqual(perDay.slice(1), ['1', '1700', '80', '-']);
    assert.match(await dash.locator('body').innerText(), /1 tasks, 1 reviews/);
    const hunks = await cells('hunks');
    assert.equal(hunks[0], '1', 'one hunk decided');
    assert.match(hunks[1], /^\d+\.\d s$/, 'its time to decide');
    await s.shot('usage-dashboard');

    await runPaletteCommand(page, 'Forge: Export Review Decisions...');
    await page.locator(SEL.toastMessage).filter({ hasText: /exported 1 review decisions/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(existsSync(EXPORT_FILE));
    const lines = readFileSync(EXPORT_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    const [d] = lines;
    assert.deepEqual([d.schema, d.exportVersion, d.path, d.decision, d.task, d.model, d.language], ['forge.review-decision', 1, 'src/greet.ts', 'accept', 'Add a farewell function', 'usage-model', 'typescript']);
    assert.deepEqual(d.proposedLines, ['export const greet = () => "hi";', 'export const farewell = () => "bye";']);
    assert.ok(typeof d.decideMs === 'number' && d.decideMs >= 0);
    assert.doesNotMatch(readFileSync(EXPORT_FILE, 'utf8'), new RegExp(KEY));
  });
});
