/**
 * The static pages Forge builds as HTML strings, filled with the XSS corpus: the usage dashboard
 * (Forge: Show Usage) and forge eval's report.html. Every text field they show carries a payload.
 */
import { renderReport } from '../../src/core/eval/reportHtml';
import type { Contestant, EvalRun } from '../../src/core/eval/results';
import { summarize } from '../../src/core/eval/summary';
import { usageDashboardHtml } from '../../src/core/usage/usageDashboardHtml';
import type { UsageRecord } from '../../src/core/usage/usageRecord';
import { summarizeUsage } from '../../src/core/usage/usageSummary';
import type { Payload } from './xssCorpus';

export interface DashboardPage {
  name: string;
  /** The fields that carry payloads (one surface each). */
  fields: string[];
  html: string;
  /** Where every payload line must show as text. */
  textRoot: string;
}

function usagePage(payloads: readonly Payload[]): DashboardPage {
  const records: UsageRecord[] = payloads.flatMap((x, i): UsageRecord[] => {
    const at = `2026-12-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`;
    const common = { v: 1 as const, taskId: `t${i}`, endpoint: x.text, model: x.text, languages: [x.text, 'typescript'], hunksAccepted: 2, hunksRejected: 1, hunksEdited: 0 };
    return [
      { ...common, kind: 'task', at: i % 3 ? at : x.text, outcome: x.text, steps: 3, tokensIn: 100, tokensOut: 10, costUsd: 0.01, durationMs: 1000, changeSets: 1 },
      { ...common, v: 2, kind: 'review', at: i % 3 ? x.text : at, changeSetId: x.text, reasonGiven: true, rejectedKinds: [x.text], decideMs: 2000, hunks: [{ kind: x.text, decision: 'reject', reasonGiven: true, decideMs: 1000 }] },
    ];
  });
  return {
    name: 'usage dashboard',
    fields: ['model names', 'languages', 'days (record times)', 'rejected kinds'],
    html: usageDashboardHtml(summarizeUsage(records), { cspSource: 'vscode-resource:' }),
    textRoot: 'table[data-table="byModel"]',
  };
}

function reportPage(payloads: readonly Payload[]): DashboardPage {
  const contestants: Contestant[] = payloads.map((x) => ({ id: x.text, endpoint: x.text, model: x.text, label: x.text }));
  const runs: EvalRun[] = payloads.flatMap((x) => [1, 2].map((repeat): EvalRun => ({
    task: x.text, contestant: x.text, endpoint: x.text, model: x.text, repeat, passed: repeat === 1, steps: 3, tokens: { input: 100, output: 10 },
    costUsd: 0.01, wallMs: 1000, toolCalls: { [x.text]: 1, read_file: 2 }, editRefusals: 0, commands: [x.text], diff: x.text, transcript: x.text,
    ended: x.text, error: x.text, checkOutput: x.text,
  })));
  return {
    name: 'eval report.html',
    fields: ['contestant ids', 'labels', 'models', 'endpoints', 'task ids', 'suites', 'created at', 'errors', 'check output', 'commands', 'transcripts', 'diffs', 'how runs ended', 'tool names'],
    html: renderReport({
      version: 1, createdAt: payloads.map((x) => x.text).join(' '), suites: payloads.map((x) => x.text), contestants,
      tasks: payloads.map((x) => ({ id: x.text, tags: [] })), repeat: 2, runs, summary: summarize(contestants, runs),
    }),
    textRoot: 'body',
  };
}

export function dashboardPages(payloads: readonly Payload[]): DashboardPage[] {
  return [usagePage(payloads), reportPage(payloads)];
}
