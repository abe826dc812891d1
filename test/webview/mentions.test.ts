import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import type { ChatWebviewMessage } from '../../src/protocol/chat';
import type { ContextChip, MentionItemMessage } from '../../src/protocol/chatContext';
import { ChatHarness, type ChatPage } from './chatHarness';

const SHOTS = 'test-results/webview';
const FILES: MentionItemMessage[] = [
  { kind: 'file', label: 'invoice.ts', detail: 'src/billing', insert: '@file:src/billing/invoice.ts ' },
  { kind: 'file', label: 'tax.ts', detail: 'src/billing', insert: '@file:src/billing/tax.ts ' },
];
const KINDS: MentionItemMessage[] = [
  { kind: 'file', label: '@file', detail: 'a file', insert: '@file:' },
  { kind: 'symbol', label: '@symbol', detail: 'a symbol', insert: '@symbol:' },
  { kind: 'problems', label: '@problems', detail: 'the Problems list', insert: '@problems ' },
];
const CHIPS: ContextChip[] = [
  { key: '@file:src/billing/tax.ts', kind: 'mention', label: '@src/billing/tax.ts', tokens: 1234, openable: true },
  { key: '@file:.env', kind: 'mention', label: '@.env', tokens: 20, withheld: 'is withheld: .env looks like a secrets file, which Forge never sends to a model' },
  { key: 'section:Active editor', kind: 'editor', label: 'src/billing/invoice.ts', tokens: 40, openable: true },
  { key: 'rules', kind: 'rules', label: 'AGENTS.md', tokens: 300, fixed: true },
  { key: 'repoMap', kind: 'repoMap', label: 'Repo map', tokens: 3200, estimate: true, fixed: true },
];

