/**
 * The webviews in another language: the chat view and the review panel opened with a
 * pseudo-translated bundle (what the host hands over from vscode.l10n.bundle) render every label,
 * button, title, aria-label and placeholder translated, and no English of the bundle is left.
 * Without a bundle (English) they render as before (the other webview tests).
 */
import { strict as assert } from 'node:assert';
import type { ChatHostMessage } from '../../src/protocol/chat';
import { ChatHarness, type ChatPage } from './chatHarness';
import { fixtureView } from './fixtures';
import { useReviewHarness } from './harness';
import { englishLeft, pseudoBundle, shownStrings } from './l10nPages';

const { english, pseudo } = pseudoBundle();
const tr = (s: string) => pseudo[s] ?? assert.fail(`"${s}" is not in l10n/bundle.l10n.json`);

/** A run that shows most of the chat's UI; the texts it carries are not English words. */
const RUN: ChatHostMessage[] = [
  { type: 'reset' },
  { type: 'setup', endpoint: 'noEndpoint' },
  { type: 'user', text: 'qqq' },
  { type: 'state', running: true, taskId: 't1' },
  { type: 'status', text: 'Step 1 of 100', step: { n: 1, of: 100 } },
  { type: 'toolStarted', callId: 'c1', name: 'read_file', summary: 'src/x.ts' },
  { type: 'toolFinished', callId: 'c1', ok: true, output: 'zzz', durationMs: 1500 },
  { type: 'editProgress', index: 0, files: [{ path: 'src/x.ts', hunks: 2 }] },
  { type: 'plan', items: [{ step: 'qqq', status: 'done' }, { step: 'www', status: 'pending' }] },
  { type: 'changeSet', id: 'cs-1', title: 'xyz', files: 2, hunks: 3 },
  { type: 'changeSetReviewed', id: 'cs-1', accepted: 2, rejected: 1, completed: false },
  { type: 'approval', id: 'a1', command: 'curl x', reason: '`curl`', remember: 'curl:*' },
  { type: 'usage', totalTokens: 12345, costUsd: 0.0123, contextTokens: 4000, contextWindow: 16000, contextFill: 0.25 },
  { type: 'context', window: 16000, chips: [
    { key: '@file:src/x.ts', kind: 'mention', label: '@src/x.ts', tokens: 120, openable: true },
    { key: 'repoMap', kind: 'repoMap', label: 'Repo map', tokens: 900, estimate: true, fixed: true },
  ] },
  { type: 'text', text: '```ts\nconst x = 1;\n```\nsrc/x.ts:3' },
  { type: 'end', kind: 'error', text: 'zzz' },
];

describe('webviews in another language (a pseudo-translated bundle)', function () {
  describe('chat view', () => {
    let harness: ChatHarness;
    let p: ChatPage;
    before(async () => (harness = await ChatHarness.start()));
    after(async () => harness?.close());
    afterEach(async () => {
      assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
      assert.deepEqual(p.errors, [], 'no page errors');
      await p.close();
    });

    it('renders its buttons, placeholder and labels translated, and no English of the bundle is left', async () => {
      p = await harness.open('dark', undefined, pseudo);
      const page = p.page;
      assert.equal(await page.locator('html').getAttribute('lang'), 'qps-ploc');
      // Before any task: the Start button and the placeholder.
      assert.equal(await page.locator('.composer .send').textContent(), tr('Start'));
      assert.equal(await page.locator('.composer .input').getAttribute('placeholder'), tr('Describe a task (@ to mention a file, symbol, problems…)'));
      await p.send(...RUN);
      await page.waitForSelector('.entry.end .retry');
      assert.equal(await page.locator('.setup-fix').textContent(), tr('Add Model Endpoint'));
      assert.equal(await page.locator('.composer .send').textContent(), tr('Send'));
      assert.equal(await page.locator('.approval .approve-once').textContent(), tr('Allow once'));
      assert.equal(await page.locator('.stop').getAttribute('aria-label'), tr('Stop'));
      assert.equal(await page.locator('.code-copy').getAttribute('title'), tr('Copy'));
      assert.equal(await page.locator('.end-label').textContent(), tr('Error'));
      await p.send({ type: 'status', text: 'Step 2 of 100', step: { n: 2, of: 100 } });
      assert.equal(await page.locator('.status').textContent(), tr('Step {0} of {1}').replace('{0}', '2').replace('{1}', '100'));
      assert.equal(await page.locator('.chip.repoMap .chip-label').textContent(), tr('Repo map'));
      // One sentence with two code pieces: the code stays code in the translated sentence.
      assert.deepEqual(await page.locator('.approval-saves code').allTextContents(), ['curl:*', 'forge.sandbox.allowOutside']);
      assert.match((await page.locator('.approval-saves').textContent())!, /^"ȦȦŀẇȧȧẏş"/);
      // The slash command list (its texts are the core's, translated in the view).
      await page.locator('.composer .input').fill('/');
      await page.locator('.composer .input').press('End');
      await page.locator('.composer .input').type('e');
      await page.waitForSelector('.mention-menu .mention-detail');
      assert.equal(await page.locator('.mention-menu .mention-detail').first().textContent(), tr('change the selected code as you say'));
      const left = englishLeft(await shownStrings(page), english, pseudo);
      assert.deepEqual(left, [], 'no English of the bundle on the page');
    });

    it('(the control) in English the same run shows the English of the bundle, which the check finds', async () => {
      p = await harness.open('dark');
      assert.equal(await p.page.locator('html').getAttribute('lang'), 'en');
      await p.send(...RUN);
      await p.page.waitForSelector('.entry.end .retry');
      const left = englishLeft(await shownStrings(p.page), english, pseudo);
      for (const s of ['Add Model Endpoint', 'Send', 'Allow once', 'Copy', 'Repo map']) assert.ok(left.includes(s), `${s} in ${left.join(' | ')}`);
      assert.ok(left.length > 25, `${left.length} English strings found`);
    });
  });

  describe('review panel', () => {
    const suite = useReviewHarness();

    it('renders its buttons, titles and labels translated, and no English of the bundle is left', async () => {
      const p = await suite.open({ l10n: pseudo });
      await p.show({ type: 'show', view: fixtureView() });
      const page = p.page;
      assert.equal(await page.locator('[data-action=acceptAll] .btn-text').textContent(), tr('Accept All'));
      assert.equal(await page.locator('[data-action=acceptHunk]').first().getAttribute('title'), `${tr('Accept hunk')} (A)`);
      assert.equal(await page.locator('.pane-title span').first().textContent(), tr('Changes'));
      assert.equal(await page.locator('[role=list].file-list').getAttribute('aria-label'), tr('Changed files'));
      // How a hunk was placed: the protocol's English words, translated in the panel.
      const fuzzy = tr('{0}, {1}%').replace('{0}', tr('fuzzy')).replace('{1}', '87');
      assert.equal(await page.locator('.tag-fuzzy').textContent(), tr('placed: {0}').replace('{0}', fuzzy));
      // Help list and a reason box too.
      await page.locator('[data-action=help]').click();
      await page.locator('[data-action=rejectHunk]').first().click();
      await page.waitForSelector('.reason-input');
      assert.equal(await page.locator('.reason-input').getAttribute('placeholder'), tr('Why? (optional, sent to the agent) — Enter to reject, Escape to cancel'));
      const left = englishLeft(await shownStrings(page), english, pseudo);
      assert.deepEqual(left, [], 'no English of the bundle on the page');
    });
  });
});
