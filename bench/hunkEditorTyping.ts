/**
 * The review panel's hunk editor: milliseconds per keystroke (insert a character, re-colour, lay
 * out) at the end of a hunk of 100 / 1,000 / 5,000 new lines, in Debian's headless chromium, against
 * a bare textarea holding the same text (the baseline: what typing costs without the editor).
 * Opening the editor is timed too. Figures, not a pass/fail test.
 *
 *   npx tsx bench/hunkEditorTyping.ts [keystrokes]
 */
import { makeHunk } from '../test/webview/fixtures';
import { ReviewHarness } from '../test/webview/harness';

const KEYS = Number(process.argv[2] ?? 30);

async function main(): Promise<void> {
  const harness = await ReviewHarness.start();
  console.log(`hunk editor typing: median / max ms per keystroke over ${KEYS} keystrokes at the end of the hunk`);
  console.log('new lines | open editor ms | editor median | editor max | bare textarea median | ratio');
  try {
    for (const n of [100, 1000, 5000]) {
      const p = await harness.open();
      const body = Array.from({ length: n }, (_, i) => `+  const value${i} = compute(${i}, "text ${i}"); /* line ${i} */`);
      const hk = makeHunk(0, { at: 10, before: ['function f() {'], body: ['-  old();', ...body], after: ['}'] });
      await p.show({ type: 'show', view: { changeSetId: `bench-${n}`, title: 'bench', files: [{ path: 'a.ts', action: 'update', status: 'pending', added: n, removed: 1, hunkCount: 1, pendingHunks: 1, hunks: [hk], indent: '  ' }] } });
      const t0 = Date.now();
      await p.page.locator('.hunk [data-action=editHunk]').click();
      await p.page.locator('textarea.editor').waitFor();
      await p.page.evaluate(() => document.body.getBoundingClientRect());
      const open = Date.now() - t0;
      const r = await p.page.evaluate((keys) => {
        const run = (ta: HTMLTextAreaElement) => {
          ta.focus();
          ta.setSelectionRange(ta.value.length, ta.value.length);
          const times: number[] = [];
          for (let i = 0; i < keys; i++) {
            const s = performance.now();
            document.execCommand('insertText', false, 'x');
            void ta.getBoundingClientRect().height; // (forces the layout the next frame would do)
            times.push(performance.now() - s);
          }
          times.sort((a, b) => a - b);
          return { median: times[Math.floor(keys / 2)]!, max: times[keys - 1]! };
        };
        const editor = document.querySelector<HTMLTextAreaElement>('textarea.editor')!;
        const bare = document.createElement('textarea');
        bare.value = editor.value;
        const mine = run(editor);
        document.body.appendChild(bare);
        return { mine, bare: run(bare) };
      }, KEYS);
      console.log(`${String(n).padStart(9)} | ${String(open).padStart(14)} | ${r.mine.median.toFixed(1).padStart(13)} | ${r.mine.max.toFixed(1).padStart(10)} | ${r.bare.median.toFixed(1).padStart(20)} | ${(r.mine.median / Math.max(r.bare.median, 0.05)).toFixed(1)}x`);
      await p.close();
    }
  } finally {
    await harness.close();
  }
}

void main();
