/** Usage insights: records from agent events (no contents), the log parser, the aggregation, the dashboard's tables and charts. */
import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../../src/core/agent/events';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import { usageDashboardHtml } from '../../../src/core/usage/usageDashboardHtml';
import { languageOf, parseUsageLog, revertRecord, type UsageRecord } from '../../../src/core/usage/usageRecord';
import { UsageRecorder } from '../../../src/core/usage/usageRecorder';
import { median, summarizeUsage } from '../../../src/core/usage/usageSummary';

const cs = (id: string, files: { path: string; action: 'add' | 'update' }[]): ChangeSet => ({ id, files: files.map((f) => ({ ...f, hunks: [], baseHash: '' })) } as unknown as ChangeSet);
const usage = (inp: number, out: number, cost?: number): AgentEvent => ({ type: 'usage', request: {} as never, total: { requests: 1, estimatedRequests: 0, promptTokens: inp, completionTokens: out, cachedTokens: 0, totalTokens: inp + out, ...(cost === undefined ? {} : { costUsd: cost }) }, contextTokens: 0, contextWindow: 1, contextFill: 0 });

describe('usage insights', () => {
  it('records a review per change set and the task at its end, without any file contents', () => {
    let t = Date.parse('2026-12-01T10:00:00Z');
    const rec = new UsageRecorder({ endpoint: 'http://e/v1', model: 'm1' }, () => t);
    const out: UsageRecord[] = [];
    const feed = (e: AgentEvent) => out.push(...rec.observe(e));
    feed({ type: 'started', taskId: 'task-1', task: 'SECRET TASK TEXT', resumed: false });
    feed({ type: 'step', step: 1, maxSteps: 10 });
    feed(usage(1000, 50, 0.01));
    feed({ type: 'changeSetProposed', changeSet: cs('cs1', [{ path: 'src/a.ts', action: 'update' }, { path: 'b.py', action: 'add' }]) });
    t += 4000;
    feed({ type: 'changeSetReviewed', changeSetId: 'cs1', acceptedHunks: 2, rejectedHunks: 1, changedFiles: ['src/a.ts'], outcome: { changeSetId: 'cs1', completed: true, files: [
      { path: 'src/a.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' }, decidedAt: t - 3000 }, { hunkIndex: 1, decision: { kind: 'edit', newLines: ['SECRET LINE'] }, decidedAt: t - 1500 }] },
      { path: 'b.py', decisions: [{ hunkIndex: 0, decision: { kind: 'reject' }, reason: 'not needed' }] },
    ] } });
    feed({ type: 'step', step: 2, maxSteps: 10 });
    feed(usage(2500, 120, 0.03));
    t += 1000;
    feed({ type: 'finished', summary: 'SECRET SUMMARY' });
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], { v: 2, kind: 'review', at: '2026-12-01T10:00:04.000Z', taskId: 'task-1', changeSetId: 'cs1', endpoint: 'http://e/v1', model: 'm1', languages: ['python', 'typescript'], hunksAccepted: 2, hunksRejected: 1, hunksEdited: 1, reasonGiven: true, rejectedKinds: ['add python'], decideMs: 4000, hunks: [
      { kind: 'update typescript', decision: 'accept', reasonGiven: false, decideMs: 1000 },
      { kind: 'update typescript', decision: 'edit', reasonGiven: false, decideMs: 2500 },
      { kind: 'add python', decision: 'reject', reasonGiven: true, decideMs: null },
    ] });
    assert.deepEqual(out[1], { v: 2, kind: 'task', at: '2026-12-01T10:00:05.000Z', taskId: 'task-1', endpoint: 'http://e/v1', model: 'm1', outcome: 'finished', languages: ['python', 'typescript'], steps: 2, tokensIn: 2500, tokensOut: 120, costUsd: 0.03, durationMs: 5000, changeSets: 1, hunksAccepted: 2, hunksRejected: 1, hunksEdited: 1 });
    assert.doesNotMatch(JSON.stringify(out), /SECRET|not needed/);
    const log = out.map((r) => JSON.stringify(r)).join('\n') + '\n{"v":3,"kind":"task"}\nnot json\n';
    assert.deepEqual(parseUsageLog(log), { records: out, skipped: 2 });
  });

  it('counts a hunk left undecided (kept pending) as neither accepted nor rejected', () => {
    const rec = new UsageRecorder({ endpoint: 'agent: Claude Code', model: 'Claude Code' }, () => 0);
    rec.observe({ type: 'started', taskId: 'review-cs2', task: 't', resumed: false });
    rec.observe({ type: 'changeSetProposed', changeSet: cs('cs2', [{ path: 'a.ts', action: 'update' }]) });
    const [r] = rec.observe({ type: 'changeSetReviewed', changeSetId: 'cs2', acceptedHunks: 1, rejectedHunks: 0, changedFiles: ['a.ts'], outcome: { changeSetId: 'cs2', completed: true, files: [
      { path: 'a.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' } }, { hunkIndex: 1, decision: { kind: 'reject' }, pending: true }] },
    ] } });
    assert.equal(r!.kind, 'review');
    assert.deepEqual([r!.hunksAccepted, r!.hunksRejected, r!.model], [1, 0, 'Claude Code']);
  });

  it('counts nothing for hunks review mode end wrote without asking (deferred): they count when decided at the end', () => {
    const rec = new UsageRecorder({ endpoint: 'e', model: 'm' }, () => 0);
    rec.observe({ type: 'changeSetProposed', changeSet: cs('w1', [{ path: 'a.ts', action: 'update' }]) });
    assert.deepEqual(rec.observe({ type: 'changeSetReviewed', changeSetId: 'w1', acceptedHunks: 1, rejectedHunks: 0, changedFiles: ['a.ts'], outcome: { changeSetId: 'w1', completed: true, deferred: true, files: [
      { path: 'a.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' } }] },
    ] } }), []);
    const [t] = rec.observe({ type: 'finished', summary: '' });
    assert.equal(t!.kind === 'task' && t!.hunksAccepted, 0);
  });

  it('schema 2: per-hunk times, reasons and kinds, reverts; version 1 lines are still read', () => {
    const v1 = '{"v":1,"kind":"review","at":"2026-12-01T09:00:00Z","taskId":"t","changeSetId":"c0","endpoint":"e","model":"m1","languages":["go"],"hunksAccepted":0,"hunksRejected":2,"hunksEdited":0,"reasonGiven":false,"rejectedKinds":["update go","update go"],"decideMs":500}';
    const h = (kind: string, decision: 'accept' | 'reject' | 'edit', decideMs: number | null, reasonGiven = false) => ({ kind, decision, reasonGiven, decideMs });
    const v2: UsageRecord = { v: 2, kind: 'review', at: '2026-12-01T10:00:00Z', taskId: 't', changeSetId: 'c1', endpoint: 'e', model: 'm1', languages: ['python'], hunksAccepted: 2, hunksRejected: 2, hunksEdited: 1, reasonGiven: true, rejectedKinds: ['add python', 'add python'], decideMs: 9000,
      hunks: [h('update python', 'accept', 1000), h('update python', 'edit', 4000), h('add python', 'reject', 6000, true), h('add python', 'reject', null)] };
    const revert: UsageRecord = revertRecord({ changeSetId: 'c1', direction: 'revert', hunks: 2, paths: ['a.py', 'b/c.py'] }, new Date('2026-12-01T11:00:00Z'));
    assert.deepEqual(revert, { v: 2, kind: 'revert', at: '2026-12-01T11:00:00.000Z', changeSetId: 'c1', direction: 'revert', hunks: 2, languages: ['python'] });
    const reapply: UsageRecord = { ...revert, direction: 'reapply', hunks: 1 };
    const parsed = parseUsageLog([v1, JSON.stringify(v2), JSON.stringify(revert), JSON.stringify(reapply)].join('\n'));
    assert.equal(parsed.skipped, 0);
    assert.deepEqual((parsed.records[0] as Extract<UsageRecord, { kind: 'review' }>).hunks, []);
    const s = summarizeUsage(parsed.records);
    // Timed hunks 1000, 4000, 6000: median 4000. The untimed reject counts as decided and rejected.
    assert.equal(s.medianHunkDecideMs, 4000);
    assert.equal(s.hunksDecided, 4);
    assert.equal(s.rejectionsWithReason, 1);
    assert.equal(s.hunksReverted, 2, 'a reapply is not a revert');
    assert.deepEqual(s.mostRejectedKinds, [{ kind: 'add python', count: 2 }, { kind: 'update go', count: 2 }]);
    const html = usageDashboardHtml(s, { cspSource: 'x' });
    assert.match(html, /<table data-table="hunks">.*<td>4<\/td><td>4\.0 s<\/td><td>1<\/td><td>2<\/td>/);
  });

  it('aggregates acceptance per day, model and language, cost per day, median review time, rejected kinds', () => {
    const review = (at: string, model: string, languages: string[], a: number, r: number, kinds: string[], decideMs: number): UsageRecord => ({ v: 1, kind: 'review', at, taskId: 't', changeSetId: 'c', endpoint: 'e', model, languages, hunksAccepted: a, hunksRejected: r, hunksEdited: 0, reasonGiven: false, rejectedKinds: kinds, decideMs, hunks: [] });
    const task = (at: string, cost: number | null): UsageRecord => ({ v: 1, kind: 'task', at, taskId: 't', endpoint: 'e', model: 'm1', outcome: 'finished', languages: [], steps: 1, tokensIn: 100, tokensOut: 10, costUsd: cost, durationMs: 1, changeSets: 1, hunksAccepted: 0, hunksRejected: 0, hunksEdited: 0 });
    const s = summarizeUsage([
      review('2026-12-01T09:00:00Z', 'm1', ['typescript'], 3, 1, ['update typescript'], 1000),
      review('2026-12-01T11:00:00Z', 'm2', ['python', 'typescript'], 1, 1, ['add python'], 3000),
      review('2026-12-02T09:00:00Z', 'm1', ['python'], 0, 2, ['add python', 'add python'], 8000),
      task('2026-12-01T09:30:00Z', 0.5), task('2026-12-01T12:00:00Z', null), task('2026-12-02T10:00:00Z', null),
    ]);
    assert.deepEqual(s.acceptanceByDay, [{ key: '2026-12-01', accepted: 4, rejected: 2, rate: 4 / 6 }, { key: '2026-12-02', accepted: 0, rejected: 2, rate: 0 }]);
    assert.deepEqual(s.acceptanceByModel.map((a) => [a.key, a.rate]), [['m1', 0.5], ['m2', 0.5]]);
    assert.deepEqual(s.acceptanceByLanguage.map((a) => [a.key, a.accepted, a.rejected]), [['python', 1, 3], ['typescript', 4, 2]]);
    assert.deepEqual(s.perDay, [{ day: '2026-12-01', tasks: 2, tokensIn: 200, tokensOut: 20, costUsd: 0.5 }, { day: '2026-12-02', tasks: 1, tokensIn: 100, tokensOut: 10, costUsd: null }]);
    assert.equal(s.medianReviewMs, 3000);
    assert.deepEqual(s.mostRejectedKinds, [{ kind: 'add python', count: 3 }, { kind: 'update typescript', count: 1 }]);
    assert.equal(median([4, 1, 3, 2]), 2.5);

    const html = usageDashboardHtml(s, { cspSource: 'vscode-resource:' });
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /default-src 'none'/);
    const byDay = /<table data-table="byDay">([\s\S]*?)<\/table>/.exec(html)![1];
    assert.match(byDay, /<td>2026-12-01<\/td><td>4<\/td><td>2<\/td><td>66\.7%<\/td>/);
    const bars = /aria-label="Acceptance over time"[\s\S]*?<\/svg>/.exec(html)![0];
    assert.deepEqual([...bars.matchAll(/data-value="([^"]+)"/g)].map((m) => Number(m[1])), [4 / 6, 0]);
    assert.match(html, /var\(--vscode-charts-blue\)/);
  });

  it('has a helpful empty state, and knows languages by extension', () => {
    assert.match(usageDashboardHtml(summarizeUsage([]), { cspSource: 'x' }), /No usage yet[\s\S]*Forge: New Task/);
    assert.deepEqual(['a/b.TS', 'x.py', 'Makefile', 'c.yml'].map(languageOf), ['typescript', 'python', 'other', 'yaml']);
  });
});
