import { strict as assert } from 'node:assert';
import type { Locator } from 'playwright-core';
import type { Indent, ReviewFile, ReviewHunk, ReviewView } from '../../src/protocol/review';
import { makeHunk } from './fixtures';
import { type ReviewPage, useReviewHarness } from './harness';

const SHOTS = 'test-results/webview';

function file(path: string, hunks: ReviewHunk[], indent?: Indent): ReviewFile {
  return { path, action: 'update', status: 'pending', added: 1, removed: 1, hunkCount: hunks.length, pendingHunks: hunks.length, hunks, ...(indent ? { indent } : {}) };
}

/** A 2-space TypeScript file and a tab-indented Go file, each with one hunk that has unchanged lines inside its body. */
function view(): ReviewView {
  return {
    changeSetId: 'cs-editor',
    title: 'Editor',
    files: [
      file('src/shapes.ts', [makeHunk(0, {
        at: 7,
        before: ['/* shapes */', 'export function describe(s: Shape): string {'],
        body: ['   if (!s) {', '-    return "none";', '+    return `none (${s})`;', '   }', '-  return `area ${s.area()}`;', '+  return `area: ${s.area().toFixed(2)}`;', ' }'],
        after: ['', 'export const UNIT = 1;'],
      })], '  '),
      file('cmd/main.go', [makeHunk(0, {
        at: 3,
        before: ['func main() {'],
        body: [' \tif len(os.Args) < 2 {', '-\t\treturn', '+\t\tos.Exit(2)', ' \t}'],
        after: ['\trun(os.Args[1])', '}'],
      })], '\t'),
    ],
  };
}

