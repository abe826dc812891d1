import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import type { CompareView } from '../../src/protocol/compare';
import { CompareHarness, type ComparePage } from './compareHarness';

const SHOTS = 'test-results/webview';

const hunk = (index: number, line: number, from: string, to: string) => ({ index, line, lines: [{ op: '-' as const, text: from }, { op: '+' as const, text: to }] });

function view(): CompareView {
  const base = { linesAdded: 2, linesRemoved: 2, costUsd: 0.0042, tokens: 1834, durationMs: 12_000, check: { passed: true, command: 'npm test', outputTail: '3 passing' } };
  return {
    groupId: 'best-1',
    task: 'Make the greetings friendlier',
    candidates: [
      { ...base, id: 'best-1-a', letter: 'A', endpoint: 'Endpoint A', model: 'model-a', state: 'ended', pickable: true,
        files: [{ path: 'greet.js', action: 'update', added: 2, removed: 2, hunks: [hunk(0, 1, "exports.hi = () => 'hi';", "exports.hi = () => 'hello';"), hunk(1, 2, "exports.bye = () => 'bye';", "exports.bye = () => 'goodbye';")] }] },
      { ...base, id: 'best-1-b', letter: 'B', endpoint: 'Endpoint B', model: 'model-b', state: 'ended', pickable: true, linesAdded: 1, linesRemoved: 1, costUsd: null, check: { passed: false, command: 'npm test', outputTail: '1 failing' },
        files: [{ path: 'greet.js', action: 'update', added: 1, removed: 1, hunks: [hunk(0, 1, "exports.hi = () => 'hi';", "exports.hi = () => 'hey there';")] }] },
      { ...base, id: 'best-1-c', letter: 'C', endpoint: 'Endpoint C', model: 'model-c', state: 'running', pickable: false, linesAdded: 0, linesRemoved: 0, check: null, files: [] },
    ],
  };
}

