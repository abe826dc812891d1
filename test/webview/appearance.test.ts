import { strict as assert } from 'node:assert';
import { fixtureView, syntaxView } from './fixtures';
import { useReviewHarness, type ReviewPage } from './harness';

const SHOTS = 'test-results/webview';

/** Syntax colours and the high contrast theme, with screenshots for a person to look at. */
describe('review panel webview: syntax colours and high contrast', function () {
  const suite = useReviewHarness();
  let p: ReviewPage;

  /** The computed colour of the first token of a kind in the visible hunks. */
  const tokColour = (tok: string) => p.page.locator(`.hunk .tok-${tok}`).first().evaluate((el) => getComputedStyle(el).color);
  /** The first token of a kind: its colour, and whether it sits on an added or removed line. */
  const firstTok = (tok: string) => p.page.locator(`.hunk .tok-${tok}`).first().evaluate((el) => ({ colour: getComputedStyle(el).color, changed: !!el.closest('.ln.add, .ln.del') }));
  const rgb = (c: string): number[] => {
    const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(c);
    if (m) return [+m[1], +m[2], +m[3]];
    const n = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)\)/.exec(c)!;
    return [+n[1] * 255, +n[2] * 255, +n[3] * 255];
  };
  /** A theme colour, or on a changed line that colour mixed half with the text colour (for 4.5:1 on the tint). */
  async function assertTokColour(tok: string, base: string, text: string, what: string): Promise<void> {
    const t = await firstTok(tok);
    const want = t.changed ? rgb(base).map((v, i) => (v + rgb(text)[i]!) / 2) : rgb(base);
    const got = rgb(t.colour);
    assert.ok(got.every((v, i) => Math.abs(v - want[i]!) < 1), `${what}: ${t.colour} (on a ${t.changed ? 'changed' : 'context'} line), want ${want.map(Math.round).join(', ')}`);
  }

  it('colours code with the theme\'s colours in the editor font, light and dark, text unchanged', async () => {
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await p.close(); // (afterEach closes the last one)
      p = await suite.open({ theme, height: 640 });
      await p.serve(syntaxView());
      const expected = theme === 'light'
        ? { kw: 'rgb(0, 0, 255)', str: 'rgb(163, 21, 21)', num: 'rgb(9, 134, 88)', fn: 'rgb(101, 45, 144)', com: 'rgb(113, 113, 113)' }
        : { kw: 'rgb(78, 148, 206)', str: 'rgb(206, 145, 120)', num: 'rgb(181, 206, 168)', fn: 'rgb(177, 128, 215)', com: 'rgb(157, 157, 157)' };
      const text = theme === 'light' ? 'rgb(59, 59, 59)' : 'rgb(204, 204, 204)';
      for (const [tok, colour] of Object.entries(expected)) await assertTokColour(tok, colour, text, `${theme} ${tok}`);
      // Types: the class icon colour (pulled toward the text colour in light themes, more so on a changed line).
      const type = await firstTok('type');
      assert.ok(type.colour !== text, `${theme} type is coloured: ${type.colour}`);
      assert.equal(await p.page.locator('.hunk .tok-com').first().evaluate((el) => getComputedStyle(el).fontStyle), 'italic');
      const font = await p.page.locator('.hunk .ln .tx').first().evaluate((el) => getComputedStyle(el).fontFamily);
      assert.match(font, /Droid Sans Mono/, 'the editor font');
      // Colouring only wraps text in spans: every line reads exactly as sent.
      const sent = syntaxView().files[0]!.hunks![0]!;
      const shown = await p.page.locator('.hunk .ln .tx').allTextContents();
      assert.deepEqual(shown, [...sent.before, ...sent.lines, ...sent.after].map((l) => l.text));
      await p.page.screenshot({ path: `${SHOTS}/${theme}-syntax.png` });
      await p.page.locator('.file-row').nth(theme === 'light' ? 1 : 3).click();
      await p.page.waitForSelector('.hunk');
      await p.page.keyboard.press('s');
      await p.page.screenshot({ path: `${SHOTS}/${theme}-syntax-${theme === 'light' ? 'python' : 'html'}-side-by-side.png` });
      assert.ok(await p.page.locator('.hunk .tok-kw').count() > 0);
    }
  });

  it('high contrast: borders instead of fills, a visible selection and focus, coloured code', async () => {
    p = await suite.open({ theme: 'hc' });
    await p.serve(syntaxView());
    assert.equal(await p.page.evaluate(() => document.body.className), 'vscode-high-contrast');
    const add = p.page.locator('.hunk .ln.add').first();
    assert.equal(await add.evaluate((el) => getComputedStyle(el).outlineStyle), 'dashed', 'added lines are outlined');
    assert.equal(await add.evaluate((el) => getComputedStyle(el).outlineColor), 'rgb(51, 255, 46)');
    const row = p.page.locator('.file-row.selected');
    assert.equal(await row.evaluate((el) => getComputedStyle(el).outlineStyle), 'dotted', 'the selected file is outlined');
    assert.equal(await tokColour('str'), 'rgb(244, 135, 113)');
    await p.page.screenshot({ path: `${SHOTS}/hc-syntax.png` });
    await p.close();

    p = await suite.open({ theme: 'hc' });
    await p.show({ type: 'show', view: fixtureView() });
    await p.page.locator('.hunk').nth(1).focus();
    assert.equal(await p.page.locator('.hunk').nth(1).evaluate((el) => getComputedStyle(el).outlineColor), 'rgb(243, 133, 24)', 'focus uses the contrast border');
    await p.page.screenshot({ path: `${SHOTS}/hc-unified.png` });
    await p.page.locator('.hunk').nth(1).locator('[data-action=rejectHunk]').click();
    await p.page.screenshot({ path: `${SHOTS}/hc-reason-box.png` });
    await p.page.keyboard.press('Escape');
    await p.page.keyboard.press('s');
    await p.page.keyboard.press('?');
    await p.page.screenshot({ path: `${SHOTS}/hc-help-side-by-side.png` });
  });
});
