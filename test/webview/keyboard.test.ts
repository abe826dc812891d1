import { strict as assert } from 'node:assert';
import { fixtureView } from './fixtures';
import { type ReviewPage, useReviewPage } from './harness';

const SHOTS = 'test-results/webview';

describe('review panel webview: keyboard only, ARIA and restored state', function () {
  const suite = useReviewPage(() => ({ type: 'show', view: fixtureView() }));
  let p: ReviewPage;
  beforeEach(() => (p = suite.page()));

  /** Tabs until the focused element matches, failing after `max` presses. */
  async function tabTo(pred: (f: { cls: string; label: string | null; tag: string }) => boolean, max = 20): Promise<void> {
    for (let i = 0; i < max; i++) {
      await p.page.keyboard.press('Tab');
      if (pred(await p.focused())) return;
    }
    assert.fail('did not reach the element with Tab');
  }

  it('reviews without a mouse: Tab to the files, Enter, accept one hunk, reject the next with a reason', async () => {
    const kb = p.page.keyboard;
    await tabTo((f) => /\bfile-row\b/.test(f.cls));
    assert.match((await p.focused()).label!, /^src\/http\/client\.ts, Modified, 3 added, 4 removed, Pending$/);
    await kb.press('Enter');
    let f = await p.focused();
    assert.match(f.cls, /\bhunk\b/);
    assert.match(f.label!, /^src\/http\/client\.ts, hunk 1 of 2, lines 12 to 14, 1 added, 3 removed, Pending$/);
    await kb.press('a');
    assert.deepEqual(await p.take(), [{ type: 'acceptHunk', path: 'src/http/client.ts', hunkIndex: 0 }]);
    f = await p.focused();
    assert.match(f.label!, /hunk 2 of 2/, 'focus moved on to the next hunk to decide');
    assert.match(await p.page.locator('[role=status]').textContent() ?? '', /Accepting hunk 1 of src\/http\/client\.ts/);
    await kb.press('r');
    assert.equal((await p.focused()).tag, 'input', 'the reason box has focus');
    await kb.type('keep the old close()');
    await kb.press('Enter');
    assert.deepEqual(await p.take(), [{ type: 'rejectHunk', path: 'src/http/client.ts', hunkIndex: 1, reason: 'keep the old close()' }]);
    // Both hunks of the first file are decided: focus went on to the next file.
    f = await p.focused();
    assert.match(f.label!, /^src\/http\/retry\.ts, hunk 1 of 1/);
    assert.equal(await p.page.locator('.file-row.selected .name').textContent(), 'retry.ts');
  });

  it('moves between hunks and files with j/k, n/p, ] and [', async () => {
    const kb = p.page.keyboard;
    await p.page.locator('.hunk').first().focus();
    await kb.press('j');
    assert.match((await p.focused()).label!, /client\.ts, hunk 2 of 2/);
    await kb.press('n');
    assert.match((await p.focused()).label!, /^src\/http\/retry\.ts, hunk 1 of 1/, 'j/n continue into the next file');
    await kb.press('k');
    assert.match((await p.focused()).label!, /client\.ts, hunk 2 of 2/);
    await kb.press(']');
    await kb.press(']');
    assert.match((await p.focused()).label!, /^src\/http\/sleep\.ts, hunk 1 of 1/);
    await kb.press('[');
    assert.match((await p.focused()).label!, /^src\/http\/retry\.ts/);
    await kb.press('p');
    await kb.press('p');
    assert.match((await p.focused()).label!, /client\.ts, hunk 1 of 2/);
    // Roving focus: exactly one hunk and one file row are in the Tab order.
    assert.equal(await p.page.locator('.hunk[tabindex="0"]').count(), 1);
    assert.equal(await p.page.locator('.file-row[tabindex="0"]').count(), 1);
  });

  it('edits with e and Ctrl+Enter, accepts a file with Alt+A, everything with Shift+A', async () => {
    const kb = p.page.keyboard;
    await p.page.locator('.hunk').nth(1).focus();
    await kb.press('e');
    assert.equal((await p.focused()).tag, 'textarea');
    await kb.press('Control+End');
    await kb.press('Enter'); // (a new line with this line's indentation; Enter never accepts)
    await kb.type('this.removeAllListeners();');
    await kb.press('Control+Enter');
    assert.deepEqual(await p.take(), [
      { type: 'editHunk', path: 'src/http/client.ts', hunkIndex: 1, newLines: ['    this.closed = true;', '    this.emit("close");', '    this.removeAllListeners();'] },
    ]);
    await kb.press('Alt+a');
    assert.deepEqual(await p.take(), [{ type: 'acceptFile', path: 'src/http/retry.ts' }], 'Alt+A accepts the file being looked at');
    await kb.press('Shift+A');
    assert.deepEqual(await p.take(), [{ type: 'acceptAll' }]);
  });

  it('in the file list, arrows move between files and a / r decide the focused file', async () => {
    const kb = p.page.keyboard;
    await p.page.locator('.file-row').first().focus();
    await kb.press('ArrowDown');
    await kb.press('ArrowDown');
    assert.match((await p.focused()).label!, /^src\/http\/sleep\.ts, Deleted/);
    assert.equal(await p.page.locator('.file-path').textContent(), 'src/http/sleep.ts', 'the diff follows the focused file');
    await kb.press('r');
    await kb.press('Enter');
    assert.deepEqual(await p.take(), [{ type: 'rejectFile', path: 'src/http/sleep.ts' }]);
    await kb.press('ArrowDown');
    await kb.press('a');
    assert.deepEqual(await p.take(), [{ type: 'acceptFile', path: 'docs/http.md' }], 'a rename without hunks is still a file: accepted by a');
  });

  it('shows shortcuts on hover and in a help list (?); toggles side by side with s; opens the diff with o', async () => {
    assert.equal(await p.page.locator('header [data-action=acceptAll]').getAttribute('title'), 'Accept All (Shift+A)');
    assert.equal(await p.page.locator('.hunk [data-action=rejectHunk]').first().getAttribute('title'), 'Reject hunk (R)');
    assert.equal(await p.page.locator('.hunk [data-action=editHunk]').first().getAttribute('title'), 'Edit before accepting (E)');
    await p.page.locator('.hunk').first().focus();
    await p.page.keyboard.press('?');
    assert.ok((await p.page.locator('.help-list dt').count()) >= 10);
    await p.page.keyboard.press('s');
    assert.equal(await p.page.locator('.lines.split').count(), 2);
    assert.match((await p.focused()).cls, /\bhunk\b/, 'focus stays on the hunk');
    await p.page.keyboard.press('o');
    assert.deepEqual(await p.take(), [{ type: 'openDiff', path: 'src/http/client.ts' }]);
    await p.page.screenshot({ path: `${SHOTS}/dark-help-side-by-side.png` });
  });

  it('restores selection, mode and an unfinished edit after a reload, then takes the host\'s fresh view', async () => {
    await p.page.locator('.file-row').nth(4).click();
    await p.page.keyboard.press('s');
    await p.page.locator('.hunk').first().focus();
    await p.page.keyboard.press('e');
    await p.page.locator('textarea').fill('export * from "./http/retry.js";');
    await p.page.waitForTimeout(400); // state is saved debounced
    await p.page.reload();
    await p.page.waitForSelector('.hunk');
    // Rendered from the saved state before the host said anything.
    assert.equal(await p.page.locator('.file-path').textContent(), 'src/index.ts');
    assert.equal(await p.page.locator('textarea').inputValue(), 'export * from "./http/retry.js";');
    assert.deepEqual((await p.posted()).map((m) => m.type), ['ready']);
    const view = fixtureView();
    view.files[4]!.status = 'conflict';
    view.files[4]!.conflictReason = 'changed on disk';
    await p.show({ type: 'show', view });
    assert.equal(await p.page.locator('.file-path').textContent(), 'src/index.ts', 'the same change set keeps the selection');
    assert.equal(await p.page.locator('.file-row.selected').getAttribute('aria-label'), 'src/index.ts, Modified, 1 added, 1 removed, Conflict');
    await p.page.locator('[data-action=cancelEdit]').click();
    assert.equal(await p.page.locator('.lines.split').count(), 1, 'side by side is still on');
  });
});
