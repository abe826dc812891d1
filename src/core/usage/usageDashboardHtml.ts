/**
 * The Forge: Show Usage dashboard: a static page (no script; CSP allows only inline styles of
 * the webview) with theme-aware plain SVG charts (VS Code's --vscode-charts-* colours) and the
 * table behind each chart. Plain SVG rather than a chart library: a handful of bar charts does
 * not justify a dependency, and static SVG needs no script in the webview. Written with the `html`
 * tag: every value (model names, languages, days) is escaped. Its words go through l10n.t of
 * @vscode/l10n: English unless the host gave it VS Code's bundle (src/vscode/hostTranslations.ts).
 */
import * as l10n from '@vscode/l10n';
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
  const key = name === 'byDay' ? l10n.t('day') : name === 'byModel' ? l10n.t('model') : l10n.t('language');
  const head = [key, l10n.t('accepted hunks'), l10n.t('rejected hunks'), l10n.t('acceptance')];
  return html`<h2>${title}</h2>${chart}${table(name, head, rows.map((r) => [r.key, String(r.accepted), String(r.rejected), r.rate === null ? '-' : formatPercent(r.rate)]))}`;
}

const seconds = (ms: number | null) => (ms === null ? '-' : l10n.t('{0} s', (ms / 1000).toFixed(1)));

/** `lang`: the document's language (vscode.env.language in VS Code). */
export function usageDashboardHtml(s: UsageSummary, o: { cspSource: string; skipped?: number; lang?: string }): string {
  const head = html`<!doctype html><html lang="${o.lang ?? 'en'}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${o.cspSource} 'unsafe-inline';">\
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${l10n.t('Forge Usage')}</title><style>${trustedHtml(CSS)}</style></head><body>`;
  if (s.tasks === 0 && s.reviews === 0) {
    const [before, after] = l10n.t('Run {0} and review its changes, then open this dashboard again to see acceptance rates, tokens, cost and review times.', '\u0000').split('\u0000');
    return html`${head}<div class="empty" id="forge-usage-empty"><h1>${l10n.t('No usage yet')}</h1><p>\
${l10n.t('Forge records one line per task and per review here, on this machine only (no file contents, nothing is sent anywhere).')} \
${before}<b>${l10n.t('Forge: New Task')}</b>${after}</p></div></body></html>`.value;
  }
  const costs = s.perDay.filter((d) => d.costUsd !== null);
  const meta = l10n.t('{0} tasks, {1} reviews · median time to review a change set: {2}', s.tasks, s.reviews, seconds(s.medianReviewMs));
  const body = [
    html`<h1>${l10n.t('Forge usage')}</h1><p class="meta">${meta}${o.skipped ? ` · ${l10n.t('{0} unreadable lines skipped', o.skipped)}` : ''}</p>`,
    html`<h2>${l10n.t('Hunk decisions')}</h2>${table('hunks', [l10n.t('hunks decided'), l10n.t('median time to decide a hunk'), l10n.t('rejected with a reason'), l10n.t('reverted later')], [[String(s.hunksDecided), seconds(s.medianHunkDecideMs), String(s.rejectionsWithReason), String(s.hunksReverted)]])}`,
    acceptanceSection(l10n.t('Acceptance over time'), 'byDay', s.acceptanceByDay, 0),
    acceptanceSection(l10n.t('Acceptance per model'), 'byModel', s.acceptanceByModel, 1),
    acceptanceSection(l10n.t('Acceptance per language'), 'byLanguage', s.acceptanceByLanguage, 3),
    html`<h2>${l10n.t('Tasks per day')}</h2>${barChart(l10n.t('Tasks per day'), s.perDay.map((d) => ({ label: d.day, value: d.tasks, text: String(d.tasks), series: 0 })))}`,
    html`<h2>${l10n.t('Tokens and cost per day')}</h2>${barChart(l10n.t('Tokens per day'), s.perDay.map((d) => ({ label: d.day, value: d.tokensIn + d.tokensOut, text: l10n.t('{0} tokens', d.tokensIn + d.tokensOut), series: 2 })))}\
${costs.length ? barChart(l10n.t('Cost per day'), costs.map((d) => ({ label: d.day, value: d.costUsd!, text: formatUsd(d.costUsd), series: 4 }))) : ''}\
${table('perDay', [l10n.t('day'), l10n.t('tasks'), l10n.t('tokens in'), l10n.t('tokens out'), l10n.t('cost')], s.perDay.map((d) => [d.day, String(d.tasks), String(d.tokensIn), String(d.tokensOut), formatUsd(d.costUsd)]))}`,
    html`<h2>${l10n.t('Most rejected kinds of change')}</h2>${s.mostRejectedKinds.length ? barChart(l10n.t('Most rejected kinds of change'), s.mostRejectedKinds.map((k) => ({ label: k.kind, value: k.count, text: String(k.count), series: 4 }))) : html`<p class="meta">${l10n.t('Nothing rejected yet.')}</p>`}\
${table('rejectedKinds', [l10n.t('kind (action, language)'), l10n.t('rejected hunks')], s.mostRejectedKinds.map((k) => [k.kind, String(k.count)]))}`,
  ];
  return html`${head}${body}</body></html>`.value;
}
