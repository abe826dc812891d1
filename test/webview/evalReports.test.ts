/**
 * The eval report and the usage dashboard in headless Chromium: they render with no script and no
 * request, charts and tables show the same numbers as the data, bar lengths are proportional to
 * the values, and the colours follow the theme (prefers-color-scheme; VS Code's chart colours).
 */
import { strict as assert } from 'node:assert';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReport } from '../../src/core/eval/reportHtml';
import type { Contestant, EvalRun } from '../../src/core/eval/results';
import { summarize } from '../../src/core/eval/summary';
import { usageDashboardHtml } from '../../src/core/usage/usageDashboardHtml';
import type { UsageRecord } from '../../src/core/usage/usageRecord';
import { summarizeUsage } from '../../src/core/usage/usageSummary';
import { CHROMIUM } from './harness';

const SHOTS = 'test-results/webview';

function run(task: string, contestant: string, repeat: number, passed: boolean, costUsd: number | null, wallMs: number): EvalRun {
  return { task, contestant, endpoint: 'http://e/v1', model: contestant, repeat, passed, steps: 3, tokens: { input: 100, output: 10 }, costUsd, wallMs, toolCalls: { read_file: 2 }, editRefusals: 0, commands: [], diff: passed ? 'diff --git a/x b/x\n+<script>alert(1)</script>\n' : '', transcript: null, ended: 'finished' };
}

describe('eval report and usage dashboard in Chromium', function () {
  let browser: Browser;
  const requests: string[] = [];
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });
  after(async () => browser?.close());

  async function show(html: string, scheme: 'light' | 'dark', css = ''): Promise<Page> {
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1000, height: 900 } });
    page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
    await page.setContent(css ? html.replace('</head>', `<style>${css}</style></head>`) : html);
    return page;
  }

  it('report.html: bars match the pass rates and the table, colours follow light and dark, model text stays text', async () => {
    const contestants: Contestant[] = [{ id: 'a', endpoint: 'http://e/v1', model: 'a', label: 'Model A' }, { id: 'b', endpoint: 'http://e/v1', model: 'b', label: 'Model B' }];
    const runs = [
      run('t1', 'a', 1, true, 0.01, 1200), run('t1', 'a', 2, true, 0.01, 1000), run('t2', 'a', 1, false, 0.02, 3000), run('t2', 'a', 2, true, 0.02, 2000),
      run('t1', 'b', 1, false, null, 500), run('t1', 'b', 2, true, null, 700), run('t2', 'b', 1, false, null, 900), run('t2', 'b', 2, false, null, 800),
    ];
    const html = renderReport({ version: 1, createdAt: '2026-12-07T00:00:00Z', suites: ['s'], contestants, tasks: [{ id: 't1', tags: [] }, { id: 't2', tags: [] }], repeat: 2, runs, summary: summarize(contestants, runs) });
    const fills: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const page = await show(html, scheme);
      const bars = page.locator('svg[aria-label="Pass rate per contestant"] rect');
      const widths = await bars.evaluateAll((rs) => rs.map((r) => (r as SVGRectElement).width.baseVal.value));
      assert.deepEqual(widths.map((w) => Math.round((w / 330) * 1000) / 1000), [0.75, 0.25]);
      const rows = await page.locator('table[data-table="contestants"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      assert.deepEqual(rows.map((r) => [r[1], r[3], r[4], r[5]]), [['Model A', '3/4', '75.0%', '$0.0600'], ['Model B', '1/4', '25.0%', '-']]);
      const passAt2 = await page.locator('table[data-table="passAtK"] tbody tr').first().locator('td').nth(2).textContent();
      assert.equal(passAt2, '100.0%');
      fills.push(await bars.first().evaluate((r) => getComputedStyle(r).fill));
      assert.equal(await page.evaluate(() => document.querySelectorAll('script').length), 0, 'the diff\'s <script> is shown as text');
      assert.match(await page.locator('table[data-table="runs"]').innerText(), /t1/);
      await page.screenshot({ path: `${SHOTS}/eval-report-${scheme}.png`, fullPage: true });
      await page.close();
    }
    assert.deepEqual(fills, ['rgb(9, 105, 218)', 'rgb(68, 147, 248)']);
    assert.deepEqual(requests, [], 'the page loads nothing');
  });

  it('usage dashboard: VS Code chart colours, charts and tables agree, empty state', async () => {
    const review = (at: string, model: string, a: number, r: number): UsageRecord => ({ v: 1, kind: 'review', at, taskId: 't', changeSetId: 'c', endpoint: 'e', model, languages: ['typescript'], hunksAccepted: a, hunksRejected: r, hunksEdited: 0, reasonGiven: false, rejectedKinds: r ? ['update typescript'] : [], decideMs: 2000, hunks: [] });
    const s = summarizeUsage([review('2026-12-01T10:00:00Z', 'm1', 3, 1), review('2026-12-02T10:00:00Z', 'm2', 1, 1)]);
    const vars = ':root{--vscode-charts-blue:#3794ff;--vscode-charts-green:#89d185;--vscode-foreground:#ccc;--vscode-panel-border:#2b2b2b}';
    const page = await show(usageDashboardHtml(s, { cspSource: 'vscode-resource:' }), 'dark', vars);
    const byModel = page.locator('svg[aria-label="Acceptance per model"] rect');
    assert.deepEqual(await byModel.evaluateAll((rs) => rs.map((r) => Math.round(((r as SVGRectElement).width.baseVal.value / 330) * 100))), [75, 50]);
    assert.equal(await byModel.first().evaluate((r) => getComputedStyle(r).fill), 'rgb(137, 209, 133)');
    const rows = await page.locator('table[data-table="byModel"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
    assert.deepEqual(rows, ['m13175.0%', 'm21150.0%']);
    await page.screenshot({ path: `${SHOTS}/usage-dashboard.png`, fullPage: true });
    await page.close();
    const empty = await show(usageDashboardHtml(summarizeUsage([]), { cspSource: 'x' }), 'light', vars);
    assert.match(await empty.locator('body').innerText(), /No usage yet/);
    await empty.close();
  });
});
