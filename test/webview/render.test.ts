import { strict as assert } from 'node:assert';
import { cpus, loadavg } from 'node:os';
import { fixtureView, largeView, maliciousView, summaryView } from './fixtures';
import { useReviewHarness, type ReviewPage } from './harness';

const SHOTS = 'test-results/webview';

describe('review panel webview: rendering', function () {
  const suite = useReviewHarness();
  let p: ReviewPage;

  it('renders a change set: files with badges and counts, the first file\'s hunks, fuzzy and syntax badges', async () => {
    p = await suite.open();
    await p.show({ type: 'show', view: fixtureView() });
    const page = p.page;
    assert.equal(await page.locator('.title').textContent(), 'Use the shared retry helper in the HTTP client');
    assert.match((await page.locator('.summary').textContent())!, /^5 files \+13 −6 · 5 of 5 hunks to review$/);
    assert.deepEqual(await page.locator('.file-row .letter').allTextContents(), ['M', 'A', 'D', 'R', 'M']);
    assert.deepEqual(await page.locator('.file-row .name').allTextContents(), ['client.ts', 'retry.ts', 'sleep.ts', 'http.md', 'index.ts']);
    assert.equal(await page.locator('.file-row').nth(0).locator('.counts').textContent(), '+3−4');
    assert.equal(await page.locator('.file-row').nth(0).getAttribute('aria-current'), 'true');
    assert.equal(await page.locator('[role=list][aria-label="Changed files"] > [role=listitem]').count(), 5);
    // Only the selected file's hunks are in the DOM.
    assert.equal(await page.locator('.hunk').count(), 2);
    const rows = page.locator('.hunk').nth(0).locator('.ln');
    assert.equal(await rows.count(), 12, '3 context + 6 body + 3 context');
    assert.deepEqual(await rows.nth(3).locator(':scope > span').allTextContents(), ['12', '12', '', '  async get(url: string) {']);
    assert.deepEqual(await rows.nth(4).locator(':scope > span').allTextContents(), ['13', '', '-', '    for (let i = 0; i < 3; i++) {']);
    assert.deepEqual(await rows.nth(7).locator(':scope > span').allTextContents(), ['', '13', '+', '    return withRetry(() => fetch(url), { attempts: 3 });']);
    const second = page.locator('.hunk').nth(1);
    assert.equal(await second.locator('.tag-fuzzy').textContent(), 'placed: fuzzy, 87%');
    assert.equal(await second.locator('.tag-syntax').textContent(), 'syntax: missing ")" at line 44');
    const label = (await second.getAttribute('aria-label'))!;
    assert.match(label, /^src\/http\/client\.ts, hunk 2 of 2, lines 40 to 41, 2 added, 1 removed, Pending, placed: fuzzy, 87%, syntax warning/);
    assert.equal(await page.locator('[aria-live=polite]').count(), 1);
    assert.equal(await page.locator('[data-action=acceptHunk]').first().getAttribute('title'), 'Accept hunk (A)');
    await page.screenshot({ path: `${SHOTS}/dark-unified.png` });
  });

  it('looks native in the light theme, side by side', async () => {
    p = await suite.open({ theme: 'light' });
    await p.show({ type: 'show', view: fixtureView() });
    await p.page.click('[data-action=toggleSideBySide]');
    assert.equal(await p.page.locator('.lines.split').count(), 2);
    assert.equal(await p.page.locator('[data-action=toggleSideBySide]').getAttribute('aria-pressed'), 'true');
    // Removed lines pair with added lines; the shorter side is filled.
    const row = p.page.locator('.hunk').nth(0).locator('.sbs').nth(4);
    assert.deepEqual(await row.locator(':scope > span').allTextContents(), ['13', '    for (let i = 0; i < 3; i++) {', '13', '    return withRetry(() => fetch(url), { attempts: 3 });']);
    assert.equal(await p.page.locator('.hunk').nth(0).locator('.sbs .tx.empty').count(), 2);
    await p.page.screenshot({ path: `${SHOTS}/light-side-by-side.png` });
  });

  it('stacks the file list above the diff in a narrow panel', async () => {
    p = await suite.open({ theme: 'light', width: 560, height: 700 });
    await p.show({ type: 'show', view: fixtureView() });
    const files = await p.page.locator('.files').boundingBox();
    const diff = await p.page.locator('.diff').boundingBox();
    assert.ok(files && diff && diff.y >= files.y + files.height - 1, 'diff below the files');
    assert.ok(diff!.width > 500);
    await p.page.screenshot({ path: `${SHOTS}/light-narrow.png` });
  });

  it('renders file text, paths, titles and reasons as text, never as HTML', async () => {
    p = await suite.open();
    await p.show({ type: 'show', view: maliciousView() });
    const page = p.page;
    assert.equal(await page.locator('img, script:not([src]), p[onclick], b').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('.hunk .ln.del .tx').textContent(), '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>');
    assert.equal(await page.locator('.file-row').getAttribute('title'), 'src/<b>evil</b>.html');
    assert.equal(await page.locator('.file-path').textContent(), 'src/<b>evil</b>.html');
    assert.match((await page.locator('.banner-error').textContent())!, /error <img src=x/);
    assert.match((await page.locator('.file-head-wrap .banner-warning').textContent())!, /^<img src=x/);
    await page.screenshot({ path: `${SHOTS}/dark-malicious.png` });
  });

  it('opens a 200-file, 20,000-line change set fast and keeps the DOM small', async function () {
    this.timeout(120_000);
    p = await suite.open({ theme: 'dark' });
    const view = largeView(200, 5, 10);
    const lines = view.files.reduce((n, f) => n + f.added + f.removed, 0);
    assert.equal(lines, 20_000);
    // What the host sends: every file's summary, the first file's hunks (the rest on demand).
    const summary = summaryView(view);
    const kb = (x: unknown) => (JSON.stringify(x).length / 1024).toFixed(0);
    await p.page.evaluate((fs) => (window.__hostFiles = fs), Object.fromEntries(view.files.map((f) => [f.path, f.hunks])));
    await p.page.evaluate((v) => ((window as unknown as { __large: unknown }).__large = v), summary);
    const r = await p.page.evaluate(async () => {
      const t0 = performance.now();
      window.postMessage({ type: 'show', view: (window as unknown as { __large: unknown }).__large }, '*');
      await new Promise<void>((resolve) => {
        const check = () => (document.querySelector('.hunk') ? resolve() : setTimeout(check, 0));
        check();
      });
      const seen = performance.now();
      document.body.getBoundingClientRect(); // force layout
      const laidOut = performance.now();
      await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
      const e = (name: string) => performance.getEntriesByName(name)[0];
      const handled = e('forge:show:handle');
      return {
        total: performance.now() - t0,
        delivered: (e('forge:show:parse')?.startTime ?? NaN) - t0,
        parse: e('forge:show:parse')?.duration ?? NaN,
        handle: handled?.duration ?? NaN,
        seen: seen - t0,
        layout: laidOut - seen,
      };
    });
    const ms = r.total;
    console.log(
      `      large set (200 files, 20,000 changed lines): first render ${ms.toFixed(0)} ms after postMessage ` +
        `(show ${kb(summary)} KB instead of ${kb(view)} KB; delivered after ${r.delivered.toFixed(0)} ms, zod parse ${r.parse.toFixed(0)} ms, ` +
        `render ${r.handle.toFixed(0)} ms, in the DOM at ${r.seen.toFixed(0)} ms, layout ${r.layout.toFixed(0)} ms, then the next frame; ` +
        `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
    );
    // The figure above is the measurement (target: under a second; 357-710 ms at load average
    // 10-12 on 2 cores). Timing is not a pass/fail criterion here; only a hang is.
    assert.ok(ms < 15_000, `first render took ${ms} ms: the panel hangs on a large set`);
    assert.equal(await p.page.locator('.file-row').count(), 200);
    assert.equal(await p.page.locator('.hunk').count(), 5);
    assert.match((await p.page.locator('.summary').textContent())!, /^200 files \+10,000 −10,000 · 1,000 of 1,000 hunks to review$/);
    // Moving through files stays quick: ] 50 times, timed inside the page (handler + layout);
    // each file shows a loading line, asks the host for its hunks and caches them.
    await p.page.locator('.hunk').first().focus();
    const per = await p.page.evaluate(() => {
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) {
        (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: ']', bubbles: true }));
        document.body.getBoundingClientRect();
      }
      return (performance.now() - t0) / 50;
    });
    console.log(`      next file (]): ${per.toFixed(1)} ms per file (handler and layout, before its hunks arrive)`);
    assert.equal(await p.page.locator('.file-row.selected .name').textContent(), 'module50.ts');
    await p.page.waitForFunction(() => /module50\.ts, hunk 1 of 5/.test(document.activeElement?.getAttribute('aria-label') ?? ''));
    const asked = (await p.posted()).filter((m) => m.type === 'loadFile');
    assert.equal(asked.length, 50, 'one loadFile per file visited');
    await p.page.screenshot({ path: `${SHOTS}/dark-large.png` });
  });

  it('renders one huge file in batches as it scrolls', async () => {
    p = await suite.open();
    const view = largeView(1, 400, 10); // 400 hunks, 8,000 changed lines in one file
    await p.show({ type: 'show', view });
    const first = await p.page.locator('.hunk').count();
    assert.ok(first > 0 && first < 400, `rendered ${first} of 400 at first`);
    await p.page.locator('.diff').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await p.page.waitForFunction((n) => document.querySelectorAll('.hunk').length > n, first);
    await p.page.locator('.hunk').first().focus();
    await p.page.keyboard.press('End');
    assert.equal(await p.page.locator('.hunk').count(), 400);
    assert.match((await p.focused()).label!, /hunk 400 of 400/);
  });
});
