/**
 * `forge report` at scale: N synthetic export lines (50 engineers, 6 teams, 4 models, 8 weeks,
 * realistic line sizes) loaded into the sql.js database, the report's queries, the HTML and the
 * database file's size. Baseline in the same run: JSON.parse + zod of the same lines alone.
 *   npx tsx bench/teamReport.ts [N ...]   (default 1000 10000 100000)
 */
import { performance } from 'node:perf_hooks';
import { renderTeamReport } from '../src/core/report/teamReportHtml';
import { EXPORT_SCHEMA, EXPORT_SCHEMA_VERSION, exportLineSchema, type ExportLine } from '../src/core/usage/decisionExport';
import { ReportDb } from '../src/node/reportDb';

const decisions = ['accept', 'accept', 'edit', 'reject'] as const;
function line(i: number): ExportLine {
  const user = `eng${i % 50}`;
  const at = new Date(Date.UTC(2026, 9, 5) + (i % 56) * 86_400_000 + (i % 7919) * 1000).toISOString();
  const d = decisions[i % 4];
  const proposed = [`  const value${i} = compute(${i});`, '  return value;'];
  return {
    schema: EXPORT_SCHEMA, exportVersion: EXPORT_SCHEMA_VERSION, user, team: `team${i % 6}`, v: 1, kind: 'hunk',
    taskId: `${user}-t${Math.floor(i / 6)}`, task: 'Add input validation to the signup form and tests for it', endpoint: 'https://api.example/v1', model: `model-${i % 4}`,
    changeSetId: `cs${Math.floor(i / 3)}`, proposedAt: at, decidedAt: at, decideMs: 1000 + (i % 60) * 500,
    path: `src/module${i % 200}/file${i % 17}.${['ts', 'py', 'go', 'java'][i % 4]}`, action: 'update', language: ['typescript', 'python', 'go', 'java'][i % 4], hunkIndex: i % 5, startLine: 10 + (i % 300),
    before: ['function f() {', '  // before', '  const x = 1;'], oldLines: ['  return x;'], proposedLines: proposed, after: ['}', '', 'export { f };'],
    decision: d, editedLines: d === 'edit' ? ['  return compute(x);'] : null, reason: d === 'reject' ? 'not what I asked' : null,
    preference: d === 'edit' ? { chosen: ['  return compute(x);'], rejected: proposed } : d === 'reject' ? { chosen: ['  return x;'], rejected: proposed } : null,
  };
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  console.log('records  export MB  parse+validate ms  load ms  records/s  queries ms  report KB  db MB');
  for (const n of sizes.length ? sizes : [1000, 10_000, 100_000]) {
    const text = Array.from({ length: n }, (_, i) => JSON.stringify(line(i))).join('\n') + '\n';
    let t = performance.now();
    for (const l of text.split('\n')) if (l) exportLineSchema.parse(JSON.parse(l));
    const parseMs = performance.now() - t;
    const db = await ReportDb.open();
    t = performance.now();
    const r = db.load('bench.jsonl', text);
    const loadMs = performance.now() - t;
    if (r.loaded !== n) throw new Error(`loaded ${r.loaded} of ${n}`);
    t = performance.now();
    const data = db.reportData();
    const queryMs = performance.now() - t;
    const html = renderTeamReport(data, { sources: 1, dbFile: 'decisions.sqlite' });
    const dbBytes = db.bytes().length;
    db.close();
    console.log([
      String(n).padStart(7), (text.length / 1e6).toFixed(1).padStart(9), parseMs.toFixed(0).padStart(18), loadMs.toFixed(0).padStart(8),
      Math.round(n / (loadMs / 1000)).toString().padStart(10), queryMs.toFixed(0).padStart(11), (html.length / 1024).toFixed(1).padStart(10), (dbBytes / 1e6).toFixed(1).padStart(6),
    ].join(' '));
  }
}

void main();
