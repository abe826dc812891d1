// "Forge: Review Patch..." in a real VS Code (code-server 4.100.3) with the packaged VSIX:
// the panel lists the files, Accept All writes exactly the patched bytes, Reject All writes
// nothing, and a patch that does not apply names the file and hunk and writes nothing.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useVsCodeSession } from './harness/session';
import { SEL } from './harness/workbench';
import { createReviewWorkspace, FAREWELL_AFTER, GREET, GREET_AFTER, UTIL } from './reviewPatchWorkspace';

const REVIEW_COMMAND = 'Forge: Review Patch...';

describe('e2e: Forge: Review Patch... in code-server', function () {
  const s = useVsCodeSession({ workspace: createReviewWorkspace });

  after(() => s.workspace && rmSync(s.workspace, { recursive: true, force: true }));

  const file = (rel: string) => join(s.workspace, rel);
  const bytes = (rel: string) => readFileSync(file(rel));

  /** Starts each test from a clean editor area and no notifications. */
  async function reset(): Promise<void> {
    await s.wb.runCommand('View: Close All Editors');
    await s.wb.runCommand('Notifications: Clear All Notifications');
  }

  /** Polls until check() is true or the time is up (then the caller's asserts explain why). */
  async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  }

  it('Accept All writes the patched files byte for byte', async () => {
    await reset();
    const frame = await s.wb.openPatchReview('accept.patch');
    const text = await frame.locator('body').innerText();
    assert.match(text, /greet\.ts/, 'the panel lists the modified file');
    assert.match(text, /farewell\.ts/, 'the panel lists the added file');
    assert.match(text, /\+4\b/, 'the panel counts the 4 added lines');
    assert.match(text, /\+3\b/, "the panel counts the added file's 3 lines");
    await s.shot('reviewPatch-accept-panel');

    await frame.getByRole('button', { name: 'Accept All' }).click();
    await until(
      () => existsSync(file('accept/src/farewell.ts')) && bytes('accept/src/greet.ts').equals(Buffer.from(GREET_AFTER)),
    );
    await frame.getByText(/applying/i).first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await s.shot('reviewPatch-accept-done');
    assert.equal(bytes('accept/src/greet.ts').toString('utf8'), GREET_AFTER);
    assert.ok(bytes('accept/src/greet.ts').equals(Buffer.from(GREET_AFTER)), 'greet.ts is byte-identical');
    assert.ok(existsSync(file('accept/src/farewell.ts')), 'farewell.ts was created');
    assert.ok(bytes('accept/src/farewell.ts').equals(Buffer.from(FAREWELL_AFTER)), 'farewell.ts is byte-identical');
    assert.ok(bytes('accept/src/util.ts').equals(Buffer.from(UTIL)), 'the untouched file is unchanged');
  });

  it('Reject All closes the review and changes nothing on disk', async () => {
    await reset();
    const frame = await s.wb.openPatchReview('reject.patch');
    assert.match(await frame.locator('body').innerText(), /greet\.ts[\s\S]*farewell\.ts|farewell\.ts[\s\S]*greet\.ts/);
    await s.shot('reviewPatch-reject-panel');

    await frame.getByRole('button', { name: 'Reject All' }).click();
    // The review UI may ask for an optional reason first ("Why? ... Enter to reject").
    const reason = frame.getByPlaceholder(/why/i);
    if (await reason.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
      await s.shot('reviewPatch-reject-reason');
      await reason.press('Enter');
    }
    // The panel shows its summary (nothing written) until Close; then give a (wrong) write every chance to land.
    await frame.locator('.review-summary').filter({ hasText: 'No file was written.' }).waitFor({ state: 'visible', timeout: 15_000 });
    await frame.getByRole('button', { name: 'Close', exact: true }).click();
    await s.wb.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 2000));
    await s.shot('reviewPatch-reject-done');
    assert.ok(bytes('reject/src/greet.ts').equals(Buffer.from(GREET)), 'greet.ts unchanged');
    assert.ok(bytes('reject/src/util.ts').equals(Buffer.from(UTIL)), 'util.ts unchanged');
    assert.ok(!existsSync(file('reject/src/farewell.ts')), 'farewell.ts was not created');
  });

  it('a patch that does not apply shows one error naming the file and hunk, and writes nothing', async () => {
    await reset();
    await s.wb.openFile('conflict.patch');
    await s.wb.runCommand(REVIEW_COMMAND);

    // The error may be a notification or shown in the panel (which may first offer Accept All).
    const names = (t: string) => /util\.ts/.test(t) && /hunk/i.test(t);
    const deadline = Date.now() + 30_000;
    let toasts: string[] = [];
    let panelText = '';
    let clickedAccept = false;
    while (Date.now() < deadline) {
      toasts = (await s.wb.notifications()).filter(names);
      const iframe = s.wb.page.locator('iframe.webview.ready');
      panelText = (await iframe.count()) > 0 ? await s.wb.webviewFrame().locator('body').innerText({ timeout: 2000 }).catch(() => '') : '';
      if (toasts.length > 0 || names(panelText)) break;
      const accept = s.wb.webviewFrame().getByRole('button', { name: 'Accept All' });
      if (!clickedAccept && panelText && (await accept.isEnabled({ timeout: 500 }).catch(() => false))) {
        await accept.click();
        clickedAccept = true;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    await s.shot('reviewPatch-conflict-error');
    assert.ok(toasts.length > 0 || names(panelText), `no error naming util.ts and its hunk; notifications: ${JSON.stringify(await s.wb.notifications())}; panel: ${panelText.slice(0, 500)}`);
    assert.ok(toasts.length <= 1, `one error, not ${toasts.length}: ${JSON.stringify(toasts)}`);
    assert.match(toasts[0] ?? panelText, /hunk\s*#?\s*2\b|@@ -20,3|line 20\b/i, 'the error says which hunk (the second)');

    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(bytes('conflict/src/greet.ts').equals(Buffer.from(GREET)), 'greet.ts unchanged although its hunk applies: nothing is half applied');
    assert.ok(bytes('conflict/src/util.ts').equals(Buffer.from(UTIL)), 'util.ts unchanged');
  });
});
