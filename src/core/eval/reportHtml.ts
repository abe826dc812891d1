/**
 * report.html of `forge eval`: one self-contained page (inline CSS and SVG, no script, no
 * external fonts), light and dark by prefers-color-scheme. Each chart has the table it is drawn
 * from; every number comes from the results file's summary and runs. Written with the `html` tag:
 * every value is escaped (task ids, model names, errors and diffs are data, not markup).
 */
import type { EvalResultsFile } from './results';
import { html, trustedHtml, type HtmlFragment } from '../../protocol/htmlEscape';
import { barChart, rateLineChart } from './svgCharts';
import { formatPercent, formatSeconds, formatUsd, type EvalSummary } from './summary';

/** The report style (light and dark), shared by forge report's page. */
export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;
--c0:#0969da;--c1:#bf3989;--c2:#1a7f37;--c3:#9a6700;--c4:#8250df;--c5:#cf222e;--c6:#0a7b83;--c7:#6e7781}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;--pass:#3fb950;--fail:#f85149;
--c0:#4493f8;--c1:#db61a2;--c2:#3fb950;--c3:#d29922;--c4:#ab7df8;--c5:#f85149;--c6:#39c5cf;--c7:#9198a1}}
body{margin:0 auto;max-width:980px;padding:24px;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted)}table{border-collapse:collapse;margin:8px 0 4px;font-variant-numeric:tabular-nums}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:right;vertical-align:top}th{background:var(--head)}
td:first-child,th:first-child,td.l{text-align:left}.pass{color:var(--pass);font-weight:600}.fail{color:var(--fail);font-weight:600}
.chart{max-width:100%;height:auto;display:block}.chart text{fill:var(--fg);font-size:12px}.chart .lbl{fill:var(--muted)}
.chart .grid{stroke:var(--line)}.chart .line{fill:none;stroke-width:2}
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `.s${i}{fill:var(--c${i});stroke:var(--c${i})}path.s${i}{fill:none}`).join('')}
details{margin:2px 0}summary{cursor:pointer}pre{background:var(--head);padding:8px;overflow:auto;max-height:360px;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
`;

/** Cells of text (left-aligned); the others are numbers. */
const TEXT_CELLS = new Set(['contestant', 'model', 'task']);

type Cell = { k: string; text: string; cls?: string };

function table(name: string, head: string[], rows: { key: string; cells: Cell[] }[]): HtmlFragment {
  const cell = (c: Cell) => {
    const cls = c.cls ?? (TEXT_CELLS.has(c.k) ? 'l' : undefined);
    return html`<td data-k="${c.k}"${cls ? html` class="${cls}"` : ''}>${c.text}</td>`;
  };
  return html`<table data-table="${name}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>\
${rows.map((r) => html`<tr data-key="${r.key}">${r.cells.map(cell)}</tr>`)}</tbody></table>`;
}

function contestantSections(s: EvalSummary, series: Map<string, number>): HtmlFragment {
  const rows = s.contestants.map((c, i) => ({
    key: c.contestant,
    cells: [
      { k: 'rank', text: String(i + 1) }, { k: 'contestant', text: c.label }, { k: 'model', text: `${c.model} @ ${c.endpoint}` },
      { k: 'passed', text: `${c.passed}/${c.runs}` }, { k: 'passRate', text: formatPercent(c.passRate) }, { k: 'costUsd', text: formatUsd(c.costUsd) },
      { k: 'tokens', text: `${c.tokensIn} / ${c.tokensOut}` }, { k: 'wall', text: formatSeconds(c.wallMs) },
    ],
  }));
  const pass = barChart('Pass rate per contestant', s.contestants.map((c) => ({ label: c.label, value: c.passRate, text: formatPercent(c.passRate), series: series.get(c.contestant) })), 1);
  const priced = s.contestants.filter((c) => c.costUsd !== null);
  const cost = priced.length
    ? barChart('Cost per contestant', priced.map((c) => ({ label: c.label, value: c.costUsd!, text: formatUsd(c.costUsd), series: series.get(c.contestant) })))
    : html`<p class="meta">No contestant has prices (add <code>pricing</code> to its profile), so there is no cost chart.</p>`;
  const costRows = s.contestants.map((c) => ({ key: c.contestant, cells: [
    { k: 'contestant', text: c.label }, { k: 'costUsd', text: formatUsd(c.costUsd) }, { k: 'costPerPass', text: c.costUsd !== null && c.passed ? formatUsd(c.costUsd / c.passed) : '-' }] }));
  return html`<h2>Ranking: pass rate, then cost</h2>${pass}${table('contestants', ['#', 'contestant', 'model @ endpoint', 'passed', 'pass rate', 'cost', 'tokens in / out', 'time'], rows)}\
<h2>Cost per contestant</h2>${cost}${table('cost', ['contestant', 'cost (USD)', 'cost per pass'], costRows)}`;
}

