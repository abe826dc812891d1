// Forge never decides for the engineer (issue 22), in a real VS Code (code-server 4.100.3) with the
// scripted model: typing in an editor while a proposal and then a command approval arrive keeps
// every keystroke in the editor and runs nothing; closing the review tab or Done with undecided
// hunks asks, and Keep Pending leaves them pending (the model is told) and reopenable; a file the
// engineer edited elsewhere is reverted hunk by hunk with their edits kept (bytes), the model's
// next request names the reverted hunks; Show Diff opens read-only documents, no Untitled ones.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith as frameWith } from './harness/workbench';

const KEY = `sk-forge-never-${randomBytes(12).toString('hex')}`;
const MATH = [
  'export function add(a: number, b: number): number {', '  return a + b;', '}', '',
  'export function sub(a: number, b: number): number {', '  return a - b;', '}', '',
  'export function mul(a: number, b: number): number {', '  return a * b;', '}', '',
  'export function div(a: number, b: number): number {', '  return a / b;', '}', '',
].join('\n');
const EDIT = [
  '--- a/src/math.ts', '+++ b/src/math.ts',
  '@@ -1,3 +1,3 @@', ' export function add(a: number, b: number): number {', '-  return a + b;', '+  return b + a; // commutative', ' }',
  '@@ -13,3 +13,4 @@', ' export function div(a: number, b: number): number {', "+  if (b === 0) throw new Error('division by zero');", '   return a / b;', ' }', '',
].join('\n');
const AFTER = MATH.replace('  return a + b;', '  return b + a; // commutative').replace('  return a / b;', "  if (b === 0) throw new Error('division by zero');\n  return a / b;");
const NOTES = '# Notes\n';
const DANGER = 'touch pwned.txt';

