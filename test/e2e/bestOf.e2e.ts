// Forge: Run Task on Several Endpoints in a real VS Code (code-server 4.100.3): one task on three
// endpoints (three scripted model servers, each answering differently), three worktrees at once,
// one group in the Tasks view; the side-by-side comparison (a screenshot kept in docs/screenshots);
// overlapping hunks from two candidates refused; candidate A picked with a reason, the others
// discarded after the warning, its hunks reviewed in the review panel; the checkout then holds
// exactly the accepted bytes, and the exported decisions hold the preference record naming all
// three endpoints.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { GREET, makeRepo, sh } from '../support/gitRepo';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith } from './harness/workbench';

const sr = (path: string, from: string, to: string) => `${path}\n<<<<<<< SEARCH\n${from}\n=======\n${to}\n>>>>>>> REPLACE\n`;
const EDITS: Record<string, string> = {
  A: sr('greet.js', "exports.hi = () => 'hi';", "exports.hi = () => 'hello';") + sr('greet.js', "exports.bye = () => 'bye';", "exports.bye = () => 'goodbye';"),
  B: sr('greet.js', "exports.hi = () => 'hi';", "exports.hi = () => 'hey';"),
  C: sr('README.md', '# demo', '# demo, friendlier') + sr('greet.js', "exports.bye = () => 'bye';", "exports.bye = () => 'see you';"),
};
const ACCEPTED = GREET.replace("'hi'", "'hello'");
/** The second round (after the first is committed): A and C retitle the README (overlapping), B renames bye's word. */
const ROUND2: Record<string, string> = {
  A: sr('README.md', '# demo', '# Demo project'),
  B: sr('greet.js', "exports.bye = () => 'bye';", "exports.bye = () => 'farewell';"),
  C: sr('README.md', '# demo', '# demo!'),
};
const EXPORT_FILE = join(tmpdir(), `forge-e2e-bestof-${randomBytes(6).toString('hex')}.jsonl`);
const SHOT = join(__dirname, '..', '..', 'docs', 'screenshots', 'best-of-3-compare.png');

/** Ticks the three endpoints in the multi-select (again where a tick was lost to a re-render), until it says 3 Selected. */
async function pickAllEndpoints(page: Page): Promise<void> {
  await page.locator(SEL.quickInputRow).filter({ hasText: 'Endpoint C' }).waitFor({ state: 'visible', timeout: 30_000 });
  for (let tries = 0; tries < 10; tries++) {
    if (await page.locator('.quick-input-widget').filter({ hasText: '3 Selected' }).count()) return;
    for (const l of ['A', 'B', 'C']) {
      const row = page.locator(SEL.quickInputRow).filter({ hasText: `Endpoint ${l}` });
      const box = row.getByRole('checkbox').first();
      if (!(await box.isChecked({ timeout: 2_000 }).catch(() => false))) await row.locator('input[type=checkbox], .monaco-checkbox, .quick-input-list-checkbox').first().click();
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the three endpoints could not be ticked');
}

const toolResults = (r: RecordedRequest): number => (r.body?.messages ?? []).filter((m: { role: string }) => m.role === 'tool').length;

/** Runs "Forge: Export Review Decisions..." until the export holds a preference record that `match` accepts (the record is written once the review ends). */
async function exportedPreference(page: Page, match: (line: Record<string, any>) => boolean): Promise<Record<string, any> | undefined> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    rmSync(EXPORT_FILE, { force: true });
    await runPaletteCommand(page, 'Forge: Export Review Decisions...');
    await page.locator(SEL.toast).filter({ hasText: /exported \d+ review decisions/ }).last().waitFor({ state: 'visible', timeout: 20_000 }).catch(() => undefined);
    const pref = existsSync(EXPORT_FILE) ? readFileSync(EXPORT_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.kind === 'preference' && match(l)) : undefined;
    if (pref) return pref;
    await page.waitForTimeout(500);
  }
  return undefined;
}