describe('chat input: @-mentions, context bar, history', function () {
  let harness: ChatHarness;
  let p: ChatPage;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    harness = await ChatHarness.start();
  });
  after(async () => harness?.close());
  beforeEach(async () => (p = await harness.open()));
  afterEach(async () => {
    assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
    assert.deepEqual(p.errors, [], 'no page errors');
    await p.close();
  });

  /** Answers the page's latest mention query with `items`; returns the queries it had asked. */
  async function answer(items: MentionItemMessage[]): Promise<string[]> {
    let posted: ChatWebviewMessage[] = [];
    for (let i = 0; i < 50 && !posted.some((m) => m.type === 'mentionQuery'); i++) {
      posted = posted.concat(await p.take());
      if (!posted.some((m) => m.type === 'mentionQuery')) await p.page.waitForTimeout(20);
    }
    const queries = posted.filter((m): m is Extract<ChatWebviewMessage, { type: 'mentionQuery' }> => m.type === 'mentionQuery');
    assert.ok(queries.length, 'the page asked the host');
    await p.send({ type: 'mentionItems', id: queries.at(-1)!.id, items });
    return queries.map((q) => q.query);
  }
  const input = () => p.page.locator('.composer .input');
  const options = () => p.page.locator('.mention-menu [role=option]').allTextContents();

  it('typing @ lists the kinds; Down, Tab picks @file:, typing filters files, Enter picks one and does not send', async () => {
    await input().click();
    await p.page.keyboard.type('Fix rounding in @');
    assert.deepEqual(await answer(KINDS), ['']);
    await p.page.locator('.mention-menu').waitFor({ state: 'visible' });
    assert.deepEqual(await options(), ['@filea file', '@symbola symbol', '@problemsthe Problems list']);
    assert.equal(await p.page.locator('.mention-menu [aria-selected=true] .mention-label').textContent(), '@file');
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowUp');
    await p.page.keyboard.press('Tab');
    assert.equal(await input().inputValue(), 'Fix rounding in @file:');
    assert.deepEqual(await answer(FILES), ['file:']);
    await p.page.keyboard.type('tax');
    const asked = await answer([FILES[1]!]);
    assert.equal(asked.at(-1), 'file:tax');
    await p.page.locator('.mention-menu .mention-label').filter({ hasText: /^tax\.ts$/ }).waitFor();
    assert.equal(await input().getAttribute('aria-activedescendant'), 'mention-0');
    await p.page.screenshot({ path: `${SHOTS}/chat-mention-list.png` });
    await p.page.keyboard.press('Enter');
    assert.equal(await input().inputValue(), 'Fix rounding in @file:src/billing/tax.ts ');
    assert.equal(await p.page.locator('.mention-menu').isVisible(), false);
    const posted = await p.take();
    assert.ok(!posted.some((m) => m.type === 'submit'), 'Enter picked the item; nothing was sent');
  });

  it('"/" at the start lists the slash commands; typing filters; Enter picks one without sending', async () => {
    await input().click();
    await p.page.keyboard.type('/');
    await p.page.locator('.mention-menu').waitFor({ state: 'visible' });
    assert.deepEqual(await p.page.locator('.mention-menu .mention-label').allTextContents(), ['/edit', '/fix', '/test', '/explain', '/plan', '/compact', '/new']);
    await p.page.keyboard.type('e');
    assert.deepEqual(await p.page.locator('.mention-menu .mention-label').allTextContents(), ['/edit', '/explain']);
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('Enter');
    assert.equal(await input().inputValue(), '/explain ');
    assert.equal(await p.page.locator('.mention-menu').isVisible(), false);
    assert.ok(!(await p.take()).some((m) => m.type === 'submit'));
  });

  it('Escape closes the list; Enter then sends; Shift+Enter adds a line', async () => {
    await input().click();
    await p.page.keyboard.type('@');
    await answer(KINDS);
    await p.page.locator('.mention-menu').waitFor({ state: 'visible' });
    await p.page.keyboard.press('Escape');
    assert.equal(await p.page.locator('.mention-menu').isVisible(), false);
    await p.page.keyboard.press('Backspace');
    await p.page.keyboard.type('line one');
    await p.page.keyboard.press('Shift+Enter');
    await p.page.keyboard.type('line two');
    await p.page.keyboard.press('Enter');
    const submit = (await p.take()).find((m) => m.type === 'submit');
    assert.deepEqual(submit, { type: 'submit', text: 'line one\nline two', mode: 'new', exclude: [], pinned: [] });
  });

  it('chips with token counts and a total; remove and pin travel with the submit; a withheld file says so', async () => {
    await input().fill('Check @file:src/billing/tax.ts @file:.env');
    // The view asks the host for the chips of what is typed (after a short pause in typing).
    await p.page.waitForFunction(() => (window as unknown as { __posted: { type: string; text?: string }[] }).__posted.some((m) => m.type === 'contextPreview' && (m.text ?? '').includes('@file:.env')));
    await p.send({ type: 'context', chips: CHIPS, window: 32768 });
    const bar = p.page.locator('.context-bar');
    await bar.waitFor({ state: 'visible' });
    assert.deepEqual(await bar.locator('.chip-tokens').allTextContents(), ['1,234', '20', '40', '300', '≤3,200']);
    assert.equal(await bar.locator('.context-total').textContent(), '4,794 / 32,768 tokens');
    const env = bar.locator('.chip[data-key="@file:.env"]');
    assert.equal(await env.locator('.chip-withheld').textContent(), 'withheld');
    assert.match((await env.getAttribute('title'))!, /\.env looks like a secrets file/);
    assert.equal(await bar.locator('.chip[data-key="rules"] .chip-remove').count(), 0, 'rules are always sent');
    // Remove the active editor by keyboard; pin the file.
    await bar.locator('.chip[data-key="section:Active editor"] .chip-remove').focus();
    await p.page.keyboard.press('Enter');
    assert.match((await bar.locator('.chip[data-key="section:Active editor"]').getAttribute('class'))!, /removed/);
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).getAttribute('aria-label')), 'Put src/billing/invoice.ts back', 'the focus stays on the chip');
    assert.equal(await bar.locator('.context-total').textContent(), '4,754 / 32,768 tokens');
    await bar.locator('.chip[data-key="@file:src/billing/tax.ts"] .chip-pin').click();
    assert.match((await bar.locator('.chip[data-key="@file:src/billing/tax.ts"]').getAttribute('class'))!, /pinned/);
    await p.page.screenshot({ path: `${SHOTS}/chat-context-bar.png` });
    await bar.locator('.chip[data-key="@file:src/billing/tax.ts"] .chip-label').click();
    await input().press('End');
    await input().press('Enter');
    const posted = await p.take({ all: true });
    assert.deepEqual(posted.find((m) => m.type === 'openContext'), { type: 'openContext', key: '@file:src/billing/tax.ts' });
    assert.deepEqual(posted.find((m) => m.type === 'submit'), { type: 'submit', text: 'Check @file:src/billing/tax.ts @file:.env', mode: 'new', exclude: ['section:Active editor'], pinned: ['@file:src/billing/tax.ts'] });
    assert.ok(posted.some((m) => m.type === 'contextPreview' && m.text.includes('@file:.env')), 'the host was asked for the chips');
  });

  it('a file dropped on the input (a uri list) is sent to the host, whose mentions go in at the caret', async () => {
    await input().fill('Look at');
    await input().evaluate((el) => {
      const dt = new DataTransfer();
      dt.setData('text/uri-list', 'file:///ws/src/a.ts\r\nfile:///ws/src\r\n');
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    assert.deepEqual((await p.take()).filter((m) => m.type === 'droppedUris'), [{ type: 'droppedUris', uris: ['file:///ws/src/a.ts', 'file:///ws/src'] }]);
    await p.send({ type: 'insertMentions', text: '@file:src/a.ts @folder:src' });
    assert.equal(await input().inputValue(), 'Look at @file:src/a.ts @folder:src ');
  });

  it('history: Up on the first line recalls sent messages, Down comes back to the draft', async () => {
    await p.send({ type: 'state', running: false, taskId: 't1' });
    for (const t of ['first task', 'second\nmessage']) {
      await input().fill(t);
      await input().press('Enter');
    }
    await p.page.keyboard.type('draft');
    await p.page.keyboard.press('ArrowUp');
    assert.equal(await input().inputValue(), 'second\nmessage');
    // The caret is on the first line: Up goes on; Down from the first line moves within the text first.
    await p.page.keyboard.press('ArrowUp');
    assert.equal(await input().inputValue(), 'first task');
    await p.page.keyboard.press('ArrowDown');
    assert.equal(await input().inputValue(), 'second\nmessage');
    await p.page.keyboard.press('ArrowDown');
    assert.equal(await input().inputValue(), 'draft');
    const submits = (await p.take()).filter((m) => m.type === 'submit');
    assert.deepEqual(submits.map((m) => m.type === 'submit' && m.mode), ['continue', 'continue']);
  });
});
