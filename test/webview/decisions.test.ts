import { strict as assert } from 'node:assert';
import { fixtureView } from './fixtures';
import { type ReviewPage, useReviewPage } from './harness';

const SHOTS = 'test-results/webview';

describe('review panel webview: decisions with the mouse', function () {
  const suite = useReviewPage(() => ({ type: 'show', view: fixtureView() }));
  let p: ReviewPage;
  beforeEach(() => (p = suite.page()));

  it('posts ready on load, then acceptAll when Accept All is clicked', async () => {
    assert.deepEqual((await p.posted())[0], { type: 'ready' });
    await p.page.click('header [data-action=acceptAll]');
    assert.deepEqual(await p.take(), [{ type: 'acceptAll' }]);
    // Until the host answers, the hunks say so and cannot be decided twice.
    assert.equal(await p.page.locator('.hunk .hunk-state').first().textContent(), 'Applying…');
    assert.equal(await p.page.locator('.hunk [data-action=acceptHunk]').count(), 0);
  });

  it('Reject All asks for an optional reason and posts rejectAll with it', async () => {
    await p.page.click('header [data-action=rejectAll]');
    const input = p.page.locator('header .reason-input');
    assert.ok(await input.evaluate((el) => el === document.activeElement), 'the reason box has focus');
    await input.fill('wrong approach, use the existing client');
    await input.press('Enter');
    assert.deepEqual(await p.take(), [{ type: 'rejectAll', reason: 'wrong approach, use the existing client' }]);
    assert.equal(await p.page.locator('.reason-box').count(), 0);
  });

  it('accepts one hunk and rejects another with a reason', async () => {
    const hunks = p.page.locator('.hunk');
    await hunks.nth(0).locator('[data-action=acceptHunk]').click();
    assert.deepEqual(await p.take(), [{ type: 'acceptHunk', path: 'src/http/client.ts', hunkIndex: 0 }]);
    await hunks.nth(1).locator('[data-action=rejectHunk]').click();
    assert.deepEqual(await p.take(), [], 'reject waits for the reason box');
    await p.page.screenshot({ path: `${SHOTS}/dark-reason-box.png` });
    const input = hunks.nth(1).locator('.reason-input');
    await input.fill('use the existing helper instead');
    await hunks.nth(1).locator('[data-action=confirmReject]').click();
    assert.deepEqual(await p.take(), [{ type: 'rejectHunk', path: 'src/http/client.ts', hunkIndex: 1, reason: 'use the existing helper instead' }]);
  });

  it('Escape in the reason box cancels without posting; an empty reason is left out', async () => {
    const hunk = p.page.locator('.hunk').nth(0);
    await hunk.locator('[data-action=rejectHunk]').click();
    await hunk.locator('.reason-input').press('Escape');
    assert.equal(await p.page.locator('.reason-box').count(), 0);
    assert.deepEqual(await p.take(), []);
    assert.match((await p.focused()).cls, /\bhunk\b/, 'focus returns to the hunk');
    await hunk.locator('[data-action=rejectHunk]').click();
    await hunk.locator('.reason-input').press('Enter');
    assert.deepEqual(await p.take(), [{ type: 'rejectHunk', path: 'src/http/client.ts', hunkIndex: 0 }]);
  });

  it('accepts and rejects whole files, from the file header and from the file list', async () => {
    await p.page.click('.file-head [data-action=acceptFile]');
    assert.deepEqual(await p.take(), [{ type: 'acceptFile', path: 'src/http/client.ts' }]);
    await p.page.locator('.file-row').nth(1).click();
    assert.equal(await p.page.locator('.file-path').textContent(), 'src/http/retry.ts');
    await p.page.click('.file-head [data-action=rejectFile]');
    await p.page.locator('.file-head-wrap .reason-input').fill('not needed');
    await p.page.locator('.file-head-wrap .reason-input').press('Enter');
    assert.deepEqual(await p.take(), [{ type: 'rejectFile', path: 'src/http/retry.ts', reason: 'not needed' }]);
    const row = p.page.locator('.file-row').nth(2);
    await row.hover();
    await row.locator('[data-action=acceptFile]').click();
    assert.deepEqual(await p.take(), [{ type: 'acceptFile', path: 'src/http/sleep.ts' }]);
  });

  it('edits a hunk before accepting: editHunk carries the edited lines', async () => {
    const hunk = p.page.locator('.hunk').nth(0);
    await hunk.locator('[data-action=editHunk]').click();
    const ta = hunk.locator('textarea.editor');
    // Only the changed lines are editable; the unchanged lines around them stay as they are.
    assert.equal(await ta.inputValue(), '    return withRetry(() => fetch(url), { attempts: 3 });');
    assert.ok(await ta.evaluate((el) => el === document.activeElement));
    const font = await ta.evaluate((el) => getComputedStyle(el).fontFamily);
    assert.match(font, /Mono|monospace/);
    await ta.fill('    return withRetry(() => fetch(url), { attempts: 5, delayMs: 50 });');
    await p.page.screenshot({ path: `${SHOTS}/dark-edit.png` });
    await hunk.locator('[data-action=saveEdit]').click();
    assert.deepEqual(await p.take(), [
      { type: 'editHunk', path: 'src/http/client.ts', hunkIndex: 0, newLines: ['  async get(url: string) {', '    return withRetry(() => fetch(url), { attempts: 5, delayMs: 50 });', '  }'] },
    ]);
  });

  it('cancels an edit with Escape and accepts one with Ctrl+Enter', async () => {
    const hunk = p.page.locator('.hunk').nth(1);
    await hunk.locator('[data-action=editHunk]').click();
    await hunk.locator('textarea').press('Escape');
    assert.equal(await p.page.locator('textarea').count(), 0);
    assert.deepEqual(await p.take(), []);
    await p.page.locator('.hunk').nth(1).locator('[data-action=editHunk]').click();
    const ta = p.page.locator('.hunk').nth(1).locator('textarea');
    await ta.press('End');
    await ta.pressSequentially(' // edited');
    await ta.press('Control+Enter');
    const [m] = await p.take();
    assert.deepEqual(m, { type: 'editHunk', path: 'src/http/client.ts', hunkIndex: 1, newLines: ['    this.closed = true;', '    this.emit("close"); // edited'] });
  });

  it('asks for more context and shows the host\'s lines', async () => {
    const hunk = p.page.locator('.hunk').nth(0);
    await hunk.locator('[data-action=expand][data-direction=above]').click();
    assert.deepEqual(await p.take(), [{ type: 'expandContext', path: 'src/http/client.ts', hunkIndex: 0, direction: 'above', count: 20 }]);
    const lines = Array.from({ length: 8 }, (_, i) => ({ op: ' ' as const, text: `// line ${i + 1}`, oldNo: i + 1, newNo: i + 1 }));
    await p.send({ type: 'contextLines', path: 'src/http/client.ts', hunkIndex: 0, direction: 'above', lines, more: false });
    const first = p.page.locator('.hunk').nth(0).locator('.ln').first();
    assert.deepEqual(await first.locator(':scope > span').allTextContents(), ['1', '1', '', '// line 1']);
    assert.equal(await p.page.locator('.hunk').nth(0).locator('[data-direction=above]').count(), 0, 'nothing more above');
  });

  it('opens the native diff editor for a file', async () => {
    await p.page.click('.file-head [data-action=openDiff]');
    assert.deepEqual(await p.take(), [{ type: 'openDiff', path: 'src/http/client.ts' }]);
  });

  it('applies the host\'s update: statuses, decisions, reasons and conflicts', async () => {
    await p.page.locator('.hunk').nth(0).locator('[data-action=acceptHunk]').click();
    await p.send({ type: 'busy', busy: true });
    assert.ok(await p.page.locator('header [data-action=acceptAll]').isDisabled(), 'busy disables the controls');
    await p.send({
      type: 'update',
      files: [
        { path: 'src/http/client.ts', status: 'partly', hunks: [{ index: 0, decision: 'accepted' }, { index: 1, decision: 'rejected', rejectReason: 'not this way' }] },
        { path: 'src/index.ts', status: 'conflict', conflictReason: 'src/index.ts changed on disk since the proposal' },
      ],
    });
    await p.send({ type: 'busy', busy: false });
    await p.send({ type: 'notice', message: 'Wrote src/http/client.ts' });
    const hunks = p.page.locator('.hunk');
    assert.equal(await hunks.nth(0).locator('.hunk-state').textContent(), 'Accepted');
    assert.equal(await hunks.nth(1).locator('.hunk-state').textContent(), 'Rejected');
    assert.equal(await hunks.nth(1).locator('.hunk-reason').textContent(), '“not this way”');
    assert.equal(await p.page.locator('.hunk [data-action=acceptHunk]').count(), 0);
    assert.match((await hunks.nth(1).getAttribute('aria-label'))!, /Rejected, reason: not this way/);
    const rows = p.page.locator('.file-row');
    assert.match((await rows.nth(0).getAttribute('class'))!, /status-partly/);
    assert.match((await rows.nth(0).getAttribute('aria-label'))!, /Partly accepted$/);
    assert.match((await rows.nth(4).getAttribute('class'))!, /status-conflict/);
    assert.equal(await p.page.locator('.file-head .file-status').textContent(), 'Partly accepted');
    assert.equal(await p.page.locator('[role=status][aria-live=polite]').textContent(), 'Wrote src/http/client.ts');
    assert.match((await p.page.locator('.summary').textContent())!, /3 of 5 hunks to review/);
    await rows.nth(4).click();
    assert.equal(await p.page.locator('.file-head-wrap .banner-warning').textContent(), 'src/index.ts changed on disk since the proposal');
    await p.page.screenshot({ path: `${SHOTS}/dark-after-update.png` });
  });

  it('after a failed apply (error, busy off) the hunk can be decided again', async () => {
    await p.page.locator('.hunk').nth(0).locator('[data-action=acceptHunk]').click();
    assert.equal(await p.page.locator('.hunk').nth(0).locator('.hunk-state').textContent(), 'Applying…');
    await p.send({ type: 'busy', busy: true });
    await p.send({ type: 'error', message: 'src/http/client.ts changed on disk; nothing was written' });
    await p.send({ type: 'busy', busy: false });
    assert.equal(await p.page.locator('[role=alert] .banner-text').textContent(), 'src/http/client.ts changed on disk; nothing was written');
    assert.equal(await p.page.locator('.hunk').nth(0).locator('.hunk-state').textContent(), 'Pending');
    await p.page.locator('.hunk').nth(0).locator('[data-action=acceptHunk]').click();
    assert.deepEqual((await p.take()).map((m) => m.type), ['acceptHunk', 'acceptHunk']);
  });

  it('ignores malformed host messages and says so', async () => {
    await p.send({ type: 'update', files: [{ path: 'src/http/client.ts', status: 'bogus' }] });
    await p.send({ type: 'show', view: { changeSetId: 'x' } });
    assert.match((await p.page.locator('.banner-error').textContent())!, /Ignored a malformed message/);
    assert.equal(await p.page.locator('.file-row').count(), 5, 'the view is unchanged');
    p.errors.splice(0); // the webview logs what it ignored
    await p.page.click('[data-action=dismissError]');
    assert.equal(await p.page.locator('.banner-error').count(), 0);
  });
});
