/**
 * report.html of `forge report`: one self-contained page in the style of forge eval's report
 * (inline CSS and SVG, no script, light and dark). Every number is a cell of a query in
 * reportQueries.ts; each chart sits above the table it is drawn from.
 */
import { REPORT_CSS } from '../eval/reportHtml';
import { escapeHtml as esc } from '../../protocol/htmlEscape';
import { barChart } from '../eval/svgCharts';
import type { ReportData, Row } from './reportQueries';

const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '-');
const str = (v: unknown) => (v === null || v === undefined ? '-' : String(v));

function table(name: string, cols: { k: string; head: string; fmt?: (v: unknown) => string; text?: boolean }[], rows: readonly Row[]): string {
  return `<table data-table="${name}"><thead><tr>${cols.map((c) => `<th>${esc(c.head)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${cols.map((c) => `<td data-k="${c.k}"${c.text ? ' class="l"' : ''}>${esc((c.fmt ?? str)(r[c.k]))}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>';
}

function acceptance(title: string, name: string, keyHead: string, rows: readonly Row[], series: number): string {
  return `<h2>${esc(title)}</h2>` +
    (rows.length ? barChart(title, rows.map((r) => ({ label: str(r.key), value: Number(r.acceptance), text: pct(r.acceptance), series })), 1) : '') +
    table(name, [{ k: 'key', head: keyHead, text: true }, { k: 'accepted', head: 'accepted' }, { k: 'edited', head: 'of which edited' }, { k: 'rejected', head: 'rejected' }, { k: 'acceptance', head: 'acceptance', fmt: pct }], rows);
}

/** Engineers down, weeks (Mondays) across, tasks in the cells ("" for none). */
function pivot(rows: readonly Row[], weeks: readonly string[]): string {
  const by = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const m = by.get(str(r.user)) ?? new Map<string, string>();
    m.set(str(r.week), str(r.tasks));
    by.set(str(r.user), m);
  }
  const users = [...by.keys()].sort();
  return `<table data-table="tasksPerWeekPivot"><thead><tr><th>engineer</th>${weeks.map((w) => `<th>${esc(w)}</th>`).join('')}</tr></thead><tbody>` +
    users.map((u) => `<tr><td class="l">${esc(u)}</td>${weeks.map((w) => `<td>${esc(by.get(u)!.get(w) ?? '')}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
}

export function renderTeamReport(d: ReportData, o: { sources: number; dbFile?: string }): string {
  const t = d.totals[0] ?? {};
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>Forge team report</title><style>${REPORT_CSS}</style></head><body>`;
  const weeks = [...new Set(d.tasksPerPersonPerWeek.map((r) => str(r.week)))].sort();
  const body = [
    `<h1>Forge team report</h1><p class="meta">${esc(`${str(t.engineers)} engineers, ${str(t.tasks)} tasks, ${str(t.hunks)} hunks decided, ${str(t.first).slice(0, 10)} to ${str(t.last).slice(0, 10)}, from ${o.sources} export${o.sources === 1 ? '' : 's'}`)}${o.dbFile ? ` · database: <code>${esc(o.dbFile)}</code> (docs/export.md has the queries)` : ''}</p>`,
    `<h2>Active engineers per week</h2>${barChart('Active engineers per week', d.activeEngineersPerWeek.map((r) => ({ label: str(r.week), value: Number(r.engineers), text: str(r.engineers), series: 0 })))}` +
      table('activeEngineersPerWeek', [{ k: 'week', head: 'week (Monday)', text: true }, { k: 'engineers', head: 'engineers' }], d.activeEngineersPerWeek),
    `<h2>Tasks per person per week</h2>${pivot(d.tasksPerPersonPerWeek, weeks)}<details><summary>As rows (the query's output)</summary>` +
      table('tasksPerPersonPerWeek', [{ k: 'user', head: 'engineer', text: true }, { k: 'week', head: 'week (Monday)', text: true }, { k: 'tasks', head: 'tasks' }, { k: 'hunks', head: 'hunks decided' }], d.tasksPerPersonPerWeek) +
      '</details>',
    `<h2>Teams ranked by adoption</h2>${barChart('Teams ranked by adoption', d.teamsByAdoption.map((r) => ({ label: str(r.team), value: Number(r.adoption), text: `${pct(r.adoption)} (${str(r.active)}/${str(r.members)})`, series: 2 })), 1)}` +
      table('teamsByAdoption', [{ k: 'team', head: 'team', text: true }, { k: 'active', head: 'active engineers' }, { k: 'members', head: 'members' }, { k: 'adoption', head: 'adoption', fmt: pct }, { k: 'tasks', head: 'tasks' }, { k: 'tasks_per_engineer', head: 'tasks per engineer' }], d.teamsByAdoption),
    `<h2>Teams ranked by acceptance</h2>${barChart('Teams ranked by acceptance', d.teamsByAcceptance.map((r) => ({ label: str(r.team), value: Number(r.acceptance), text: pct(r.acceptance), series: 4 })), 1)}` +
      table('teamsByAcceptance', [{ k: 'team', head: 'team', text: true }, { k: 'hunks', head: 'hunks' }, { k: 'acceptance', head: 'acceptance', fmt: pct }], d.teamsByAcceptance),
    acceptance('Acceptance per person', 'acceptancePerPerson', 'engineer', d.acceptancePerPerson, 1),
    acceptance('Acceptance per team', 'acceptancePerTeam', 'team', d.acceptancePerTeam, 2),
    acceptance('Acceptance per model', 'acceptancePerModel', 'model', d.acceptancePerModel, 3),
    acceptance('Acceptance per language', 'acceptancePerLanguage', 'language', d.acceptancePerLanguage, 6),
    `<h2>Endpoints ranked by best-of-N wins</h2>` + (d.endpointsByWins.length
      ? barChart('Endpoints ranked by best-of-N wins', d.endpointsByWins.map((r) => ({ label: str(r.key), value: Number(r.wins), text: `${str(r.wins)} of ${str(r.candidacies)}`, series: 5 }))) +
        table('endpointsByWins', [{ k: 'key', head: 'endpoint', text: true }, { k: 'wins', head: 'wins' }, { k: 'candidacies', head: 'times a candidate' }, { k: 'win_rate', head: 'win rate', fmt: pct }, { k: 'checks_passed', head: 'checks passed' }, { k: 'avg_cost_usd', head: 'mean cost (USD)' }, { k: 'avg_seconds', head: 'mean time (s)' }], d.endpointsByWins)
      : '<p class="meta">No best-of-N picks in these exports (<code>forge run --best-of N</code> records them).</p>'),
  ].join('');
  return `${head}${body}</body></html>`;
}
