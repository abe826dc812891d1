// An @symbol picked from the completion list by keyboard in a real VS Code (code-server 4.100.3):
// "@sym" lists the @symbol kind, Enter takes it, the symbol's name narrows the list (workspace
// symbols from the language server, or the outline index while it has not answered), Down and
// Enter choose one of two similar symbols, Enter sends; the scripted model server's request
// holds that symbol's definition and not the other one's.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer, type ModelServer } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, webviewFrameWith as frameWith } from './harness/workbench';

const GEOMETRY = [
  'export function circleArea(r: number): number {',
  '  return Math.PI * r * r;',
  '}',
  '',
  'export function circleCircumference(r: number): number {',
  '  const diameter = 2 * r;',
  '  return Math.PI * diameter;',
  '}',
  '',
].join('\n');

describe('e2e: an @symbol chosen from the completion list by keyboard (code-server)', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};
  before(async () => {
    srv = await startModelServer({ models: [{ id: 'e2e-model', context_length: 32768 }], script: () => ({ toolCalls: [{ name: 'finish', arguments: { summary: 'Read the symbol.' } }] }) });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });
  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-symbol-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'geometry.ts'), GEOMETRY);
      writeFileSync(join(dir, 'src', 'main.ts'), 'import { circleArea } from "./geometry";\nconsole.log(circleArea(2));\n');
      return dir;
    },
    settings,
  });
  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('types @sym, takes @symbol, narrows to two symbols, chooses the second by keyboard and sends: the request holds its definition', async () => {
    const page = s.wb.page;
    // An open TypeScript file starts the language server: the list must not wait for it to load the project.
    await s.wb.openFile('src/main.ts');
    await runPaletteCommand(page, 'Forge: Focus on Chat View');
    const chat = await frameWith(page, '.chat-root');
    const input = chat.locator('.composer .input');
    const menu = chat.locator('.mention-menu');
    await input.click();
    await page.keyboard.type('What does @sym');
    const kind = menu.locator('.mention-item[aria-selected="true"] .mention-label');
    await kind.filter({ hasText: /^@symbol$/ }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), 'What does @symbol:');
    await page.keyboard.type('circle');
    // Both symbols listed (by the language server or, until it answers, the outline index).
    const labels = menu.locator('.mention-item .mention-label');
    await labels.filter({ hasText: /^circleCircumference$/ }).waitFor({ timeout: 45_000 });
    await labels.filter({ hasText: /^circleArea$/ }).waitFor({ timeout: 5000 });
    const shown = await labels.allTextContents();
    const target = shown.indexOf('circleCircumference');
    console.log(`      [e2e] @symbol list: ${shown.join(', ')}; details: ${(await menu.locator('.mention-item .mention-detail').allTextContents()).join(' | ')}`);
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await kind.textContent(), 'circleCircumference', 'the keyboard selection is on the chosen symbol');
    await page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), 'What does @symbol:circleCircumference ');
    assert.equal(await menu.isHidden(), true, 'a finished mention closes the list');
    await page.keyboard.type('compute?');
    await chat.locator('.context-bar .chip[data-key="@symbol:circleCircumference"]').waitFor({ timeout: 30_000 });
    await s.shot('symbol-mention-chosen');

    const before = srv.requests.length;
    await page.keyboard.press('Enter');
    await chat.locator('.entry.end.finished').filter({ hasText: 'Read the symbol.' }).waitFor({ timeout: 60_000 });
    const req = srv.requests.slice(before).find((r) => r.path === '/v1/chat/completions');
    assert.ok(req, 'the task reached the model server');
    const sent = String(req.body.messages[1].content);
    assert.deepEqual([...sent.matchAll(/<mention title="([^"]*)">/g)].map((m) => m[1]), ['@symbol circleCircumference']);
    assert.match(sent, /circleCircumference in src\/geometry\.ts, lines 5-8:\n5\| export function circleCircumference\(r: number\): number \{\n6\|   const diameter = 2 \* r;\n7\|   return Math\.PI \* diameter;\n8\| \}/);
    assert.ok(!sent.includes('return Math.PI * r * r;'), 'the other symbol is not sent');
  });
});