const toolCount = (r: RecordedRequest) => (r.body?.messages as { role: string }[] | undefined)?.filter((m) => m.role === 'tool').length ?? 0;
const chats = (srv: ModelServer) => srv.requests.filter((r) => r.path === '/v1/chat/completions');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e2e: Forge never decides for the engineer', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const n = toolCount(req);
        if (n === 0) return { text: 'I will tidy src/math.ts.', toolCalls: [{ name: 'propose_edits', arguments: { edit: EDIT, title: 'Tidy math' } }], chunkDelayMs: 40 };
        if (n === 1) return { toolCalls: [{ name: 'run_command', arguments: { command: DANGER } }], chunkDelayMs: 40 };
        return { toolCalls: [{ name: 'finish', arguments: { summary: 'Done.' } }] };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
    // Keystrokes must land as typed: no suggestion may take an Enter.
    settings['editor.quickSuggestions'] = { other: 'off', comments: 'off', strings: 'off' };
    settings['editor.suggestOnTriggerCharacters'] = false;
    settings['editor.acceptSuggestionOnEnter'] = 'off';
    settings['editor.wordBasedSuggestions'] = 'off';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-never-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'math.ts'), MATH);
      writeFileSync(join(dir, 'notes.md'), NOTES);
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  const bytes = (rel: string) => readFileSync(join(s.workspace, rel));

  /** Types `text` one key at a time into whatever has focus, `until` it returns true (checked between words). */
  async function typeUntil(page: Page, words: string[], until: () => Promise<boolean>, typed: string[]): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const w = words[i % words.length];
      await page.keyboard.type(w, { delay: 25 });
      typed.push(w);
      if (await until()) return;
    }
    throw new Error('the awaited event never came while typing');
  }

  async function focusNotesEnd(page: Page): Promise<void> {
    await s.wb.tab('notes.md').click();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.locator(SEL.focusedEditor).waitFor({ state: 'visible', timeout: 10_000 });
  }

  const reviewFrame = () => frameWith(s.wb.page, '.hunk-state');

  it('typing in an editor while a proposal and then an approval arrive keeps every keystroke there and runs nothing; closing the tab asks, Keep Pending keeps them', async () => {
    const page = s.wb.page;
    await runPaletteCommand(page, 'Forge: Set API Key');
    await page.locator('.quick-input-widget').filter({ hasText: /API key for Scripted Server/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(KEY);
    await page.keyboard.press('Enter');
    await page.locator(SEL.toastMessage).filter({ hasText: /Saved the API key/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The chat view is open, as it is after the first task (see the report: the very first reveal
    // of an unresolved chat view uses VS Code's focus command, which lands when the view loads).
    await runPaletteCommand(page, 'Forge: Focus on Chat View');
    await frameWith(page, '.chat-root');
    await s.wb.openFile('notes.md');

    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Tidy src/math.ts');
    await page.keyboard.press('Enter');
    // The engineer goes back to their notes and keeps typing.
    await focusNotesEnd(page);
    const typed: string[] = [];
    // The proposal is announced (a notification with Review, the status bar), nothing opens.
    const notice = page.locator(SEL.toast).filter({ hasText: /Forge proposes 2 hunks in 1 file: "Tidy math"/ });
    await typeUntil(page, ['typing ', 'while ', 'forge ', 'works '], async () => (await notice.count()) > 0, typed);
    // The review's one-key shortcuts (o opens a diff, a / r / e decide, Shift+A accepts all) and Enter.
    await page.keyboard.type('o r e a A R j k ', { delay: 25 });
    typed.push('o r e a A R j k ');
    await page.keyboard.press('Enter');
    typed.push('\n');
    assert.equal(await page.locator(SEL.focusedEditor).count(), 1, 'the editor kept the focus when the proposal arrived');
    assert.equal(await page.locator('.tabs-container .tab').filter({ hasText: /Review: Tidy math/ }).count(), 0, 'no panel opened on its own');
    await page.locator('.statusbar-item').filter({ hasText: /2 to review/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('never-proposal-announced');
    // The engineer chooses to look: Review opens the panel.
    await notice.first().getByRole('button', { name: 'Review' }).click();
    const frame = await reviewFrame();
    assert.equal(await frame.locator('.hunk-state').filter({ hasText: /^Pending$/ }).count(), 2, 'nothing was decided by the typing');
    assert.ok(bytes('src/math.ts').equals(Buffer.from(MATH)), 'nothing was written');

    // Closing the review tab with undecided hunks asks; Keep Pending is the default.
    await page.locator('.tabs-container .tab').filter({ hasText: /Review: Tidy math/ }).locator('.codicon-close, .action-label.codicon-close').first().click({ force: true });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dialog.innerText(), /2 hunks are still undecided in "Tidy math"/);
    await s.shot('never-close-asks');
    await dialog.getByRole('button', { name: 'Keep Pending', exact: true }).click();

    // The agent goes on and asks to run a command: the engineer is typing again, with Enters.
    await focusNotesEnd(page);
    const chat = await frameWith(page, '.chat-root');
    const card = () => chat.locator('.entry.approval').filter({ has: chat.locator('.approval-buttons') });
    await typeUntil(page, ['more ', 'notes '], async () => (await card().count()) > 0, typed);
    for (const w of ['still ', 'typing']) {
      await page.keyboard.type(w, { delay: 25 });
      typed.push(w);
    }
    await page.keyboard.press('Enter');
    typed.push('\n');
    await sleep(1500); // a command run by that Enter would show now
    assert.ok(!existsSync(join(s.workspace, 'pwned.txt')), 'the command did not run');
    assert.equal(await page.locator(SEL.focusedEditor).count(), 1, 'the editor kept the focus when the approval arrived');
    await s.shot('never-approval-while-typing');
    await page.keyboard.press('Control+S');
    await page.locator(`${SEL.activeTab}.dirty`).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(bytes('notes.md').toString('utf8'), NOTES + typed.join(''), 'every keystroke went into the editor');

    await card().getByRole('button', { name: 'Deny' }).click();
    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });
    assert.ok(!existsSync(join(s.workspace, 'pwned.txt')));
    const second = chats(srv).find((r) => toolCount(r) === 1)!;
    const tool = String(second.body.messages.find((m: { role: string }) => m.role === 'tool').content);
    assert.match(tool, /The user left 2 hunks undecided/);
    assert.match(tool, /hunk 1 left undecided[\s\S]*hunk 2 left undecided/);
    assert.doesNotMatch(tool, /rejected/);
    assert.ok(bytes('src/math.ts').equals(Buffer.from(MATH)), 'still nothing written');
  });

  it('Done with a pending hunk asks, and Keep Pending leaves it pending and reopenable (status bar, Show Pending Changes)', async () => {
    const page = s.wb.page;
    const status = page.locator('.statusbar-item').filter({ hasText: /2 to review/ });
    await status.waitFor({ state: 'visible', timeout: 20_000 });
    await status.click(); // Forge: Show Pending Changes
    let frame: Frame = await reviewFrame();
    await frame.locator('.hunk-state').filter({ hasText: /^Pending$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('.hunk').first().getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await frame.locator('.hunk').first().locator('.hunk-state').filter({ hasText: /^Accepted$/ }).waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('#root:not(.busy)').waitFor({ state: 'attached', timeout: 20_000 }); // (the write is finished)
    await frame.getByRole('button', { name: /^Done/ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dialog.innerText(), /1 hunk is still undecided/);
    await dialog.getByRole('button', { name: 'Keep Pending', exact: true }).click();
    await page.locator('.tabs-container .tab').filter({ hasText: /Review: Tidy math/ }).waitFor({ state: 'detached', timeout: 20_000 });
    const one = page.locator('.statusbar-item').filter({ hasText: /1 to review/ });
    await one.waitFor({ state: 'visible', timeout: 20_000 });

    await runPaletteCommand(page, 'Forge: Show Pending Changes');
    frame = await reviewFrame();
    await frame.locator('.hunk-state').filter({ hasText: /^Pending$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const states = await frame.locator('.hunk-state').allInnerTexts();
    assert.deepEqual(states.map((t) => t.trim()), ['Accepted', 'Pending'], 'the accepted hunk stayed accepted, the other pending');
    // Decide the last one: the panel stays open on its summary.
    await frame.locator('.hunk').nth(1).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await frame.locator('.review-summary').waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await frame.locator('.review-summary').innerText(), /2 hunks accepted[\s\S]*src\/math\.ts/);
    await s.shot('never-summary');
    assert.ok(bytes('src/math.ts').equals(Buffer.from(AFTER)));
    await frame.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('a file the engineer edited elsewhere is reverted hunk by hunk with their edits kept; the model hears which hunks', async () => {
    const page = s.wb.page;
    await runPaletteCommand(page, 'View: Close All Editors');
    // The engineer's own edits: a comment on top and a changed mul().
    const mine = `// mine\n${AFTER.replace('  return a * b;', '  return Math.imul(a, b);')}`;
    writeFileSync(join(s.workspace, 'src', 'math.ts'), mine);
    await runPaletteCommand(page, 'Forge: Revert Change Set...');
    await page.locator(SEL.quickInputRow).filter({ hasText: 'Tidy math' }).first().click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dialog.innerText(), /Revert "Tidy math"\?[\s\S]*src\/math\.ts: 2 hunks/);
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
    const want = `// mine\n${MATH.replace('  return a * b;', '  return Math.imul(a, b);')}`;
    const deadline = Date.now() + 20_000;
    while (!bytes('src/math.ts').equals(Buffer.from(want)) && Date.now() < deadline) await sleep(200);
    assert.equal(bytes('src/math.ts').toString('utf8'), want);
    assert.ok(bytes('src/math.ts').equals(Buffer.from(want)), 'Forge\'s two hunks reverted, the engineer\'s edits kept, byte for byte');
    await page.locator(SEL.toastMessage).filter({ hasText: /Reverted 2 hunks in src\/math\.ts \("Tidy math"\)/ }).waitFor({ state: 'visible', timeout: 20_000 });

    // Continue the task: the model's next request names the reverted hunks.
    const before = chats(srv).length;
    const chat = await frameWith(page, '.chat-root');
    await chat.locator('textarea').fill('please go on');
    await chat.locator('textarea').press('Enter');
    const deadline2 = Date.now() + 60_000;
    while (chats(srv).length === before && Date.now() < deadline2) await sleep(200);
    const next = JSON.stringify(chats(srv)[before].body.messages);
    // What the engineer decided later in the set they had kept pending, then the revert.
    assert.match(next, /the user has now decided the hunks they had left undecided in \\"Tidy math\\":\\n- src\/math\.ts: hunk 1 accepted, hunk 2 accepted/);
    assert.match(next, /the user reverted your change set \\"Tidy math\\"/);
    assert.match(next, /src\/math\.ts: hunk 1 \(line 2 of Forge's text: \\"  return b \+ a; \/\/ commutative\\"\); hunk 2 \(line 14 of Forge's text: \\"  if \(b === 0\) throw new Error\('division by zero'\);\\"\) removed/);
  });

  it('Show Diff from the Change Sets history opens read-only documents with the file\'s language, and no Untitled ones', async () => {
    const page = s.wb.page;
    await runPaletteCommand(page, 'View: Close All Editors');
    await runPaletteCommand(page, 'Forge: Focus on Change Sets View');
    await page.keyboard.press('Escape');
    // The Change Sets pane only (the hidden Explorer also lists math.ts).
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Change Sets' }) });
    const rows = pane.locator('.monaco-list-row');
    const set = rows.filter({ hasText: 'Tidy math' }).first();
    await set.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await set.innerText(), /reverted/);
    const file = rows.filter({ hasText: 'math.ts' }).filter({ hasNotText: 'Tidy math' }).first();
    await set.click();
    if (!(await file.isVisible())) await page.keyboard.press('ArrowRight'); // expands: the files
    await file.waitFor({ state: 'visible', timeout: 10_000 });
    for (let i = 0; i < 3; i++) {
      await file.click();
      await page.locator('.tabs-container .tab').filter({ hasText: /math\.ts: before Forge ↔ as Forge wrote it/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    }
    await s.shot('never-show-diff');
    const titles = await page.locator('.tabs-container .tab').allInnerTexts();
    assert.equal(titles.filter((t) => /Untitled/.test(t)).length, 0, `no Untitled document: ${titles.join(' | ')}`);
    assert.ok(titles.filter((t) => /before Forge/.test(t)).length >= 1);
    await page.locator('.statusbar-item').filter({ hasText: /^TypeScript$/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await runPaletteCommand(page, 'View: Close All Editors');
    await sleep(1000);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'closing asks to save nothing');
  });
});
