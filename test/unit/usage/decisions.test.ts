/** Review decisions as data: the recorder (context, redaction, secret and ignored files), the export lines (preference pairs, anonymised paths). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { anonymizePath, exportLineSchema, toExportLines } from '../../../src/core/usage/decisionExport';
import { parseDecisionLog } from '../../../src/core/usage/decisionRecord';
import { REPORT_QUERIES, SCHEMA_SQL } from '../../../src/core/report/reportQueries';
import { DecisionLog } from '../../../src/node/decisionLog';
import type { AgentEvent } from '../../../src/core/agent/events';
import { DecisionRecorder } from '../../../src/core/usage/decisionRecorder';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { APP_TEXT, decisionsWorkspace, recordTask, SECRET, taskEvents } from '../../support/decisionsFixture';

describe('review decisions as data', () => {
  let dir: string;
  beforeEach(() => { dir = decisionsWorkspace(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records each decided hunk with 3 lines of context, redacted, never a secret or ignored file', async () => {
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    const recs = await recordTask(dir, t0);
    assert.deepEqual(recs.map((r) => [r.path, r.hunkIndex, r.decision]), [['src/app.ts', 0, 'accept'], ['src/app.ts', 1, 'edit'], ['src/app.ts', 2, 'reject']]);
    const [a, e, r] = recs;
    assert.deepEqual([a.before, a.oldLines, a.proposedLines, a.after, a.startLine], [['line 1'], ['line 2'], ['line two'], ['line 3', 'line 4', 'line 5'], 2]);
    assert.deepEqual([e.before, e.after], [['line 3', 'line 4', 'line 5'], ['line 7', 'line 8', 'line 9']]);
    assert.deepEqual(r.after, ['line 10'], 'the final line terminator adds no empty line');
    assert.deepEqual([a.decideMs, e.decideMs, r.decideMs], [1000, 3000, 4000]);
    assert.equal(e.proposedLines[0], 'const key = "[redacted secret]";');
    assert.deepEqual(e.editedLines, ['const key = process.env.KEY;']);
    assert.equal(r.reason, 'keep "[redacted secret]" out');
    assert.equal(a.task, 'Rename things (token [redacted secret])');
    assert.doesNotMatch(JSON.stringify(recs), new RegExp(SECRET));
    assert.deepEqual(parseDecisionLog(recs.map((x) => JSON.stringify(x)).join('\n') + '\n{"v":9}\n').skipped, 1);

    const log = new DecisionLog(path.join(dir, 'data', 'decisions.jsonl'));
    await Promise.all([log.append(recs.slice(0, 1)), log.append(recs.slice(1))]);
    assert.deepEqual((await log.read()).records, recs);
    assert.equal(fs.statSync(log.file).mode & 0o777, 0o600);
  });

  it('takes the context from the base texts the proposal carries; without them, none from a file that changed since', async () => {
    fs.writeFileSync(path.join(dir, 'src', 'app.ts'), 'written by the task already\n');
    const recs = await recordTask(dir, Date.parse('2026-12-01T10:00:00Z'));
    assert.deepEqual(recs.map((r) => [r.before, r.oldLines, r.after]), [[[], ['line 2'], []], [[], ['line 6'], []], [[], ['line 9'], []]]);
    const rec = new DecisionRecorder({ endpoint: 'e', model: 'm' }, new NodeWorkspace(dir));
    const out = [];
    for (const e of taskEvents(0)) out.push(...(await rec.observe(e.type === 'changeSetProposed' ? { ...e, bases: { 'src/app.ts': APP_TEXT } } : e)));
    assert.deepEqual(out[0].before, ['line 1']);
    assert.deepEqual(out[2].after, ['line 10']);
  });

  it('records nothing for hunks review mode end wrote without asking (deferred)', async () => {
    const rec = new DecisionRecorder({ endpoint: 'e', model: 'm' }, new NodeWorkspace(dir));
    const events = taskEvents(0);
    const reviewed = events[2] as Extract<AgentEvent, { type: 'changeSetReviewed' }>;
    events[2] = { ...reviewed, outcome: { ...reviewed.outcome, deferred: true } };
    const out = [];
    for (const e of events) out.push(...(await rec.observe(e)));
    assert.deepEqual(out, []);
  });

  it('export lines: preference pairs from edits and rejections, stable anonymous paths, a schema that reads them back', async () => {
    const recs = await recordTask(dir, Date.parse('2026-12-01T10:00:00Z'));
    const lines = toExportLines(recs, { user: 'alice', team: 'payments', anonymizePaths: true, salt: 's1', redact: (t) => t.replace(/line two/g, 'L2') });
    assert.deepEqual(lines.map((l) => l.preference), [
      null,
      { chosen: ['const key = process.env.KEY;'], rejected: ['const key = "[redacted secret]";'] },
      { chosen: ['line 9'], rejected: ['line nine'] },
    ]);
    assert.equal(lines[0].proposedLines[0], 'L2', 'the export redacts again');
    const anon = anonymizePath('src/app.ts', 's1');
    assert.match(anon, /^path-[0-9a-f]{12}\.ts$/);
    assert.deepEqual(lines.map((l) => l.path), [anon, anon, anon]);
    assert.notEqual(anonymizePath('src/app.ts', 's2'), anon);
    assert.notEqual(anonymizePath('src/App.ts', 's1'), anon);
    assert.doesNotMatch(JSON.stringify(lines), /src\/app\.ts/);
    for (const l of lines) assert.ok(exportLineSchema.safeParse(JSON.parse(JSON.stringify(l))).success);
    assert.equal(lines[0].user, 'alice');
    assert.equal(lines[0].team, 'payments');
    // Secret-looking paths never leave, even if a log had one; `since` and `exclude` filter.
    const leaked = { ...recs[0], path: 'config/.env.production' };
    assert.equal(toExportLines([leaked], { user: 'a' }).length, 0);
    assert.equal(toExportLines(recs, { user: 'a', since: '2026-12-02T00:00:00.000Z' }).length, 0);
    assert.equal(toExportLines(recs, { user: 'a', exclude: (p) => p.startsWith('src/') }).length, 0);
  });

  it('docs/export.md has the report SQL word for word and a worked example that is a valid export line', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../../docs/export.md'), 'utf8');
    assert.ok(doc.includes(SCHEMA_SQL.trim()), 'the tables');
    for (const [name, sql] of Object.entries(REPORT_QUERIES)) assert.ok(doc.includes(`-- ${name}\n${sql};`), `query ${name}`);
    const example = /```json\n([\s\S]*?)\n```/.exec(doc);
    assert.ok(example);
    const line = exportLineSchema.parse(JSON.parse(example[1]));
    assert.deepEqual(line.preference, { chosen: line.editedLines, rejected: line.proposedLines });
  });
});
