/**
 * The review panel says how each hunk was placed: a quiet "exact" label on exact hunks, a warning
 * label with the kind and confidence on every other one (whitespace-tolerant, re-indented,
 * repaired, fuzzy), and a strategy the panel does not know by its own name, never hidden.
 */
import { strict as assert } from 'node:assert';
import type { ReviewView } from '../../src/protocol/review';
import { makeHunk } from './fixtures';
import { useReviewHarness } from './harness';

const SHOTS = 'test-results/webview';

function placementView(): ReviewView {
  const specs: Array<[string, number]> = [
    ['exact', 1],
    ['whitespace', 0.95],
    ['indentation', 0.97],
    ['repaired', 0.9],
    ['fuzzy', 0.914],
    ['block-anchor', 0.8],
  ];
  const hunks = specs.map(([strategy, confidence], i) =>
    makeHunk(i, { at: 1 + i * 20, before: [`def step${i}():`], body: [`-    return ${i}`, `+    return ${i} + 1`], after: [''], strategy, confidence }),
  );
  // A host that does not know "repaired" yet sends fuzzy: false for it; the panel still flags it.
  hunks[3] = { ...hunks[3], fuzzy: false };
  return {
    changeSetId: 'cs-placement',
    title: 'Placement labels',
    files: [{ path: 'src/steps.py', action: 'update', status: 'pending', added: 6, removed: 6, hunkCount: 6, pendingHunks: 6, hunks }],
  };
}

describe('review panel webview: how each hunk was placed', function () {
  const suite = useReviewHarness();

  it('labels every hunk with its placement, warning on all but exact ones', async () => {
    const p = await suite.open();
    await p.show({ type: 'show', view: placementView() });
    const tags = p.page.locator('.hunk .tag-placement');
    assert.equal(await tags.count(), 6);
    assert.deepEqual(await tags.allTextContents(), [
      'exact',
      'placed: whitespace-tolerant, 95%',
      'placed: re-indented, 97%',
      'placed: repaired, 90%',
      'placed: fuzzy, 91%',
      'placed: block anchor, 80%',
    ]);
    assert.deepEqual(await tags.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))), ['exact', 'whitespace-tolerant', 're-indented', 'repaired', 'fuzzy', 'block-anchor']);
    assert.equal(await p.page.locator('.hunk .tag-exact').count(), 1);
    assert.equal(await p.page.locator('.hunk .tag-fuzzy').count(), 5, 'every non-exact hunk is flagged, known kind or not');
    assert.equal(await p.page.locator('.hunk .tag-fuzzy .codicon-warning').count(), 5);
    assert.match((await tags.nth(4).getAttribute('title'))!, /^Placed fuzzy, 91%: the old lines did not match exactly; placed at the most similar place\. Check that it landed in the right place\.$/);
    assert.match((await p.page.locator('.hunk').nth(2).getAttribute('aria-label'))!, /Pending, placed: re-indented, 97%$/);
    assert.doesNotMatch((await p.page.locator('.hunk').nth(0).getAttribute('aria-label'))!, /placed/);
    // The exact label is quiet (no border); the others use the editor's warning colour.
    const [exactBorder, warnColor] = await Promise.all([
      tags.nth(0).evaluate((e) => getComputedStyle(e).borderTopColor),
      tags.nth(1).evaluate((e) => getComputedStyle(e).color),
    ]);
    assert.equal(exactBorder, 'rgba(0, 0, 0, 0)');
    assert.notEqual(warnColor, await tags.nth(0).evaluate((e) => getComputedStyle(e).color));
    await p.page.screenshot({ path: `${SHOTS}/placement-labels.png` });
  });
});