describe('review panel webview: the hunk editor', function () {
  const suite = useReviewHarness();
  let p: ReviewPage;

  async function openEditor(path: string, theme?: 'dark' | 'light'): Promise<Locator> {
    p = await suite.open({ theme });
    await p.show({ type: 'show', view: view() });
    if (path !== 'src/shapes.ts') await p.page.locator(`.file-row[data-path="${path}"]`).click();
    await p.page.locator(`.hunk[data-path="${path}"] [data-action=editHunk]`).click();
    return p.page.locator('textarea.editor');
  }

  it('holds only the new lines: the unchanged lines around them are read-only, dimmed and numbered; focus and a label on open', async () => {
    const ta = await openEditor('src/shapes.ts');
    assert.equal(await ta.inputValue(), '    return `none (${s})`;\n  }\n  return `area: ${s.area().toFixed(2)}`;');
    assert.equal((await p.focused()).tag, 'textarea', 'the editor has focus');
    assert.match((await p.focused()).label!, /^Edit the new lines 10 to 12 of hunk 1 of src\/shapes\.ts\. Tab indents \(spaces: 2\).*Ctrl\+Enter accepts, Escape cancels/);
    assert.equal(await p.page.locator('.hunk textarea, .hunk [contenteditable]').count(), 1, 'one editable area');
    const above = p.page.locator('.edit-above .ln');
    assert.deepEqual(await above.locator('.tx').allTextContents(), ['/* shapes */', 'export function describe(s: Shape): string {', '  if (!s) {']);
    assert.deepEqual(await above.locator('.no').allTextContents(), ['7', '7', '8', '8', '9', '9']);
    assert.equal(await above.evaluateAll((rows) => rows.every((r) => r.classList.contains('outer'))), true, 'dimmed');
    assert.deepEqual(await p.page.locator('.edit-removed .ln.del .tx').allTextContents(), ['    return "none";', '  return `area ${s.area()}`;']);
    assert.deepEqual(await p.page.locator('.edit-below .ln .tx').allTextContents(), ['}', '', 'export const UNIT = 1;']);
    assert.deepEqual(await p.page.locator('.code-gutter > div').allTextContents(), ['10', '11', '12']);
    assert.deepEqual(await p.page.locator('.edit-below .ln').first().locator('.no').allTextContents(), ['13', '13']);
    assert.equal(await p.page.locator('.edit-hint').textContent(), 'Spaces: 2');
    await p.page.screenshot({ path: `${SHOTS}/dark-hunk-editor.png` });
  });

  it('colours the text as it is typed, on a <pre> that lies exactly under the transparent textarea', async () => {
    const ta = await openEditor('src/shapes.ts');
    const kw = p.page.locator('.code-hl .tok-kw').first();
    assert.equal(await kw.textContent(), 'return');
    const colours = await p.page.evaluate(() => {
      const pre = document.querySelector('.code-hl')!;
      const area = document.querySelector('textarea.editor')!;
      const word = pre.querySelector('.tok-kw')!;
      return { kw: getComputedStyle(word).color, plain: getComputedStyle(pre).color, area: getComputedStyle(area).color };
    });
    assert.notEqual(colours.kw, colours.plain, 'keywords are coloured');
    assert.equal(colours.area, 'rgba(0, 0, 0, 0)', 'the textarea\'s own text is transparent');
    await ta.press('Control+End');
    await ta.press('Enter');
    await p.page.keyboard.type('const n = 42; // answer');
    assert.equal(await p.page.locator('.code-hl .tok-num').last().textContent(), '42');
    assert.equal(await p.page.locator('.code-hl .tok-com').last().textContent(), '// answer');
    // Same box and the same metrics that place text, so the caret sits on the coloured glyphs.
    const m = await p.page.evaluate(() => {
      const keys = ['fontFamily', 'fontSize', 'lineHeight', 'paddingTop', 'paddingLeft', 'tabSize', 'whiteSpace', 'letterSpacing'] as const;
      const pre = document.querySelector<HTMLElement>('.code-hl')!;
      const area = document.querySelector<HTMLElement>('textarea.editor')!;
      const pick = (el: HTMLElement) => Object.fromEntries(keys.map((k) => [k, getComputedStyle(el)[k]]));
      const box = (el: HTMLElement) => JSON.stringify(el.getBoundingClientRect());
      return { pre: pick(pre), area: pick(area), same: box(pre) === box(area), scroll: area.scrollTop + area.scrollLeft };
    });
    assert.deepEqual(m.area, m.pre);
    assert.match(m.pre.fontFamily!, /Mono|monospace/);
    assert.ok(m.same, 'the textarea covers the <pre> exactly');
    assert.equal(m.scroll, 0, 'the textarea never scrolls away from the <pre>');
    assert.deepEqual(await p.page.locator('.code-gutter > div').allTextContents(), ['10', '11', '12', '13'], 'the gutter follows');
    assert.deepEqual(await p.page.locator('.edit-below .ln').first().locator('.no').allTextContents(), ['13', '14'], 'the lines below are numbered as they will be');
  });

  it('re-colours only what an edit changes, and every line after it whose colouring it changed (an opened comment)', async () => {
    const ta = await openEditor('src/shapes.ts');
    const lineEls = () => p.page.locator('.code-hl .code-line');
    const mark = () => p.page.evaluate(() => document.querySelectorAll('.code-hl .code-line').forEach((el, i) => ((el as HTMLElement).dataset.was = String(i))));
    await mark();
    await ta.press('Control+Home');
    await p.page.keyboard.type('/* ');
    assert.equal(await lineEls().evaluateAll((els) => els.filter((el) => el.querySelector('.tok-com')?.textContent === el.textContent).length), 3, 'all three lines are in the comment now');
    await mark();
    await p.page.keyboard.press('End');
    await p.page.keyboard.type(' */');
    assert.deepEqual(await lineEls().evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.was ?? 'new')), ['new', 'new', 'new'], 'closing it re-coloured the lines after');
    assert.equal(await p.page.locator('.code-hl .tok-kw').count(), 1, 'the last line reads as code again');
    await mark();
    await ta.press('Control+End');
    await p.page.keyboard.type(' x');
    assert.deepEqual(await lineEls().evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.was ?? 'new')), ['0', '1', 'new'], 'a change inside one line re-renders that line only');
    assert.deepEqual(await lineEls().allTextContents(), (await ta.inputValue()).split('\n'), 'the coloured copy reads as the text');
  });

  it('Tab and Shift+Tab use the file\'s 2 spaces; Enter keeps the line\'s indentation and never accepts; undo restores', async () => {
    const ta = await openEditor('src/shapes.ts');
    const kb = p.page.keyboard;
    await ta.press('Control+Home');
    await kb.press('Shift+Tab');
    assert.equal((await ta.inputValue()).split('\n')[0], '  return `none (${s})`;', 'outdented by 2');
    await kb.press('Tab');
    assert.equal((await ta.inputValue()).split('\n')[0], '    return `none (${s})`;', 'Tab at the start adds 2 spaces at the caret');
    // A selection over lines 2-3: each is indented by 2, then outdented back.
    await ta.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.indexOf('\n') + 1, el.value.length));
    await kb.press('Tab');
    assert.deepEqual((await ta.inputValue()).split('\n').slice(1), ['    }', '    return `area: ${s.area().toFixed(2)}`;']);
    await kb.press('Shift+Tab');
    assert.deepEqual((await ta.inputValue()).split('\n').slice(1), ['  }', '  return `area: ${s.area().toFixed(2)}`;']);
    await kb.press('Control+End');
    await kb.press('Enter');
    await kb.type('x;');
    assert.equal((await ta.inputValue()).split('\n').at(-1), '  x;', 'the new line starts at the line\'s indentation');
    assert.deepEqual(await p.take(), [], 'Enter posted nothing');
    // Native undo, one step per edit: typing, Enter, then the indentation changes.
    for (let i = 0; i < 8 && (await ta.inputValue()) !== '    return `none (${s})`;\n  }\n  return `area: ${s.area().toFixed(2)}`;'; i++) await kb.press('Control+z');
    assert.equal(await ta.inputValue(), '    return `none (${s})`;\n  }\n  return `area: ${s.area().toFixed(2)}`;', 'undo gets back to the proposal');
    await kb.press('Control+Shift+z');
    assert.notEqual(await ta.inputValue(), '    return `none (${s})`;\n  }\n  return `area: ${s.area().toFixed(2)}`;', 'redo works too');
  });

  it('in a tab-indented file Tab inserts a tab; Ctrl+M makes Tab move focus', async () => {
    const ta = await openEditor('cmd/main.go');
    assert.equal(await ta.inputValue(), '\t\tos.Exit(2)');
    assert.equal(await p.page.locator('.edit-hint').textContent(), 'Tabs');
    await ta.press('Home');
    await p.page.keyboard.press('Tab');
    assert.equal(await ta.inputValue(), '\t\t\tos.Exit(2)');
    await p.page.keyboard.press('Shift+Tab');
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await ta.inputValue(), '\tos.Exit(2)');
    assert.equal(await p.page.locator('.code-hl .tok-kw, .code-hl .tok-fn, .code-hl .tok-num').count() > 0, true, 'Go is coloured');
    await p.page.keyboard.press('Control+m');
    await p.page.keyboard.press('Tab');
    assert.notEqual((await p.focused()).tag, 'textarea', 'Tab left the editor');
    assert.equal(await ta.inputValue(), '\tos.Exit(2)');
  });

  it('Ctrl+Enter posts exactly the edited lines, framed by the hunk\'s unchanged lines; Escape cancels', async () => {
    const ta = await openEditor('src/shapes.ts');
    await ta.press('Escape');
    assert.equal(await p.page.locator('textarea').count(), 0);
    assert.deepEqual(await p.take(), []);
    await p.page.locator('.hunk [data-action=editHunk]').click();
    await ta.fill('    return "none";\n  }\n  // measured\n  return `area: ${s.area()}`;');
    await ta.press('Control+Enter');
    assert.deepEqual(await p.take(), [{
      type: 'editHunk', path: 'src/shapes.ts', hunkIndex: 0,
      newLines: ['  if (!s) {', '    return "none";', '  }', '  // measured', '  return `area: ${s.area()}`;', '}'],
    }]);
  });

  it('Open in Editor posts the text; the host\'s hunkText replaces it as one undoable edit and accepts nothing', async () => {
    const ta = await openEditor('src/shapes.ts');
    await ta.press('Control+End');
    await p.page.keyboard.type(' // mine');
    await p.page.locator('[data-action=openInEditor]').click();
    const [open] = await p.take();
    assert.deepEqual(open, { type: 'openInEditor', path: 'src/shapes.ts', hunkIndex: 0, text: '    return `none (${s})`;\n  }\n  return `area: ${s.area().toFixed(2)}`; // mine', indent: '  ' });
    await p.send({ type: 'hunkText', path: 'src/shapes.ts', hunkIndex: 0, text: '    return "none";\n  }\n  return "from the editor";' });
    assert.equal(await ta.inputValue(), '    return "none";\n  }\n  return "from the editor";');
    assert.equal((await p.focused()).tag, 'textarea');
    assert.equal(await p.page.locator('.code-hl .tok-str').last().textContent(), '"from the editor"', 'coloured');
    assert.deepEqual(await p.take(), [], 'nothing accepted');
    await p.page.keyboard.press('Control+z');
    assert.match(await ta.inputValue(), /\/\/ mine$/, 'undo gets the panel\'s own text back');
    await p.page.keyboard.press('Control+Shift+z');
    await ta.press('Control+Enter');
    assert.deepEqual((await p.take())[0], { type: 'editHunk', path: 'src/shapes.ts', hunkIndex: 0, newLines: ['  if (!s) {', '    return "none";', '  }', '  return "from the editor";', '}'] });
    // A late hunkText for a decided hunk changes nothing.
    await p.send({ type: 'hunkText', path: 'src/shapes.ts', hunkIndex: 0, text: 'late' });
    assert.equal(await p.page.locator('textarea').count(), 0);
  });

  it('reads well in the light theme too (screenshot)', async () => {
    await openEditor('src/shapes.ts', 'light');
    await p.page.keyboard.press('Control+End');
    await p.page.keyboard.press('Enter');
    await p.page.keyboard.type('// edited by hand');
    await p.page.screenshot({ path: `${SHOTS}/light-hunk-editor.png` });
  });
});