describe('best-of-N comparison webview (Chromium)', function () {
  let h: CompareHarness;
  let p: ComparePage;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await CompareHarness.start();
  });
  after(async () => h?.close());
  beforeEach(async () => (p = await h.open(view())));
  afterEach(async () => {
    assert.deepEqual(p.errors, [], 'no page errors');
    assert.deepEqual(await p.csp(), [], 'no CSP violation');
    await p.page.context().close();
  });

  it('shows the candidates side by side with endpoint, model, files, lines, check, cost, tokens and time', async () => {
    const cols = p.page.locator('.candidate');
    assert.equal(await cols.count(), 3);
    const boxes = await Promise.all([0, 1, 2].map((i) => cols.nth(i).boundingBox()));
    assert.ok(boxes.every((b) => b && Math.abs(b.y - boxes[0]!.y) < 1), 'one row');
    assert.ok(boxes[0]!.x < boxes[1]!.x && boxes[1]!.x < boxes[2]!.x, 'side by side, in order');
    assert.ok(boxes[0]!.width >= 300, 'each column wide enough for code');
    const a = await cols.nth(0).innerText();
    for (const s of ['Endpoint A', 'model-a', 'FILES\n1', '+2 −2', 'passed', '$0.0042', '1,834', '12s']) assert.ok(a.includes(s), `${s} in ${JSON.stringify(a)}`);
    const b = await cols.nth(1).innerText();
    assert.match(b, /failed/);
    assert.match(b, /COST\n—/);
    assert.match(await cols.nth(2).innerText(), /Running…[\s\S]*Still running…/);
    assert.equal(await cols.nth(2).locator('[data-action=pick]').isDisabled(), true, 'a running candidate cannot be picked');
    assert.equal(await p.page.locator('.diff .add').first().textContent(), "+exports.hi = () => 'hello';");
    await p.page.screenshot({ path: `${SHOTS}/compare-dark.png` });
  });

  it('Review A posts pick with the reason; Enter in the reason box posts nothing', async () => {
    const reason = p.page.locator('#reason');
    await reason.fill('shortest diff, tests pass');
    await reason.press('Enter');
    assert.deepEqual(await p.take(), [], 'Enter never acts');
    await p.page.locator('.candidate').nth(0).locator('[data-action=pick]').click();
    assert.deepEqual(await p.take(), [{ type: 'pick', candidateId: 'best-1-a', reason: 'shortest diff, tests pass' }]);
  });

  it('takes hunks from several by keyboard (Space on the checkboxes); the host\'s refusal is shown as an alert', async () => {
    const take = p.page.locator('[data-action=takeHunks]');
    assert.equal(await take.isDisabled(), true, 'nothing selected yet');
    await p.page.locator('.take[data-candidate="best-1-a"][data-hunk="1"]').focus();
    await p.page.keyboard.press('Space');
    await p.page.locator('.take[data-candidate="best-1-b"][data-hunk="0"]').focus();
    await p.page.keyboard.press('Space');
    assert.equal(await take.innerText(), 'Review Selected Hunks (2)');
    await take.focus();
    const outline = await take.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none', 'a visible focus outline');
    await p.page.keyboard.press('Space');
    assert.deepEqual(await p.take(), [{ type: 'takeHunks', picks: [{ candidateId: 'best-1-a', path: 'greet.js', hunkIndex: 1 }, { candidateId: 'best-1-b', path: 'greet.js', hunkIndex: 0 }] }]);
    await p.send({ type: 'refused', message: 'greet.js: hunk 1 of candidate A and hunk 1 of candidate B both change line 1; take only one of them.' });
    const alert = p.page.getByRole('alert');
    assert.match(await alert.innerText(), /both change line 1; take only one of them/);
    await p.page.screenshot({ path: `${SHOTS}/compare-refused-dark.png` });
  });

  it('a candidate ending re-renders the page and keeps the picks, the reason and the focus', async () => {
    await p.page.locator('.take[data-candidate="best-1-a"][data-hunk="0"]').check();
    await p.page.locator('#reason').fill('keep');
    await p.page.locator('.candidate').nth(1).locator('[data-action=pick]').focus();
    const v = view();
    v.candidates[2] = { ...v.candidates[2]!, state: 'ended', pickable: true, files: [{ path: 'README.md', action: 'add', added: 1, removed: 0, hunks: [{ index: 0, line: 1, lines: [{ op: '+', text: '# hi' }] }] }] };
    await p.show({ ...v, groupId: 'best-1' });
    await p.page.waitForSelector('.candidate.state-ended >> nth=2');
    assert.equal(await p.page.locator('.take[data-candidate="best-1-a"][data-hunk="0"]').isChecked(), true);
    assert.equal(await p.page.locator('#reason').inputValue(), 'keep');
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.candidate), 'best-1-b');
    assert.equal(await p.page.locator('.candidate').nth(2).locator('[data-action=pick]').isDisabled(), false);
  });

  it('file text and names are text, never markup; a decided group offers nothing more', async () => {
    const v = view();
    v.candidates[0]!.files[0]!.path = '<img src=x onerror="window.__pwned=1">';
    v.candidates[0]!.files[0]!.hunks[0]!.lines[1]!.text = '<script>window.__pwned=1</script>';
    await p.show({ ...v, decided: 'Decided: candidate A went to the review panel.' });
    assert.equal(await p.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await p.page.locator('img').count(), 0);
    assert.match(await p.page.locator('.decided').innerText(), /candidate A went to the review panel/);
    assert.equal(await p.page.locator('[data-action=pick], [data-action=takeHunks]').count(), 0);
  });

  it('looks native in the light and high-contrast themes', async () => {
    for (const theme of ['light', 'hc'] as const) {
      const q = await h.open(view(), { theme });
      const bg = await q.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.notEqual(bg, 'rgba(0, 0, 0, 0)', `${theme}: the theme's editor background`);
      await q.page.screenshot({ path: `${SHOTS}/compare-${theme}.png` });
      assert.deepEqual(q.errors, []);
      await q.page.context().close();
    }
  });
});