function passAtKSection(s: EvalSummary, series: Map<string, number>): HtmlFragment | '' {
  const maxK = Math.max(0, ...s.contestants.map((c) => c.passAtK.length));
  if (maxK < 2) return '';
  const chart = rateLineChart('pass@k per contestant', s.contestants.map((c) => ({ label: c.label, series: series.get(c.contestant) ?? 0, points: c.passAtK.map((p) => ({ x: p.k, y: p.value })) })));
  const ks = Array.from({ length: maxK }, (_, i) => i + 1);
  const rows = s.contestants.map((c) => ({ key: c.contestant, cells: [{ k: 'contestant', text: c.label }, ...ks.map((k) => {
    const p = c.passAtK.find((x) => x.k === k);
    return { k: `pass@${k}`, text: p ? formatPercent(p.value) : '-' };
  })] }));
  return html`<h2>pass@k (repeated runs)</h2><p class="meta">The chance that at least one of k attempts passes, estimated from all repeats of each task and averaged over tasks.</p>${chart}${table('passAtK', ['contestant', ...ks.map((k) => `pass@${k}`)], rows)}`;
}

function timeSection(s: EvalSummary, series: Map<string, number>, labels: Map<string, string>): HtmlFragment {
  const ids = [...series.keys()];
  const bars = s.tasks.flatMap((t) => ids.filter((id) => t.byContestant[id]).map((id) => ({
    label: ids.length > 1 ? `${t.task} · ${labels.get(id)}` : t.task, value: t.byContestant[id].meanWallMs, text: formatSeconds(t.byContestant[id].meanWallMs), series: series.get(id),
  })));
  const rows = s.tasks.map((t) => ({ key: t.task, cells: [{ k: 'task', text: t.task }, ...ids.flatMap((id) => {
    const c = t.byContestant[id];
    return [{ k: `passed:${id}`, text: c ? `${c.passed}/${c.runs}` : '-' }, { k: `wall:${id}`, text: c ? formatSeconds(c.meanWallMs) : '-' }];
  })] }));
  return html`<h2>Time per task</h2><p class="meta">Mean wall time of the agent and the check.</p>${barChart('Time per task', bars)}\
${table('tasks', ['task', ...ids.flatMap((id) => [`${labels.get(id)} passed`, `${labels.get(id)} time`])], rows)}`;
}

function runsSection(r: EvalResultsFile, labels: Map<string, string>): HtmlFragment {
  const rows = r.runs.map((x) => {
    const tools = Object.entries(x.toolCalls).map(([k, v]) => `${k}×${v}`).join(', ');
    const diff = x.diff.length > 20_000 ? `${x.diff.slice(0, 20_000)}\n… (diff cut; the whole diff is in results.json)` : x.diff;
    const detail = html`${x.error ? html`<p>${x.error}</p>` : ''}${x.checkOutput ? html`<pre>${x.checkOutput}</pre>` : ''}\
${x.commands.length ? html`<p>Commands: <code>${x.commands.join(' ; ')}</code></p>` : ''}${x.transcript ? html`<p>Transcript: <code>${x.transcript}</code></p>` : ''}\
${x.diff ? html`<pre>${diff}</pre>` : html`<p class="meta">No changes.</p>`}`;
    return html`<tr data-key="${`${x.task}/${x.contestant}/${x.repeat}`}"><td>${x.task}</td><td class="l">${labels.get(x.contestant) ?? x.contestant}</td><td>${x.repeat}</td>\
<td data-k="passed" class="${x.passed ? 'pass' : 'fail'}">${x.passed ? 'pass' : 'fail'}</td><td>${x.steps}</td><td>${x.tokens.input} / ${x.tokens.output}</td><td>${formatUsd(x.costUsd)}</td>\
<td>${formatSeconds(x.wallMs)}</td><td class="l">${tools}</td><td>${x.editRefusals}</td><td class="l"><details><summary>${x.ended}</summary>${detail}</details></td></tr>`;
  });
  return html`<h2>Runs</h2><table data-table="runs"><thead><tr><th>task</th><th>contestant</th><th>repeat</th><th>result</th><th>steps</th><th>tokens in / out</th>\
<th>cost</th><th>time</th><th>tool calls</th><th>edit refusals</th><th>details</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderReport(r: EvalResultsFile): string {
  const s = r.summary;
  const series = new Map(r.contestants.map((c, i) => [c.id, i]));
  for (const c of s.contestants) if (!series.has(c.contestant)) series.set(c.contestant, series.size);
  const labels = new Map(s.contestants.map((c) => [c.contestant, c.label]));
  const title = `Forge eval: ${s.passed}/${s.runs} runs passed`;
  const meta = `${r.tasks.length} tasks × ${r.contestants.length} contestants × ${r.repeat} repeat${r.repeat === 1 ? '' : 's'} · ${r.createdAt}${r.shard ? ` · shard ${r.shard.index}/${r.shard.count}` : ''} · suites: ${r.suites.join(', ')}`;
  return `${html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">\
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${title}</title><style>${trustedHtml(REPORT_CSS)}</style></head><body>\
<h1>${title}</h1><p class="meta">${meta}</p>\
${contestantSections(s, series)}${passAtKSection(s, series)}${timeSection(s, series, labels)}${runsSection(r, labels)}</body></html>`}\n`;
}
