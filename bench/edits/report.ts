/** Tables and the JSON summary of an edit-benchmark run. */
import type { Case, Outcome, ToolResult } from './types';

export type Row = Record<string, ToolResult>;

export interface Tally {
  correct: number;
  refused: number;
  wrong: number;
  na: number;
}

const empty = (): Tally => ({ correct: 0, refused: 0, wrong: 0, na: 0 });

function add(t: Tally, o: Outcome): void {
  if (o === 'n/a') t.na++;
  else t[o]++;
}

export interface KindSummary {
  kind: string;
  cases: number;
  recoverable: number;
  tools: Record<string, Tally>;
  /** Per tool: correct over recoverable cases. */
  recoverableCorrect: Record<string, number>;
}

export function summarize(cases: readonly Case[], rows: readonly Row[], tools: readonly string[]): KindSummary[] {
  const byKind = new Map<string, KindSummary>();
  const total: KindSummary = { kind: 'TOTAL', cases: 0, recoverable: 0, tools: {}, recoverableCorrect: {} };
  for (const t of tools) (total.tools[t] = empty()), (total.recoverableCorrect[t] = 0);
  cases.forEach((c, i) => {
    let k = byKind.get(c.kind);
    if (!k) {
      k = { kind: c.kind, cases: 0, recoverable: 0, tools: {}, recoverableCorrect: {} };
      for (const t of tools) (k.tools[t] = empty()), (k.recoverableCorrect[t] = 0);
      byKind.set(c.kind, k);
    }
    for (const s of [k, total]) {
      s.cases++;
      if (c.recoverable) s.recoverable++;
      for (const t of tools) {
        const o = rows[i][t]?.outcome ?? 'n/a';
        add(s.tools[t], o);
        if (c.recoverable && o === 'correct') s.recoverableCorrect[t]++;
      }
    }
  });
  return [...byKind.values(), total];
}

const cell = (t: Tally) => (t.na > 0 && t.correct + t.refused + t.wrong === 0 ? 'n/a' : `${t.correct}/${t.refused}/${t.wrong}`);

export function formatTable(sums: readonly KindSummary[], tools: readonly string[]): string {
  const head = ['corruption', 'cases', 'recov', ...tools.map((t) => `${t} c/r/w`)];
  const body = sums.map((s) => [s.kind, String(s.cases), String(s.recoverable), ...tools.map((t) => cell(s.tools[t]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), sep, ...body.slice(0, -1).map(line), sep, line(body[body.length - 1])].join('\n');
}

export const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
