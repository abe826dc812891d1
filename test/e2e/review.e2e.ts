// The review experience in a real VS Code (code-server 4.100.3) with the packaged VSIX (issue 4):
// per-hunk accept / reject with a reason / edit-then-accept / reject a new file, disk bytes
// compared with what the panel rendered; "Forge: Revert Change Set..." restores the originals;
// CodeLens Accept and the Ctrl+Alt+Y keybinding in an editor; files changed on disk after the
// proposal (conflict, or re-located); how each hunk was placed; screenshots of the panel in light and dark themes.
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL } from './harness/workbench';
import * as W from './reviewFlowWorkspace';

const REVERT_COMMAND = 'Forge: Revert Change Set...';
const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';

/** A hunk as the panel rendered it: its first old line (1-based) and its body rows. */
interface RenderedHunk {
  oldStart: number;
  lines: { op: ' ' | '-' | '+'; text: string }[];
}

/**
 * The bytes a file must have once `hunks` (as rendered) are applied to `original`: each hunk's
 * old side (context and removed rows) must be at its old line, and is replaced by its new side
 * (context and added rows). Lines keep the file's own line ending.
 */
function applyRendered(original: string, hunks: RenderedHunk[]): string {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const final = original.endsWith(eol);
  const lines = original.split(eol);
  if (final) lines.pop();
  for (const h of [...hunks].sort((a, b) => b.oldStart - a.oldStart)) {
    const oldSide = h.lines.filter((l) => l.op !== '+').map((l) => l.text);
    const newSide = h.lines.filter((l) => l.op !== '-').map((l) => l.text);
    const at = h.oldStart - 1;
    assert.deepEqual(lines.slice(at, at + oldSide.length), oldSide, `the rendered hunk at line ${h.oldStart} matches the original there`);
    lines.splice(at, oldSide.length, ...newSide);
  }
  return lines.join(eol) + (final ? eol : '');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e2e: the review panel, inline review and revert in code-server', function () {
  const s = useVsCodeSession({ workspace: W.createReviewFlowWorkspace, theme: LIGHT });

  after(() => s.workspace && rmSync(s.workspace, { recursive: true, force: true }));

  const file = (rel: string) => join(s.workspace, rel);
  const bytes = (rel: string) => readFileSync(file(rel));
  const same = (rel: string, want: string) => existsSync(file(rel)) && bytes(rel).equals(Buffer.from(want));

  /** Polls until check() is true or the time is up (the caller's asserts then say what is wrong). */
  async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await sleep(200);
  }

  function assertBytes(rel: string, want: string, what: string): void {
    assert.ok(existsSync(file(rel)), `${rel} exists (${what})`);
    assert.equal(JSON.stringify(bytes(rel).toString('utf8')), JSON.stringify(want), `${rel}: ${what}`);
    assert.ok(bytes(rel).equals(Buffer.from(want)), `${rel} is byte-identical (${what})`);
  }

  async function reset(): Promise<void> {
    await s.wb.runCommand('View: Close All Editors');
    await s.wb.runCommand('Notifications: Clear All Notifications');
  }

  const hunkEl = (frame: FrameLocator, path: string, pos: number) => frame.locator(`.hunk[data-path="${path}"][data-pos="${pos}"]`);

  async function selectFile(frame: FrameLocator, path: string): Promise<void> {
    await frame.locator(`.file-row[data-path="${path}"] .name`).click();
    await frame.locator('.file-head .file-path').filter({ hasText: path }).waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The hunk's body rows as the panel shows them (unified view; context rows outside the body excluded). */
  async function renderedHunk(frame: FrameLocator, path: string, pos: number): Promise<RenderedHunk> {
    const el = hunkEl(frame, path, pos);
    await el.locator('.lines.unified').waitFor({ state: 'visible', timeout: 10_000 });
    return el.evaluate((node) => {
      const m = /@@ -(\d+)/.exec(node.querySelector('.hunk-range')?.textContent ?? '');
      return {
        oldStart: Number(m ? m[1] : NaN),
        lines: Array.from(node.querySelectorAll('.lines.unified .ln:not(.outer)')).map((r) => ({
          op: (r.classList.contains('add') ? '+' : r.classList.contains('del') ? '-' : ' ') as ' ' | '-' | '+',
          text: r.querySelector('.tx')?.textContent ?? '',
        })),
      };
    });
  }

  /** Shows the file (after a decision the panel moves on to the next pending hunk) and waits for the hunk's state. */
  async function waitForState(frame: FrameLocator, path: string, pos: number, state: string): Promise<void> {
    await selectFile(frame, path);
    await hunkEl(frame, path, pos).locator('.hunk-state').filter({ hasText: new RegExp(`^${state.replace(/[()]/g, '\\$&')}$`) })
      .waitFor({ state: 'visible', timeout: 20_000 });
  }

  /** Every hunk is decided: the panel stays open on its summary until Close. */
  async function panelClosed(): Promise<void> {
    await s.wb.tab(/Review:/).first().click(); // (the last decision may have come from an editor)
    const frame = s.wb.webviewFrame();
    await frame.locator('.review-summary').waitFor({ state: 'visible', timeout: 20_000 });
    await frame.getByRole('button', { name: 'Close', exact: true }).click();
    await s.wb.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 20_000 });
  }

  /** Switches the color theme through "Preferences: Color Theme" and waits until the workbench shows it. */
  async function setTheme(theme: string): Promise<void> {
    const page = s.wb.page;
    const input = page.locator(SEL.quickInput);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.fill('>Preferences: Color Theme');
    await page.locator(SEL.quickInputRow).filter({ hasText: /^\s*Preferences: Color Theme/ }).first().click();
    await page.locator(SEL.quickInputRow).filter({ hasText: theme }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(theme);
    await page.locator(SEL.quickInputRow).filter({ hasText: theme }).first().click();
    await page.locator(`.monaco-workbench.${theme === DARK ? 'vs-dark' : 'vs'}`).waitFor({ state: 'attached', timeout: 15_000 });
  }

  const A = 'three/src/calc.ts';
  const B = 'three/src/names.ts';
  const C = 'three/src/extra.ts';
  const REASON = 'division by zero is handled by the caller';

  it('per-hunk decisions, an edited hunk and a rejected new file write exactly what the panel showed', async () => {
    await reset();
    const frame = await s.wb.openPatchReview('three.patch');
    const page = s.wb.page;
    for (const p of [A, B, C]) await frame.locator(`.file-row[data-path="${p}"]`).waitFor({ state: 'visible' });
    assert.deepEqual(await frame.locator('.file-row .letter').allInnerTexts(), ['M', 'M', 'A'], 'badges: two modified files and an added one');

    await selectFile(frame, A);
    const a = [await renderedHunk(frame, A, 0), await renderedHunk(frame, A, 1)];
    assert.equal(await frame.locator(`.hunk[data-path="${A}"]`).count(), 2, 'calc.ts shows two hunks');
    await s.shot('review-three-proposed');

    // Hunk 1 of A: accept.
    await hunkEl(frame, A, 0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await waitForState(frame, A, 0, 'Accepted');
    const aExpected = applyRendered(W.CALC, [a[0]]);
    assert.equal(aExpected, W.CALC_HUNK1, 'the rendered hunk 1 is the patch\'s hunk 1');
    await until(() => same(A, aExpected));
    assertBytes(A, aExpected, 'hunk 1 accepted');

    // Hunk 2 of A: reject with a reason.
    await hunkEl(frame, A, 1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
    const reason = frame.locator('.reason-input');
    await reason.fill(REASON);
    await reason.press('Enter');
    await waitForState(frame, A, 1, 'Rejected');
    assert.match(await hunkEl(frame, A, 1).locator('.hunk-reason').innerText(), new RegExp(REASON));
    assert.equal(await frame.locator(`.file-row[data-path="${A}"]`).getAttribute('aria-label').then((l) => /Partly accepted/.test(l ?? '')), true, 'calc.ts is partly accepted');

    // B: edit the proposed text in the panel, then accept the edit with Ctrl+Enter.
    await selectFile(frame, B);
    const b = await renderedHunk(frame, B, 0);
    await hunkEl(frame, B, 0).getByRole('button', { name: 'Edit before accepting', exact: true }).click();
    const editor = frame.locator('textarea.editor');
    const draft = await editor.inputValue();
    assert.ok(draft.includes(W.NAMES_PROPOSED_LINE), `the editor starts from the proposed text: ${JSON.stringify(draft)}`);
    const edited = draft.replace(W.NAMES_PROPOSED_LINE, W.NAMES_EDITED_LINES.join('\n'));
    await editor.fill(edited);
    await editor.press('Control+Enter');
    await waitForState(frame, B, 0, 'Accepted (edited)');
    // The editor holds the changed lines only: the hunk's new side is its unchanged first and last lines around them.
    const first = b.lines.findIndex((l) => l.op !== ' ');
    const last = b.lines.length - 1 - [...b.lines].reverse().findIndex((l) => l.op !== ' ');
    const framed = [...b.lines.slice(0, first).map((l) => l.text), ...edited.split('\n'), ...b.lines.slice(last + 1).map((l) => l.text)];
    const bExpected = applyRendered(W.NAMES, [{ oldStart: b.oldStart, lines: [...b.lines.filter((l) => l.op !== '+').map((l) => ({ ...l, op: '-' as const })), ...framed.map((text) => ({ op: '+' as const, text }))] }]);
    assert.equal(bExpected, W.NAMES_EDITED, 'the rendered hunk with the edit is the expected CRLF text');
    await until(() => same(B, bExpected));
    assertBytes(B, bExpected, 'the edited text, CRLF kept');
    const shownAfterEdit = await renderedHunk(frame, B, 0);
    assert.deepEqual(shownAfterEdit.lines.filter((l) => l.op === '+').map((l) => l.text), framed, 'the panel shows the edited lines as added');

    // C: reject the new file (reason box, Enter). Every hunk is decided: the panel shows its summary.
    await selectFile(frame, C);
    await frame.locator('.file-head').getByRole('button', { name: 'Reject file', exact: true }).click();
    await frame.locator('.reason-input').fill('not needed yet');
    await frame.locator('.reason-input').press('Enter');
    await panelClosed();
    await sleep(1000); // a wrong late write would land now
    assertBytes(A, aExpected, 'only hunk 1 applied');
    assertBytes(B, W.NAMES_EDITED, 'the edited text');
    assert.ok(!existsSync(file(C)), 'the rejected new file was not created');
    assert.equal((await page.locator(SEL.toastMessage).allInnerTexts()).filter((t) => /Forge/.test(t) && /error|fail/i.test(t)).length, 0, 'no error notification');
  });

  it('"Forge: Revert Change Set..." restores the original bytes of A and B', async () => {
    assert.ok(same(A, W.CALC_HUNK1) && same(B, W.NAMES_EDITED), 'the previous test applied the change set');
    await reset();
    const page = s.wb.page;
    await runPaletteCommand(page, REVERT_COMMAND);
    const row = page.locator(SEL.quickInputRow).filter({ hasText: 'three.patch' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), /calc\.ts/, 'the pick lists the files');
    await s.shot('review-revert-pick');
    await row.click();
    // Revert asks first, listing the files.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dialog.innerText(), /three\/src\/calc\.ts: \d+ hunks?[\s\S]*three\/src\/names\.ts: \d+ hunks?/);
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
    await until(() => same(A, W.CALC) && same(B, W.NAMES));
    assertBytes(A, W.CALC, 'restored');
    assertBytes(B, W.NAMES, 'restored, CRLF and all');
    assert.ok(!existsSync(file(C)), 'the never-created file is still absent');
    await page.locator(SEL.toastMessage).filter({ hasText: /Reverted \d+ hunks? in three\/src\/calc\.ts, three\/src\/names\.ts \("three\.patch"\)/ }).waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('CodeLens Accept in an editor writes the hunk and the panel follows; Ctrl+Alt+Y accepts at the cursor', async () => {
    await reset();
    const page = s.wb.page;
    const P = 'lens/src/counter.ts';
    const frame = await s.wb.openPatchReview('lens.patch');
    const h0 = await renderedHunk(frame, P, 0);
    const h1 = await renderedHunk(frame, P, 1);
    await s.wb.openFile(P);

    const accept = page.locator('.codelens-decoration a').filter({ hasText: /^\s*Accept/ });
    await accept.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await accept.count(), 2, 'one Accept lens per pending hunk');
    // Only the lines the hunks remove are struck through, not their context lines.
    const struck = await page.locator('.editor-instance .view-lines').first().evaluate((el) =>
      Array.from(el.querySelectorAll('.view-line'))
        .filter((line) => Array.from(line.querySelectorAll('span')).some((sp) => getComputedStyle(sp).textDecorationLine.includes('line-through')))
        .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ').trim())
        .sort(),
    );
    assert.deepEqual(struck, ['this.n += 1;', 'this.n = 0;'], 'the removed lines, and only those, are struck through');
    await s.shot('review-codelens');
    await accept.first().click();
    const expected1 = applyRendered(W.COUNTER, [h0]);
    assert.equal(expected1, W.COUNTER_HUNK1);
    await until(() => same(P, expected1));
    assertBytes(P, expected1, 'CodeLens accepted hunk 1');
    await page.waitForFunction(() => document.querySelectorAll('.codelens-decoration a').length > 0 &&
      Array.from(document.querySelectorAll('.codelens-decoration a')).filter((a) => /Accept/.test(a.textContent ?? '')).length === 1, undefined, { timeout: 15_000 });
    assert.equal(await page.locator(`${SEL.activeTab}.dirty`).count(), 0, 'the editor was saved, not left dirty');

    // The panel shows hunk 1 accepted and hunk 2 still pending.
    await s.wb.tab(/Review: lens\.patch/).click();
    await waitForState(frame, P, 0, 'Accepted');
    await waitForState(frame, P, 1, 'Pending');

    // Back in the editor: the cursor on hunk 2, Ctrl+Alt+Y.
    await s.wb.tab('counter.ts').click();
    await page.locator(SEL.focusedEditor).waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Control+G');
    await page.locator(SEL.quickInput).fill(`:${W.COUNTER_HUNK2_LINE}`);
    await page.keyboard.press('Enter');
    await sleep(800); // the extension host sets forge.hunkAtCursor on the selection change
    await page.keyboard.press('Control+Alt+Y');
    const expected2 = applyRendered(W.COUNTER, [h0, h1]);
    assert.equal(expected2, W.COUNTER_BOTH);
    await until(() => same(P, expected2));
    assertBytes(P, expected2, 'Ctrl+Alt+Y accepted hunk 2');
    await panelClosed();
  });

  it('a file changed on disk where the hunk applies is a conflict and is not clobbered; a change elsewhere is re-located', async () => {
    await reset();
    const page = s.wb.page;
    const PARSE = 'stale/src/parse.ts';
    const LERP = 'stale/src/lerp.ts';
    const frame = await s.wb.openPatchReview('stale.patch');
    writeFileSync(file(PARSE), W.PARSE_CHANGED);
    writeFileSync(file(LERP), W.LERP_CHANGED);
    // The panel notices at once (a file watcher), before anyone decides: parse.ts is a conflict.
    await frame.locator(`.file-row.status-conflict[data-path="${PARSE}"]`).waitFor({ state: 'visible', timeout: 20_000 });

    // lerp.ts: its hunk's lines are untouched; the hunk is placed again and applied, the other change kept.
    await selectFile(frame, LERP);
    await hunkEl(frame, LERP, 0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await until(() => same(LERP, W.LERP_CHANGED_THEN_HUNK));
    assertBytes(LERP, W.LERP_CHANGED_THEN_HUNK, 're-located: the header and the clamp change kept, the hunk applied');
    await frame.locator(`.file-row.status-accepted[data-path="${LERP}"]`).waitFor({ state: 'visible', timeout: 10_000 });

    // parse.ts: the line the hunk replaces changed: conflict in the panel, a warning, nothing written.
    await selectFile(frame, PARSE);
    await hunkEl(frame, PARSE, 0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await frame.locator(`.file-row.status-conflict[data-path="${PARSE}"]`).waitFor({ state: 'visible', timeout: 20_000 });
    const banner = frame.locator('.file-head-wrap .banner-warning');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await banner.innerText(), /changed on disk/);
    const toast = page.locator(SEL.toast).filter({ hasText: /nothing was written: stale\/src\/parse\.ts changed on disk/ });
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    await s.shot('review-conflict');
    await sleep(1000);
    assertBytes(PARSE, W.PARSE_CHANGED, 'the conflicting file is not clobbered');
    assertBytes(LERP, W.LERP_CHANGED_THEN_HUNK, 'the re-located file is unchanged by the conflict');

    // The warning's "Reject File" settles it without writing.
    await toast.getByRole('button', { name: 'Reject File' }).click();
    await panelClosed();
    await sleep(500);
    assertBytes(PARSE, W.PARSE_CHANGED, 'still not clobbered after Reject File');
  });

  it('unsaved editor changes made after the proposal are kept: the hunk lands in the editor, left unsaved, disk untouched', async () => {
    await reset();
    const page = s.wb.page;
    const P = 'dirty/src/twice.ts';
    const frame = await s.wb.openPatchReview('dirty.patch');
    await s.wb.openFile(P);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter'); // a new first line (Enter after typed text would continue the comment)
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type(W.TWICE_DRAFT_LINE);
    await page.locator(`${SEL.activeTab}.dirty`).waitFor({ state: 'visible', timeout: 10_000 });

    await s.wb.tab(/Review: dirty\.patch/).click();
    await hunkEl(frame, P, 0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await panelClosed(); // its only hunk is decided
    await s.wb.tab('twice.ts').click();
    const lines = page.locator('.editor-instance .view-lines').first();
    await lines.filter({ hasText: 'return x + x;' }).waitFor({ state: 'visible', timeout: 15_000 });
    const text = await lines.evaluate((el) => Array.from(el.querySelectorAll('.view-line'))
      .map((l) => ({ top: parseFloat((l as HTMLElement).style.top), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top).map((l) => l.text));
    assert.deepEqual(text, W.TWICE_DRAFT_THEN_HUNK, 'the editor holds the draft line and the re-located hunk');
    assert.equal(await page.locator(`${SEL.activeTab}.dirty`).count(), 1, 'the editor is left unsaved, as it was');
    await sleep(500);
    assertBytes(P, W.TWICE, 'nothing saved behind the user\'s back');

    await s.wb.runCommand('File: Revert File'); // leave no unsaved editor behind for the next test
    await page.locator(`${SEL.activeTab}.dirty`).waitFor({ state: 'detached', timeout: 10_000 });
    assertBytes(P, W.TWICE, 'unchanged');
  });

  it('each hunk says how it was placed: exact, whitespace-tolerant, re-indented (screenshot)', async () => {
    await reset();
    const P = 'placed/src/calc.ts';
    const frame = await s.wb.openPatchReview('placed.patch');
    await selectFile(frame, P);
    await hunkEl(frame, P, 2).locator('.tag-placement').waitFor({ state: 'visible', timeout: 10_000 });
    const tags = await frame.locator(`.hunk[data-path="${P}"] .tag-placement`).allTextContents();
    assert.deepEqual(tags, ['exact', 'placed: whitespace-tolerant, 95%', 'placed: re-indented, 97%']);
    assert.equal(await frame.locator(`.hunk[data-path="${P}"] .tag-fuzzy`).count(), 2, 'the two inexact hunks carry the warning label');
    assert.match((await hunkEl(frame, P, 2).locator('.tag-placement').getAttribute('title'))!, /re-indented to the file/);
    await s.wb.page.mouse.move(0, 0);
    await s.shot('review-placement');
  });

  it('screenshots of the panel in light and dark themes', async () => {
    await reset();
    const CALC = 'shots/src/calc.ts';
    const NAMES = 'shots/src/names.ts';
    const frame = await s.wb.openPatchReview('shots.patch');
    await selectFile(frame, CALC);
    await hunkEl(frame, CALC, 0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await waitForState(frame, CALC, 0, 'Accepted');
    /** Hunk 2 with its reject reason box open and a reason typed. */
    const openReason = async () => {
      await hunkEl(frame, CALC, 1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
      await frame.locator('.reason-input').fill('use the existing helper instead');
    };
    await openReason();
    await s.wb.page.mouse.move(0, 0);
    await frame.locator('body.vscode-light').waitFor({ state: 'attached', timeout: 10_000 });
    await s.shot('review-light');

    await setTheme(DARK);
    await frame.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 15_000 });
    if (!(await frame.locator('.reason-input').isVisible())) await openReason(); // the palette's Escape closed it
    await s.wb.page.mouse.move(0, 0);
    await s.shot('review-dark');

    await frame.locator('.reason-input').press('Escape');
    await frame.getByRole('button', { name: 'Side by side', exact: true }).click();
    await frame.locator('.lines.split').first().waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('review-dark-split');
    await frame.getByRole('button', { name: 'Side by side', exact: true }).click();
    await selectFile(frame, NAMES);
    await hunkEl(frame, NAMES, 0).getByRole('button', { name: 'Edit before accepting', exact: true }).click();
    await frame.locator('textarea.editor').waitFor({ state: 'visible' });
    await s.shot('review-dark-edit');
  });

  it('Open in Editor: the hunk\'s new lines in a real editor with the file\'s language; "Use This Text" brings them back, Accept Edited writes them', async () => {
    // Continues the previous test: the hunk editor of shots/src/names.ts is open (dark theme).
    const page = s.wb.page;
    const NAMES = 'shots/src/names.ts';
    const frame = s.wb.webviewFrame();
    const panelEditor = frame.locator('textarea.editor');
    assert.equal(await panelEditor.inputValue(), W.NAMES_PROPOSED_LINE, 'the panel holds the changed line only');
    await frame.locator('[data-action=openInEditor]').click();
    const tab = s.wb.tab(/names · hunk 1/);
    await tab.first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.statusbar-item[id="status.editor.mode"]').filter({ hasText: 'TypeScript' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.statusbar-item[id="status.editor.indentation"]').filter({ hasText: 'Spaces: 2' }).waitFor({ state: 'visible', timeout: 15_000 });
    const lens = page.locator('.codelens-decoration a').filter({ hasText: /Use This Text/ });
    await lens.first().waitFor({ state: 'visible', timeout: 30_000 });
    const USER = '  return name;';
    await page.locator('.editor-instance .view-lines').filter({ hasText: /Hi,/ }).first().click(); // (Monaco shows spaces as U+00A0)
    await page.keyboard.press('Control+a');
    await page.keyboard.type(USER);
    await page.mouse.move(0, 0);
    copyFileSync(await s.shot('hunk-open-in-editor'), join(__dirname, '..', '..', 'docs', 'screenshots', 'hunk-open-in-editor-dark.png'));
    await lens.first().click();
    await tab.first().waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'closed without asking to save');
    await frame.locator('textarea.editor').waitFor({ state: 'visible', timeout: 15_000 });
    for (let i = 0; i < 50 && (await panelEditor.inputValue()) !== USER; i++) await sleep(300);
    assert.equal(await panelEditor.inputValue(), USER, 'the editor\'s text is in the panel');
    assert.ok(same(NAMES, W.NAMES), 'nothing written before Accept Edited');
    await panelEditor.press('Control+Enter');
    await waitForState(frame, NAMES, 0, 'Accepted (edited)');
    const want = W.NAMES.replace("  return 'Hi ' + name;", USER);
    await until(() => same(NAMES, want));
    assertBytes(NAMES, want, 'the text written in the VS Code editor, CRLF kept');
  });
});
