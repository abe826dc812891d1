/**
 * The Forge: Show Usage dashboard: a static page (no script; CSP allows only inline styles of
 * the webview) with theme-aware plain SVG charts (VS Code's --vscode-charts-* colours) and the
 * table behind each chart. Plain SVG rather than a chart library: a handful of bar charts does
 * not justify a dependency, and static SVG needs no script in the webview. Written with the `html`
 * tag: every value (model names, languages, days) is escaped.
 */
import { html, trustedHtml, type HtmlFragment } from '../../protocol/htmlEscape';
import { barChart } from '../eval/svgCharts';
import { formatPercent, formatUsd } from '../eval/summary';
import type { Acceptance, UsageSummary } from './usageSummary';

const CSS = `body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 20px 24px}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:24px;border-bottom:1px solid var(--vscode-panel-border);padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--vscode-panel-border);padding:2px 8px;text-align:right}
th{background:var(--vscode-editorWidget-background)}td:first-child,th:first-child{text-align:left}.meta{color:var(--vscode-descriptionForeground)}
.chart{max-width:100%;height:auto;display:block}.chart text{fill:var(--vscode-foreground);font-size:12px}.chart .lbl{fill:var(--vscode-descriptionForeground)}
.s0{fill:var(--vscode-charts-blue)}.s1{fill:var(--vscode-charts-green)}.s2{fill:var(--vscode-charts-orange)}.s3{fill:var(--vscode-charts-purple)}
.s4{fill:var(--vscode-charts-red)}.s5{fill:var(--vscode-charts-yellow)}.s6{fill:var(--vscode-charts-blue)}.s7{fill:var(--vscode-charts-foreground)}
.empty{max-width:640px;margin-top:40px}`;

function table(name: string, head: string[], rows: string[][]): HtmlFragment {
  return html`<table data-table="${name}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead>\
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

function acceptanceSection(title: string, name: string, rows: Acceptance[], series: number): HtmlFragment {
  const rated = rows.filter((r) => r.rate !== null);
  const chart = rated.length ? barChart(title, rated.map((r) => ({ label: r.key, value: r.rate!, text: formatPercent(r.rate!), series })), 1) : '';
  const key = name === 'byDay' ? 'day' : name === 'byModel' ? 'model' : 'language';
  return html`<h2>${title}</h2>${chart}${table(name, [key, 'accepted hunks', 'rejected hunks', 'acceptance'], rows.map((r) => [r.key, String(r.accepted), String(r.rejected), r.rate === null ? '-' : formatPercent(r.rate)]))}`;
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

export function usageDashboardHtml(s: UsageSummary, o: { cspSource: string; skipped?: number }): string {
  const head = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${o.cspSource} 'unsafe-inline';">\
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Forge Usage</title><style>${trustedHtml(CSS)}</style></head><body>`;
  if (s.tasks === 0 && s.reviews === 0) {
    return html`${head}<div class="empty" id="forge-usage-empty"><h1>No usage yet</h1><p>Forge records one line per task and per review here, on this machine only (no file contents, nothing is sent anywhere). \
Run <b>Forge: New Task</b> and review its changes, then open this dashboard again to see acceptance rates, tokens, cost and review times.</p></div></body></html>`.value;
  }
  const costs = s.perDay.filter((d) => d.costUsd !== null);
  const median = s.medianReviewMs === null ? '-' : `${(s.medianReviewMs / 1000).toFixed(1)} s`;
  const body = [
    html`<h1>Forge usage</h1><p class="meta">${s.tasks} tasks, ${s.reviews} reviews · median time to review a change set: ${median}${o.skipped ? ` · ${o.skipped} unreadable lines skipped` : ''}</p>`,
    html`<h2>Hunk decisions</h2>${table('hunks', ['hunks decided', 'median time to decide a hunk', 'rejected with a reason', 'reverted later'], [[String(s.hunksDecided), seconds(s.medianHunkDecideMs), String(s.rejectionsWithReason), String(s.hunksReverted)]])}`,
    acceptanceSection('Acceptance over time', 'byDay', s.acceptanceByDay, 0),
    acceptanceSection('Acceptance per model', 'byModel', s.acceptanceByModel, 1),
    acceptanceSection('Acceptance per language', 'byLanguage', s.acceptanceByLanguage, 3),
    html`<h2>Tasks per day</h2>${barChart('Tasks per day', s.perDay.map((d) => ({ label: d.day, value: d.tasks, text: String(d.tasks), series: 0 })))}`,
    html`<h2>Tokens and cost per day</h2>${barChart('Tokens per day', s.perDay.map((d) => ({ label: d.day, value: d.tokensIn + d.tokensOut, text: `${d.tokensIn + d.tokensOut} tokens`, series: 2 })))}\
${costs.length ? barChart('Cost per day', costs.map((d) => ({ label: d.day, value: d.costUsd!, text: formatUsd(d.costUsd), series: 4 }))) : ''}\
${table('perDay', ['day', 'tasks', 'tokens in', 'tokens out', 'cost'], s.perDay.map((d) => [d.day, String(d.tasks), String(d.tokensIn), String(d.tokensOut), formatUsd(d.costUsd)]))}`,
    html`<h2>Most rejected kinds of change</h2>${s.mostRejectedKinds.length ? barChart('Most rejected kinds of change', s.mostRejectedKinds.map((k) => ({ label: k.kind, value: k.count, text: String(k.count), series: 4 }))) : html`<p class="meta">Nothing rejected yet.</p>`}\
${table('rejectedKinds', ['kind (action, language)', 'rejected hunks'], s.mostRejectedKinds.map((k) => [k.kind, String(k.count)]))}`,
  ];
  return html`${head}${body}</body></html>`.value;
}