describe('e2e: best of 3 on three endpoints, compared side by side, one picked', function () {
  const servers: ModelServer[] = [];
  const settings: Record<string, unknown> = {};

  before(async () => {
    process.env.FORGE_TEST_EXPORT_DECISIONS = EXPORT_FILE;
    for (const [i, letter] of ['A', 'B', 'C'].entries()) {
      servers.push(await startModelServer({
        models: [{ id: `model-${letter.toLowerCase()}`, context_length: 32768 }],
        script: (req) => toolResults(req) === 0
          ? { toolCalls: [{ name: 'propose_edits', arguments: { edit: (JSON.stringify(req.body?.messages ?? []).includes('Second round') ? ROUND2 : EDITS)[letter], title: `Candidate ${letter}` } }], usage: { prompt_tokens: 900 + 100 * i, completion_tokens: 40 + 20 * i } }
          : { toolCalls: [{ name: 'finish', arguments: { summary: `Done by ${letter}.` } }], usage: { prompt_tokens: 1000 + 100 * i, completion_tokens: 10 } },
      }));
    }
    settings['forge.endpoints'] = servers.map((s, i) => {
      const l = 'ABC'[i]!;
      return { id: `ep-${l.toLowerCase()}`, label: `Endpoint ${l}`, baseUrl: s.url, model: `model-${l.toLowerCase()}`, maxContextTokens: 32768, pricing: { inputPerMillion: 1 + i, outputPerMillion: 4 } };
    });
    settings['forge.activeEndpoint'] = 'ep-a';
    // The check each candidate runs when it finishes (sandboxed): passes for a greeting longer than 3 letters.
    settings['forge.agent.checkCommand'] = 'node -e "process.exit(require(\'./greet.js\').hi().length > 3 ? 0 : 1)"';
  });

  const s = useVsCodeSession({ workspace: () => makeRepo(), settings });

  after(async () => {
    delete process.env.FORGE_TEST_EXPORT_DECISIONS;
    rmSync(EXPORT_FILE, { force: true });
    for (const srv of servers) await srv.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('runs the task on three endpoints at once, compares them, and writes exactly the picked hunks', async () => {
    const page = s.wb.page;
    const greet = join(s.workspace, 'greet.js');
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');

    await runPaletteCommand(page, 'Forge: Run Task on Several Endpoints');
    await page.locator(SEL.quickInputRow).filter({ hasText: 'Endpoint C' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await page.locator(SEL.quickInput).getAttribute('placeholder') ?? '', /Pick two or more endpoints/);
    await pickAllEndpoints(page);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agents do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Make the greetings friendlier');
    await page.keyboard.press('Enter');

    const ended = page.locator(SEL.toast).filter({ hasText: /the 3 candidates for "Make the greetings friendlier" have ended/ }).last();
    await ended.waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal(readdirSync(worktrees).length, 3, 'three worktrees');
    assert.ok(readFileSync(greet).equals(Buffer.from(GREET)), 'the checkout is untouched before the review');
    for (const [i, srv] of servers.entries()) assert.ok(srv.requests.length >= 2, `endpoint ${'ABC'[i]} answered its candidate`);

    await runPaletteCommand(page, 'Forge: Focus on Tasks View');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const groupRow = pane.locator('.monaco-list-row').filter({ hasText: 'Best of 3: Make the greetings friendlier' });
    await groupRow.waitFor({ state: 'visible', timeout: 20_000 });
    for (const l of ['A', 'B', 'C']) await pane.locator('.monaco-list-row').filter({ hasText: `${l} · Endpoint ${l}` }).filter({ hasText: /waiting for review/ }).waitFor({ state: 'visible', timeout: 20_000 });
    await s.shot('best-of-3-tasks-view');

    // The group's inline action (the notification's Compare does the same; toasts hide once the palette is used).
    await groupRow.hover();
    await groupRow.locator('.action-label[aria-label="Compare Candidates"]').click();
    const cmp = await webviewFrameWith(page, '.candidate[data-candidate]');
    const cols = cmp.locator('.candidate');
    assert.equal(await cols.count(), 3);
    const text = await Promise.all([0, 1, 2].map((i) => cols.nth(i).innerText()));
    assert.match(text[0]!, /Endpoint A[\s\S]*model-a[\s\S]*FILES\n1[\s\S]*\+2 −2[\s\S]*passed/);
    assert.match(text[1]!, /Endpoint B[\s\S]*model-b[\s\S]*\+1 −1[\s\S]*failed/);
    assert.match(text[2]!, /Endpoint C[\s\S]*model-c[\s\S]*FILES\n2[\s\S]*failed/, 'C left hi() alone: its check fails');
    for (const t of text) assert.match(t, /COST\n\$\d+\.\d+[\s\S]*TOKENS\n[\d,]+[\s\S]*TIME\n\d+s/);
    mkdirSync(join(SHOT, '..'), { recursive: true });
    await page.screenshot({ path: SHOT });
    await s.shot('best-of-3-compare');

    // Hunks from A and B that change the same line: refused, nothing happens.
    await cmp.locator('.take[data-candidate$="-A"][data-path="greet.js"][data-hunk="0"]').check();
    await cmp.locator('.take[data-candidate$="-B"][data-path="greet.js"][data-hunk="0"]').check();
    await cmp.locator('[data-action=takeHunks]').click();
    const alert = cmp.getByRole('alert');
    await alert.filter({ hasText: /^Not taken: B's hunk 1 of greet\.js \(lines 1-1\) overlaps A's hunk 1 of greet\.js \(lines 1-1\), which you took/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(readdirSync(worktrees).length, 3, 'nothing discarded');
    await cmp.locator('.take[data-candidate$="-B"][data-path="greet.js"][data-hunk="0"]').uncheck();

    // Pick A: the warning names what is lost; only its button goes on.
    await cmp.locator('#reason').fill('A passes the check and keeps the tone');
    await cols.nth(0).locator('[data-action=pick]').click();
    const warn = page.locator(SEL.toast).filter({ hasText: /discards the other candidates' worktrees/ }).last();
    await warn.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await warn.innerText(), /B \(Endpoint B\): 1 files of unreviewed work; C \(Endpoint C\): 2 files of unreviewed work/);
    await warn.getByRole('button', { name: 'Discard Others and Review A' }).click();

    const review = await webviewFrameWith(page, '.file-row[data-path="greet.js"]');
    const hunk = (pos: number) => review.locator(`.hunk[data-path="greet.js"][data-pos="${pos}"]`);
    const title = await review.locator('h1.title').innerText();
    assert.match(title, /^Task: Make the greetings friendlier \(check `node -e .*` passed\)$/, `the check result is on the change set: ${title}`);
    await hunk(0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await hunk(1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
    await review.locator('.reason-input').fill('keep bye');
    await review.locator('.reason-input').press('Enter');

    const deadline = Date.now() + 30_000;
    while ((readdirSync(worktrees).length > 0 || !readFileSync(greet).equals(Buffer.from(ACCEPTED))) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(readFileSync(greet).equals(Buffer.from(ACCEPTED)), 'exactly the accepted hunk of A');
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo\n', 'nothing of C');
    assert.deepEqual(readdirSync(worktrees), [], 'every worktree removed');
    await pane.locator('.monaco-list-row').filter({ hasText: 'A · Endpoint A' }).filter({ hasText: /done/ }).waitFor({ state: 'visible', timeout: 20_000 });
    for (const l of ['B', 'C']) assert.match(await pane.locator('.monaco-list-row').filter({ hasText: `${l} · Endpoint ${l}` }).innerText(), /done \(not picked\)/);
    assert.equal(sh(s.workspace, 'branch', '--list', 'forge/*'), '', 'and every branch');
    // The candidate's check result stays a line under it (check before done); expanding it comes last, as it pushes the other rows down.
    const rowA = pane.locator('.monaco-list-row').filter({ hasText: 'A · Endpoint A' });
    const checkRow = pane.locator('.monaco-list-row').filter({ hasText: /check `node -e .*` passed/ });
    await rowA.locator('.monaco-tl-twistie').click();
    await checkRow.waitFor({ state: 'visible', timeout: 20_000 });
    await rowA.locator('.monaco-tl-twistie').click();
    await checkRow.waitFor({ state: 'hidden', timeout: 20_000 });

    // The preference record in the export: all three endpoints, A chosen, its accepted hunk taken, the reason.
    const pref = await exportedPreference(page, () => true);
    assert.ok(pref, 'the export holds a preference record');
    assert.deepEqual(pref.candidates.map((c: { id: string; endpoint: string; model: string }) => [c.id, c.endpoint, c.model]), [['A', 'ep-a', 'model-a'], ['B', 'ep-b', 'model-b'], ['C', 'ep-c', 'model-c']]);
    assert.equal(pref.chosen, 'A');
    assert.deepEqual(pref.taken, [{ candidateId: 'A', path: 'greet.js', hunkIndex: 0 }]);
    assert.equal(pref.reason, 'A passes the check and keeps the tone');
    assert.deepEqual(pref.candidates.map((c: { check: string }) => c.check), ['passed', 'failed', 'failed']);
    assert.ok(pref.candidates.every((c: { tokens: number; costUsd: number }) => c.tokens > 0 && c.costUsd > 0));
    assert.equal(pref.schema, 'forge.review-decision');
  });

  it('takes hunks from two candidates as one review; the record names no single pick and what came from whom', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    sh(s.workspace, 'commit', '-qam', 'first round');
    await runPaletteCommand(page, 'Forge: Run Task on Several Endpoints');
    await page.locator(SEL.quickInputRow).filter({ hasText: 'Endpoint C' }).waitFor({ state: 'visible', timeout: 30_000 });
    await pickAllEndpoints(page);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agents do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Second round');
    await page.keyboard.press('Enter');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const groupRow = pane.locator('.monaco-list-row').filter({ hasText: 'Best of 3: Second round' });
    await groupRow.filter({ hasText: /ready to compare/ }).waitFor({ state: 'visible', timeout: 120_000 });
    await groupRow.hover();
    await groupRow.locator('.action-label[aria-label="Compare Candidates"]').click();
    const cmp = await webviewFrameWith(page, '.take[data-path="README.md"][data-candidate$="-C"]');
    await cmp.locator('.take[data-candidate$="-A"][data-path="README.md"]').check();
    await cmp.locator('.take[data-candidate$="-C"][data-path="README.md"]').check();
    await cmp.locator('[data-action=takeHunks]').click();
    await cmp.getByRole('alert').filter({ hasText: /^Not taken: C's hunk 1 of README\.md \(lines 1-1\) overlaps A's hunk 1 of README\.md/ }).waitFor({ state: 'visible', timeout: 20_000 });
    await cmp.locator('.take[data-candidate$="-C"][data-path="README.md"]').uncheck();
    await cmp.locator('.take[data-candidate$="-B"][data-path="greet.js"]').check();
    await cmp.locator('#reason').fill('title from A, wording from B');
    await cmp.locator('[data-action=takeHunks]').click();
    const warn = page.locator(SEL.toast).filter({ hasText: /selected hunks discards every candidate's worktree/ }).last();
    await warn.waitFor({ state: 'visible', timeout: 20_000 });
    await warn.getByRole('button', { name: 'Discard Worktrees and Review' }).click();
    const review = await webviewFrameWith(page, '.file-row[data-path="README.md"]');
    await review.locator('header [data-action=acceptAll]').click();
    const readme = join(s.workspace, 'README.md');
    const greet = join(s.workspace, 'greet.js');
    const want = ACCEPTED.replace("'bye'", "'farewell'");
    const deadline = Date.now() + 30_000;
    while ((readFileSync(readme, 'utf8') !== '# Demo project\n' || readFileSync(greet, 'utf8') !== want) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.equal(readFileSync(readme, 'utf8'), '# Demo project\n', "A's title");
    assert.ok(readFileSync(greet).equals(Buffer.from(want)), "B's wording, byte for byte");
    assert.deepEqual(readdirSync(worktrees), [], 'every worktree removed');

    const pref = await exportedPreference(page, (l) => l.task === 'Second round');
    assert.ok(pref, 'the second preference record is exported');
    assert.equal(pref.chosen, null, 'hunks from several: no single pick');
    assert.deepEqual(pref.taken, [{ candidateId: 'A', path: 'README.md', hunkIndex: 0 }, { candidateId: 'B', path: 'greet.js', hunkIndex: 0 }]);
    assert.equal(pref.reason, 'title from A, wording from B');
  });
});
