import { strict as assert } from 'node:assert';
import { fixtureView, summaryView } from './fixtures';
import { useReviewHarness, type ReviewPage } from './harness';

/** The review panel with the host's lazy `show`: summaries first, a file's hunks on demand. */
describe('review panel webview: files load on demand', function () {
  const suite = useReviewHarness();
  let p: ReviewPage;

  const label = async () => (await p.focused()).label ?? '';
  const waitLabel = (re: RegExp) => p.page.waitForFunction((src) => new RegExp(src).test(document.activeElement?.getAttribute('aria-label') ?? ''), re.source);

  it('shows a file list from summaries, asks for a file\'s hunks once, with a loading line meanwhile', async () => {
    p = await suite.open();
    // No stand-in host files: loadFile stays unanswered until the test replies.
    await p.show({ type: 'show', view: summaryView(fixtureView()) });
    assert.match((await p.page.locator('.summary').textContent())!, /^5 files \+13 −6 · 5 of 5 hunks to review$/);
    assert.equal(await p.page.locator('.hunk').count(), 2, 'the first file came with its hunks');
    await p.page.locator('.file-row').nth(1).click();
    assert.deepEqual(await p.take(), [{ type: 'loadFile', path: 'src/http/retry.ts' }]);
    assert.equal(await p.page.locator('.file-path').textContent(), 'src/http/retry.ts', 'the header shows at once');
    assert.equal(await p.page.locator('.loading').textContent(), 'Loading the hunk of src/http/retry.ts…');
    assert.equal(await p.page.locator('.hunks').getAttribute('aria-busy'), 'true');
    // Selecting it again while the request is out does not ask twice.
    await p.page.locator('.file-row').nth(0).click();
    await p.page.locator('.file-row').nth(1).click();
    assert.deepEqual(await p.take(), []);
    await p.send({ type: 'fileHunks', path: 'src/http/retry.ts', hunks: fixtureView().files[1]!.hunks! });
    await p.page.waitForSelector('.hunk');
    assert.equal(await p.page.locator('.loading').count(), 0);
    assert.equal(await p.page.locator('.hunk .ln').count(), 9);
    // Cached: going away and back asks nothing.
    await p.page.locator('.file-row').nth(0).click();
    await p.page.locator('.file-row').nth(1).click();
    assert.deepEqual(await p.take(), []);
    assert.equal(await p.page.locator('.hunk').count(), 1);
  });

  it('applies updates to files not loaded yet (status, pending count), then shows their decisions once loaded', async () => {
    p = await suite.open();
    await p.show({ type: 'show', view: summaryView(fixtureView()) });
    await p.send({ type: 'update', files: [{ path: 'src/http/sleep.ts', status: 'rejected', pendingHunks: 0, hunks: [{ index: 0, decision: 'rejected', rejectReason: 'keep it' }] }] });
    assert.match((await p.page.locator('.file-row').nth(2).getAttribute('aria-label'))!, /Rejected$/);
    assert.match((await p.page.locator('.summary').textContent())!, /4 of 5 hunks to review/);
    const hunks = fixtureView().files[2]!.hunks!.map((h) => ({ ...h, decision: 'rejected' as const, rejectReason: 'keep it' }));
    await p.page.locator('.file-row').nth(2).click();
    await p.send({ type: 'fileHunks', path: 'src/http/sleep.ts', hunks });
    await p.page.waitForSelector('.hunk');
    assert.equal(await p.page.locator('.hunk .hunk-state').textContent(), 'Rejected');
    assert.equal(await p.page.locator('.hunk .hunk-reason').textContent(), '“keep it”');
    // An update without a count for a loaded file is counted from its hunks.
    await p.send({ type: 'update', files: [{ path: 'src/http/client.ts', status: 'partly', hunks: [{ index: 0, decision: 'accepted' }] }] });
    assert.match((await p.page.locator('.summary').textContent())!, /3 of 5 hunks to review/);
  });

  it('keyboard moves into files not loaded yet: j/k across files, ] and [, and on to the next pending hunk', async () => {
    p = await suite.open();
    const view = fixtureView();
    view.files[1]!.hunks!.push({ ...view.files[1]!.hunks![0]!, index: 1, decision: 'accepted' });
    view.files[1]!.hunks!.reverse(); // retry.ts: hunk 1 already accepted, hunk 2 pending
    await p.serve(view);
    const kb = p.page.keyboard;
    await p.page.locator('.hunk').nth(1).focus();
    await kb.press('j');
    await waitLabel(/^src\/http\/retry\.ts, hunk 1 of 2/);
    await kb.press('k');
    assert.match(await label(), /client\.ts, hunk 2 of 2/, 'back into a loaded file at its last hunk');
    await kb.press(']');
    await kb.press(']');
    await waitLabel(/^src\/http\/sleep\.ts, hunk 1 of 1/);
    await kb.press('[');
    assert.match(await label(), /^src\/http\/retry\.ts, hunk 1 of 2/);
    const loads = (await p.take()).filter((m) => m.type === 'loadFile').map((m) => (m as { path: string }).path);
    assert.deepEqual(loads, ['src/http/retry.ts', 'src/http/sleep.ts'], 'each file asked for once');
    // Accepting in client.ts moves on to the next hunk still pending: retry.ts's second.
    await p.page.locator('.file-row').nth(0).click();
    await p.page.locator('.hunk').nth(0).focus();
    await kb.press('a');
    await kb.press('a');
    assert.deepEqual((await p.take()).map((m) => m.type), ['acceptHunk', 'acceptHunk']);
    await waitLabel(/^src\/http\/retry\.ts, hunk 2 of 2, .*Pending/);
  });

  it('moves through files whose hunks arrive later, and focus lands on the hunk when they do', async () => {
    p = await suite.open();
    await p.show({ type: 'show', view: summaryView(fixtureView()) });
    await p.page.locator('.hunk').nth(1).focus();
    await p.page.keyboard.press('j');
    assert.deepEqual(await p.take(), [{ type: 'loadFile', path: 'src/http/retry.ts' }]);
    const f = await p.focused();
    assert.match(f.cls, /\bloading\b/, 'focus waits on the loading line');
    await p.send({ type: 'fileHunks', path: 'src/http/retry.ts', hunks: fixtureView().files[1]!.hunks! });
    await waitLabel(/^src\/http\/retry\.ts, hunk 1 of 1/);
    await p.page.keyboard.press('a');
    assert.deepEqual(await p.take(), [{ type: 'acceptHunk', path: 'src/http/retry.ts', hunkIndex: 0 }, { type: 'loadFile', path: 'src/http/sleep.ts' }]);
  });

  it('a new show for the same change set asks again for the selected file if it does not carry it; ready names it after a reload', async () => {
    p = await suite.open();
    await p.serve(fixtureView());
    await p.page.locator('.file-row').nth(4).click();
    await p.page.waitForSelector('.hunk');
    await p.take();
    // The host re-sends the view (after re-locating a file) with the first file's hunks only.
    await p.page.evaluate(() => (window.__hostFiles = undefined));
    await p.send({ type: 'show', view: summaryView(fixtureView()) });
    assert.equal(await p.page.locator('.file-path').textContent(), 'src/index.ts', 'the selection is kept');
    assert.deepEqual(await p.take(), [{ type: 'loadFile', path: 'src/index.ts' }]);
    await p.page.waitForTimeout(400); // state is saved debounced
    await p.page.reload();
    await p.page.waitForFunction(() => window.__posted.length > 0);
    assert.deepEqual((await p.posted()).filter((m) => m.type === 'ready'), [{ type: 'ready', selectedPath: 'src/index.ts' }]);
  });
});
