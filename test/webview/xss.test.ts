/**
 * The XSS corpus (test/fixtures/xss/payloads.txt) rendered through every surface of every Forge
 * webview in Chromium: the chat view, the review panel, the usage dashboard and the eval report
 * (the two static pages both as shipped and with their CSP removed, so escaping alone is tested).
 * Nothing may execute (no __xss call, dialog or request to xss.invalid), no element or attribute
 * that could run or load something may appear in the DOM, and there is no CSP violation (a
 * violation would mean markup got in and only the policy stopped it). Prints the figures.
 */
import { strict as assert } from 'node:assert';
import { chromium, type Page } from 'playwright-core';
import type { ChatHostMessage } from '../../src/protocol/chat';
import type { HostMessage, ReviewView } from '../../src/protocol/review';
import { ChatHarness } from './chatHarness';
import { makeHunk } from './fixtures';
import { CHROMIUM, ReviewHarness } from './harness';
import { arm, installProbe, loadPayloads, type ProbeResult } from './xssCorpus';
import { dashboardPages } from './xssDashboards';

const payloads = loadPayloads();
const figures: { page: string; surfaces: number; renders: number; result: ProbeResult }[] = [];
let controlFigures: { injecting: number } | undefined;

/** Posts messages in one go and resolves once the page has handled the last one. */
async function post(page: Page, messages: unknown[], sentinel: 'chat' | 'review' = 'chat'): Promise<void> {
  const text = `batch done ${Math.random()}`;
  const done = sentinel === 'chat' ? { type: 'status', text } : { type: 'notice', message: text };
  await page.evaluate(({ list, last }) => new Promise<void>((resolve) => {
    const onMessage = (e: MessageEvent): void => {
      if (JSON.stringify(e.data) !== JSON.stringify(last)) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
    for (const m of list) window.postMessage(m, '*');
    window.postMessage(last, '*');
  }), { list: messages, last: done });
}

function assertClean(name: string, r: ProbeResult): void {
  assert.deepEqual(r.executed, [], `${name}: payloads executed`);
  assert.deepEqual(r.injected, [], `${name}: markup got into the DOM`);
  assert.deepEqual(r.csp, [], `${name}: CSP violations (markup got in and only the policy stopped it)`);
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** One payload P through every chat surface (18), as the host would send it. */
function chatMessages(P: string, i: number): ChatHostMessage[] {
  return [
    { type: 'user', text: P },
    { type: 'state', running: true, taskId: `t${i}`, title: P },
    { type: 'status', text: P },
    { type: 'text', text: P },
    { type: 'toolStarted', callId: `a${i}`, name: 'read_file', summary: P },
    { type: 'text', text: `\`\`\`html\n${P}\n\`\`\`` },
    { type: 'toolStarted', callId: `f${i}`, name: 'finish', summary: P },
    { type: 'text', text: `Plain fence:\n\n\`\`\`\n${P}\n\`\`\`\n` },
    { type: 'toolStarted', callId: `n${i}`, name: P, summary: 'x' },
    { type: 'toolFinished', callId: `a${i}`, ok: false, output: P, durationMs: 1 },
    { type: 'approval', id: `c${i}`, command: P, reason: P },
    { type: 'approval', id: `k${i}`, command: 'mcp_tool', reason: 'r', kind: 'tool', detail: P },
    { type: 'plan', items: [{ step: P, status: 'in_progress' }, { step: 'next', status: 'pending' }] },
    { type: 'editProgress', index: i, files: [{ path: P, hunks: 1 }] },
    { type: 'changeSet', id: `cs${i}`, title: P, files: 1, hunks: 1 },
    { type: 'notice', level: 'error', text: P },
    { type: 'end', kind: 'error', text: P },
    { type: 'end', kind: 'finished', text: P },
  ];
}

describe('XSS corpus in every webview surface (Chromium)', function () {
  this.timeout(120_000);

  before(() => {
    const classes = new Set(payloads.map((p) => p.cls));
    assert.ok(payloads.length >= 60, `the corpus has ${payloads.length} payloads`);
    for (const c of ['script', 'event', 'jsurl', 'dataurl', 'svg', 'css', 'structure', 'obfuscated', 'markdown', 'breakout']) assert.ok(classes.has(c), `class ${c}`);
  });

  after(() => {
    if (!figures.length) return;
    const renders = figures.reduce((n, f) => n + f.renders, 0);
    const count = (k: keyof ProbeResult) => figures.reduce((n, f) => n + f.result[k].length, 0);
    console.log(`\n    XSS corpus: ${payloads.length} payloads in ${new Set(payloads.map((p) => p.cls)).size} classes`);
    for (const f of figures) console.log(`      ${f.page}: ${payloads.length} payloads × ${f.surfaces} surfaces = ${f.renders} renders; executed ${f.result.executed.length}, injected ${f.result.injected.length}, CSP violations ${f.result.csp.length}`);
    if (controlFigures) console.log(`      control: parsed as raw HTML, ${controlFigures.injecting} of ${payloads.length} payloads leave markup the probe reports`);
    console.log(`      total: ${renders} payload renders; executed ${count('executed')}, injected ${count('injected')}, CSP violations ${count('csp')}`);
  });

  it('chat view: reply markdown, code blocks, tool cards, approval cards, plan, edit progress, change set, notices, end cards', async () => {
    const harness = await ChatHarness.start();
    try {
      let probe!: Awaited<ReturnType<typeof installProbe>>;
      const p = await harness.open('dark', async (c) => void (probe = await installProbe(c)));
      await arm(p.page);
      const surfaces = chatMessages('', 0).length;
      // Ten payloads per batch, then a scan and a reset (a transcript of thousands of entries only makes each append slower).
      for (let from = 0; from < payloads.length; from += 10) {
        const chunk = payloads.slice(from, from + 10);
        await post(p.page, chunk.flatMap((x) => chatMessages(x.text, x.n)));
        // Every payload reached the page and stayed text.
        assert.deepEqual(await p.page.locator('.entry.user').allTextContents(), chunk.map((x) => x.text));
        assert.deepEqual(await p.page.locator('.tool-output').evaluateAll((es) => es.map((e) => e.textContent).filter((t) => t)), chunk.map((x) => x.text));
        assert.equal(await p.page.locator('.entry.end').count(), 2 * chunk.length);
        await p.page.evaluate(() => (window as unknown as { __xssScan(): void }).__xssScan());
        await post(p.page, [{ type: 'reset' }]);
      }
      const result = await probe.result(p.page);
      figures.push({ page: 'chat view', surfaces, renders: surfaces * payloads.length, result });
      assertClean('chat view', result);
      assert.deepEqual(p.errors, []);
      // The CSP (escaped in the shell's attribute) is in force: a handler put in by the test itself is refused.
      await p.page.evaluate(() => {
        const d = document.createElement('div');
        d.innerHTML = '<img src="data:," onerror="__xss(-1)">';
        document.body.append(d);
      });
      await p.page.waitForFunction(() => (window as unknown as { __xssCsp: string[] }).__xssCsp.length > 0);
      assert.deepEqual(await p.page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits), []);
      await p.close();
    } finally {
      await harness.close();
    }
  });

  it('review panel: file names, renames, title, hunk text, reasons, syntax warnings, conflicts, errors, notices, summary', async () => {
    const harness = await ReviewHarness.start();
    try {
      let probe!: Awaited<ReturnType<typeof installProbe>>;
      const p = await harness.open({ prepare: async (c) => void (probe = await installProbe(c)) });
      await arm(p.page);
      const hunks = payloads.map((x, i) => ({
        ...makeHunk(i, { at: 1 + i * 20, before: ['context'], body: [`-${x.text.split('\n')[0]}`, ...x.text.split('\n').map((l) => `+${l}`)], strategy: x.text, syntaxWarning: x.text }),
        decision: 'rejected' as const, rejectReason: x.text,
      }));
      const view: ReviewView = {
        changeSetId: 'cs-xss',
        title: payloads.map((x) => x.text).join(' '),
        error: payloads[0]!.text,
        files: [
          { path: 'corpus.ts', action: 'update', status: 'partly', added: hunks.length, removed: hunks.length, hunkCount: hunks.length, pendingHunks: 0, hunks },
          ...payloads.map((x, i) => ({
            path: x.text, ...(i % 2 ? { newPath: `${x.text}.renamed` } : {}), action: i % 2 ? 'rename' as const : 'update' as const,
            status: 'conflict' as const, conflictReason: x.text, added: 1, removed: 0, hunkCount: 1, pendingHunks: 1,
          })),
        ],
      };
      await p.show({ type: 'show', view });
      // Many payloads per render: one conflict banner, one error banner and one notice carry them all.
      const all = payloads.map((x) => x.text).join('\n');
      const messages: HostMessage[] = [
        { type: 'update', files: [{ path: 'corpus.ts', status: 'conflict', conflictReason: all }] },
        { type: 'error', message: all },
        { type: 'notice', message: all },
      ];
      await post(p.page, messages, 'review');
      const pane = norm((await p.page.locator('.hunks').textContent())!);
      for (const x of payloads) for (const l of x.text.split('\n')) assert.ok(pane.includes(norm(l)), `hunk text shown as text: ${l}`);
      assert.equal(await p.page.locator('.file-row').count(), payloads.length + 1);
      // The summary page last (it replaces the review).
      await post(p.page, [{ type: 'summary', title: all, written: [...payloads.map((x) => x.text), 'corpus.ts'], accepted: 1, rejected: 1, edited: 0, canRevert: true }], 'review');
      const result = await probe.result(p.page);
      const surfaces = 12;
      figures.push({ page: 'review panel', surfaces, renders: surfaces * payloads.length, result });
      assertClean('review panel', result);
      assert.deepEqual(await p.cspViolations(), []);
      assert.deepEqual(p.errors, []);
      await p.close();
    } finally {
      await harness.close();
    }
  });

  it('control: the probe sees the corpus as markup when parsed as raw HTML, and sees calls, dialogs and requests', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const context = await browser.newContext();
      const probe = await installProbe(context);
      await context.route('http://forge.test/raw.html', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><head></head><body></body></html>' }));
      const page = await context.newPage();
      await page.goto('http://forge.test/raw.html');
      // Each payload parsed the way an unsafe renderer would (an inert DOMParser document: nothing runs or loads here).
      const injecting = await page.evaluate((list) => {
        const w = window as unknown as { __xssScanTree(root: Element): number };
        return list.filter((x) => w.__xssScanTree(new DOMParser().parseFromString(x.text, 'text/html').documentElement) > 0).map((x) => x.n);
      }, payloads);
      // The three ways a payload shows it ran, live.
      await arm(page);
      await page.evaluate(() => {
        const d = document.createElement('div');
        d.innerHTML = '<img src=x onerror="__xss(0)"><img src=y onerror="alert(0)"><img src="http://xss.invalid/0/pixel.png">';
        document.body.append(d);
      });
      const result = await probe.result(page);
      await context.close();
      controlFigures = { injecting: injecting.length };
      // Every payload that is markup in an HTML context is caught (attribute breakouts, markdown, script/JSON breakouts
      // and the split tag that evades strip-tags filters are text there: they need their own context).
      const markup = payloads.filter((x) => !['markdown', 'breakout'].includes(x.cls) && !/^(attribute breakout|split tag)/.test(x.name));
      assert.deepEqual(markup.filter((x) => !injecting.includes(x.n)).map((x) => `${x.cls}: ${x.name}`), []);
      assert.deepEqual(result.executed.map((e) => e.replace(/ to .*/, ' to …')).sort(), ['__xss(0) was called', 'alert dialog: 0', 'request to …']);
      assert.ok(result.injected.length >= 6, result.injected.join('\n'));
    } finally {
      await browser.close();
    }
  });

  for (const d of dashboardPages(payloads)) {
    it(`${d.name}: ${d.fields.join(', ')} (as shipped, and with its CSP removed)`, async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      try {
        for (const csp of [true, false]) {
          const html = csp ? d.html : d.html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
          assert.ok(csp || html !== d.html, 'the page had a CSP to remove');
          const context = await browser.newContext();
          const probe = await installProbe(context);
          await context.route('http://forge.test/page.html', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(String(e)));
          await page.goto('http://forge.test/page.html');
          const result = await probe.result(page);
          figures.push({ page: `${d.name} (${csp ? 'as shipped' : 'CSP removed'})`, surfaces: d.fields.length, renders: d.fields.length * payloads.length, result });
          assertClean(d.name, result);
          assert.deepEqual(errors, []);
          const text = norm((await page.locator(d.textRoot).textContent())!);
          for (const x of payloads) for (const l of x.text.split('\n')) assert.ok(text.includes(norm(l)), `shown as text: ${l}`);
          await context.close();
        }
      } finally {
        await browser.close();
      }
    });
  }
});
