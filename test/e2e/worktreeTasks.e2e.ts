// Forge: New Task in Worktree in a real VS Code (code-server 4.100.3) with the scripted model: the
// agent works in its own git worktree, the engineer's file stays as it was until the review, the
// Tasks view shows the task waiting for review, and Accept writes exactly the accepted hunk's bytes
// into the checkout; then the worktree and its branch are gone and the task is done.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { GREET, makeRepo, sh } from '../support/gitRepo';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith } from './harness/workbench';

const EDIT = [
  'greet.js',
  '<<<<<<< SEARCH',
  "exports.hi = () => 'hi';",
  '=======',
  "exports.hi = () => 'hello';",
  '>>>>>>> REPLACE',
  'greet.js',
  '<<<<<<< SEARCH',
  "exports.bye = () => 'bye';",
  '=======',
  "exports.bye = () => 'goodbye';",
  '>>>>>>> REPLACE',
  '',
].join('\n');
const ACCEPTED = GREET.replace("'hi'", "'hello'");

const toolResults = (r: RecordedRequest): string[] => (r.body?.messages ?? []).filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => String(m.content));

describe('e2e: a task in its own git worktree, reviewed against the checkout', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const done = toolResults(req).length;
        // The slow task: an edit, then a request that never answers in time (the window reloads meanwhile).
        if (JSON.stringify(req.body?.messages ?? []).includes('Slow README task')) {
          return done === 0 ? { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'README.md\n<<<<<<< SEARCH\n# demo\n=======\n# demo, slowly\n>>>>>>> REPLACE\n' } }] }
            : { fault: { kind: 'stallBeforeFirstByte', ms: 60_000 } };
        }
        if (JSON.stringify(req.body?.messages ?? []).includes('Pending README task')) {
          return done === 0 ? { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'README.md\n<<<<<<< SEARCH\n# demo\n=======\n# demo, reviewed\n>>>>>>> REPLACE\n' } }] }
            : { toolCalls: [{ name: 'finish', arguments: { summary: 'Retitled the README.' } }] };
        }
        return done === 0 ? { text: 'Editing greet.js.', toolCalls: [{ name: 'propose_edits', arguments: { edit: EDIT, title: 'Friendlier greetings' } }] }
          : { toolCalls: [{ name: 'finish', arguments: { summary: 'Made the greetings friendlier.' } }] };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({ workspace: () => makeRepo(), settings });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('leaves the checkout alone until the review, then writes exactly the accepted hunk', async () => {
    const page = s.wb.page;
    const greet = join(s.workspace, 'greet.js');
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Make the greetings friendlier');
    await page.keyboard.press('Enter');

    // The task's end review is announced; until then only the worktree changed.
    const toast = page.locator(SEL.toast).filter({ hasText: /Forge proposes/ }).last();
    await toast.waitFor({ state: 'visible', timeout: 90_000 });
    const ids = readdirSync(worktrees);
    assert.equal(ids.length, 1);
    assert.match(readFileSync(join(worktrees, ids[0]!, 'greet.js'), 'utf8'), /'hello'[\s\S]*'goodbye'/, 'the agent wrote in its worktree');
    assert.ok(readFileSync(greet).equals(Buffer.from(GREET)), 'the checkout is untouched before the review');
    assert.equal(sh(s.workspace, 'status', '--porcelain'), '');

    await runPaletteCommand(page, 'Forge: Focus on Tasks View');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = pane.locator('.monaco-list-row').filter({ hasText: 'Make the greetings friendlier' });
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), /waiting for review/);
    await s.shot('worktree-tasks-view-review');

    // Review from the Tasks view opens the review the task's end announced (not a second one).
    await row.hover();
    await row.locator('.action-label[aria-label="Review Worktree Task"]').click();
    const review = await webviewFrameWith(page, '.file-row[data-path="greet.js"]');
    await review.locator('.file-row[data-path="greet.js"] .name').click();
    const hunk = (pos: number) => review.locator(`.hunk[data-path="greet.js"][data-pos="${pos}"]`);
    await hunk(0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await hunk(1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
    await review.locator('.reason-input').fill('keep bye');
    await review.locator('.reason-input').press('Enter');

    const deadline = Date.now() + 30_000;
    while ((existsSync(join(worktrees, ids[0]!)) || !readFileSync(greet).equals(Buffer.from(ACCEPTED))) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(readFileSync(greet).equals(Buffer.from(ACCEPTED)), 'exactly the accepted hunk');
    assert.equal(existsSync(join(worktrees, ids[0]!)), false, 'the worktree is removed');
    await row.filter({ hasText: /done/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(sh(s.workspace, 'branch', '--list', 'forge/*'), '', 'and its branch (removed before the task shows done)');
    await s.shot('worktree-tasks-view-done');
  });

  it('after a window reload a running task shows stopped (window reloaded); Discard warns before losing its work', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Slow README task');
    await page.keyboard.press('Enter');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = () => pane.locator('.monaco-list-row').filter({ hasText: 'Slow README task' });
    await row().filter({ hasText: /running/ }).waitFor({ state: 'visible', timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    const edited = () => readdirSync(worktrees).some((id) => existsSync(join(worktrees, id, 'README.md')) && readFileSync(join(worktrees, id, 'README.md'), 'utf8').includes('slowly'));
    while (!edited() && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(edited(), 'the task wrote in its worktree');
    const id = readdirSync(worktrees)[0]!;

    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator(SEL.workbench).waitFor({ state: 'visible', timeout: 90_000 });
    await runPaletteCommand(page, 'Forge: Focus on Tasks View');
    await row().filter({ hasText: /stopped \(window reloaded\)/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await pane.innerText(), /Make the greetings friendlier[\s\S]*done/, 'the finished task is still listed');
    await s.shot('worktree-tasks-view-reloaded');

    await row().hover();
    await row().locator('.action-label[aria-label="Discard Worktree Task"]').click();
    const warn = page.locator(SEL.toast).filter({ hasText: /unreviewed work/ }).last();
    await warn.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await warn.innerText(), /README\.md/);
    assert.ok(existsSync(join(worktrees, id)), 'nothing removed before the engineer confirms');
    await warn.getByRole('button', { name: 'Discard and Lose the Work' }).click();
    await row().filter({ hasText: /done \(discarded\)/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(existsSync(join(worktrees, id)), false);
    assert.equal(sh(s.workspace, 'branch', '--list', 'forge/*'), '');
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo\n', 'the checkout never changed');
  });

  it('a review left pending keeps the worktree and says where; Review reopens that review, and once decided the worktree goes', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Pending README task');
    await page.keyboard.press('Enter');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = () => pane.locator('.monaco-list-row').filter({ hasText: 'Pending README task' });
    await row().filter({ hasText: /waiting for review/ }).waitFor({ state: 'visible', timeout: 60_000 });
    const id = readdirSync(worktrees)[0]!;
    const review = async () => {
      await row().hover();
      await row().locator('.action-label[aria-label="Review Worktree Task"]').click();
      return webviewFrameWith(page, '.hunk[data-path="README.md"]');
    };
    let frame = await review();
    await frame.getByRole('button', { name: /^Done/ }).click();
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Keep Pending', exact: true }).click();
    const kept = page.locator(SEL.toast).filter({ hasText: /still has hunks to review/ }).last();
    await kept.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok((await kept.innerText()).includes(join(worktrees, id)), 'the message says where the worktree is');
    await row().filter({ hasText: /review pending/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(existsSync(join(worktrees, id)));
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo\n');

    frame = await review();
    await frame.locator('.hunk-state').filter({ hasText: /^Pending$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('.hunk').first().getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await frame.locator('.review-summary').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo, reviewed\n');
    await row().hover();
    await row().locator('.action-label[aria-label="Review Worktree Task"]').click();
    await row().filter({ hasText: /done/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(existsSync(join(worktrees, id)), false);
  });

  it('runs two tasks at once; Stop ends one with its worktree kept; the other is refused where your file changed since', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    const start = async (text: string) => {
      await runPaletteCommand(page, 'Forge: New Task in Worktree');
      await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator(SEL.quickInput).fill(text);
      await page.keyboard.press('Enter');
    };
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = (t: string) => pane.locator('.monaco-list-row').filter({ hasText: t });
    await start('Slow README task again');
    await row('Slow README task again').filter({ hasText: /running/ }).waitFor({ state: 'visible', timeout: 30_000 });
    // greet.js in the checkout holds the hunk accepted in the first test: the task's base text is gone.
    await start('Second greetings task');
    await row('Second greetings task').filter({ hasText: /your files changed/ }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await page.locator(SEL.toast).filter({ hasText: /greet\.js changed in your checkout/ }).last().innerText()), /nothing was written/);
    assert.ok(readFileSync(join(s.workspace, 'greet.js')).equals(Buffer.from(ACCEPTED)), 'nothing written over your file');
    assert.match(await row('Slow README task again').innerText(), /running/, 'the other task still runs');
    assert.equal(readdirSync(worktrees).length, 2);
    await s.shot('worktree-tasks-view-two');

    await row('Slow README task again').hover();
    await row('Slow README task again').locator('.action-label[aria-label="Stop Worktree Task"]').click();
    await row('Slow README task again').filter({ hasText: /stopped/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(readdirSync(worktrees).length, 2, 'a stopped task keeps its worktree to Review or Discard');
  });
});
