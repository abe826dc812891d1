/** Usage insights: records from agent events (no contents), the log parser, the aggregation, the dashboard's tables and charts. */
import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../../src/core/agent/events';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import { usageDashboardHtml } from '../../../src/core/usage/usageDashboardHtml';
import { languageOf, parseUsageLog, type UsageRecord } from '../../../src/core/usage/usageRecord';
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
      { path: 'src/a.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' } }, { hunkIndex: 1, decision: { kind: 'edit', newLines: ['SECRET LINE'] } }] },
      { path: 'b.py', decisions: [{ hunkIndex: 0, decision: { kind: 'reject' }, reason: 'not needed' }] },
    ] } });
    feed({ type: 'step', step: 2, maxSteps: 10 });
    feed(usage(2500, 120, 0.03));
    t += 1000;
    feed({ type: 'finished', summary: 'SECRET SUMMARY' });
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], { v: 1, kind: 'review', at: '2026-12-01T10:00:04.000Z', taskId: 'task-1', changeSetId: 'cs1', endpoint: 'http://e/v1', model: 'm1', languages: ['python', 'typescript'], hunksAccepted: 2, hunksRejected: 1, hunksEdited: 1, reasonGiven: true, rejectedKinds: ['add python'], decideMs: 4000 });
    assert.deepEqual(out[1], { v: 1, kind: 'task', at: '2026-12-01T10:00:05.000Z', taskId: 'task-1', endpoint: 'http://e/v1', model: 'm1', outcome: 'finished', languages: ['python', 'typescript'], steps: 2, tokensIn: 2500, tokensOut: 120, costUsd: 0.03, durationMs: 5000, changeSets: 1, hunksAccepted: 2, hunksRejected: 1, hunksEdited: 1 });
    assert.doesNotMatch(JSON.stringify(out), /SECRET|not needed/);
    const log = out.map((r) => JSON.stringify(r)).join('\n') + '\n{"v":2,"kind":"task"}\nnot json\n';
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

  it('aggregates acceptance per day, model and language, cost per day, median review time, rejected kinds', () => {
    const review = (at: string, model: string, languages: string[], a: number, r: number, kinds: string[], decideMs: number): UsageRecord => ({ v: 1, kind: 'review', at, taskId: 't', changeSetId: 'c', endpoint: 'e', model, languages, hunksAccepted: a, hunksRejected: r, hunksEdited: 0, reasonGiven: false, rejectedKinds: kinds, decideMs });
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
