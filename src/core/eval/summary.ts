/** Aggregates eval runs: per contestant (pass rate, cost, tokens, pass@k) and per task, and the ranking. */
import type { Contestant, EvalRun } from './results';

export interface ContestantSummary {
  contestant: string;
  label: string;
  endpoint: string;
  model: string;
  runs: number;
  passed: number;
  /** passed / runs, 0..1 (0 when there are no runs). */
  passRate: number;
  /** Sum over runs; null when no run had a price. */
  costUsd: number | null;
  tokensIn: number;
  tokensOut: number;
  wallMs: number;
  /** pass@k for k = 1..(fewest repeats of any task), the unbiased estimator averaged over tasks. */
  passAtK: { k: number; value: number }[];
}

export interface TaskSummary {
  task: string;
  /** Per contestant id: runs, passes and mean wall time. */
  byContestant: Record<string, { runs: number; passed: number; meanWallMs: number }>;
}

export interface EvalSummary {
  runs: number;
  passed: number;
  /** Ranked: pass rate (high first), then cost (low first; unknown last), then id. */
  contestants: ContestantSummary[];
  tasks: TaskSummary[];
}

/** 1 - C(n-c, k) / C(n, k): the chance that at least one of k samples out of n (c correct) passes. */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n || n <= 0) return Number.NaN;
  if (n - c < k) return 1;
  let miss = 1;
  for (let i = n - c + 1; i <= n; i++) miss *= 1 - k / i;
  return 1 - miss;
}

export function summarize(contestants: readonly Contestant[], runs: readonly EvalRun[]): EvalSummary {
  const byContestant = new Map<string, EvalRun[]>();
  for (const r of runs) byContestant.set(r.contestant, [...(byContestant.get(r.contestant) ?? []), r]);
  const known = new Map(contestants.map((c) => [c.id, c]));
  for (const r of runs) if (!known.has(r.contestant)) known.set(r.contestant, { id: r.contestant, endpoint: r.endpoint, model: r.model, label: r.model });
  const rows: ContestantSummary[] = [...known.values()].map((c) => {
    const rs = byContestant.get(c.id) ?? [];
    const priced = rs.filter((r) => r.costUsd !== null);
    const perTask = new Map<string, { n: number; c: number }>();
    for (const r of rs) {
      const t = perTask.get(r.task) ?? { n: 0, c: 0 };
      t.n++;
      if (r.passed) t.c++;
      perTask.set(r.task, t);
    }
    const minN = perTask.size ? Math.min(...[...perTask.values()].map((t) => t.n)) : 0;
    const passAt = [];
    for (let k = 1; k <= minN; k++) {
      const vals = [...perTask.values()].map((t) => passAtK(t.n, t.c, k));
      passAt.push({ k, value: vals.reduce((a, b) => a + b, 0) / vals.length });
    }
    const passed = rs.filter((r) => r.passed).length;
    return {
      contestant: c.id, label: c.label, endpoint: c.endpoint, model: c.model,
      runs: rs.length, passed, passRate: rs.length ? passed / rs.length : 0,
      costUsd: priced.length ? priced.reduce((a, r) => a + (r.costUsd ?? 0), 0) : null,
      tokensIn: rs.reduce((a, r) => a + r.tokens.input, 0),
      tokensOut: rs.reduce((a, r) => a + r.tokens.output, 0),
      wallMs: rs.reduce((a, r) => a + r.wallMs, 0),
      passAtK: passAt,
    };
  });
  rows.sort(rankOrder);
  const tasks = new Map<string, TaskSummary>();
  for (const r of runs) {
    const t = tasks.get(r.task) ?? { task: r.task, byContestant: {} };
    const cell = t.byContestant[r.contestant] ?? { runs: 0, passed: 0, meanWallMs: 0 };
    cell.meanWallMs = (cell.meanWallMs * cell.runs + r.wallMs) / (cell.runs + 1);
    cell.runs++;
    if (r.passed) cell.passed++;
    t.byContestant[r.contestant] = cell;
    tasks.set(r.task, t);
  }
  return {
    runs: runs.length,
    passed: runs.filter((r) => r.passed).length,
    contestants: rows,
    tasks: [...tasks.values()].sort((a, b) => a.task.localeCompare(b.task)),
  };
}

function rankOrder(a: ContestantSummary, b: ContestantSummary): number {
  if (a.passRate !== b.passRate) return b.passRate - a.passRate;
  if (a.costUsd !== b.costUsd) {
    if (a.costUsd === null) return 1;
    if (b.costUsd === null) return -1;
    return a.costUsd - b.costUsd;
  }
  return a.contestant.localeCompare(b.contestant);
}

export const formatPercent = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const formatUsd = (x: number | null): string => (x === null ? '-' : `$${x.toFixed(4)}`);
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The ranking as a plain-text table (the last thing `forge eval` prints on stdout). */
export function rankingTable(s: EvalSummary): string {
  const head = ['#', 'contestant', 'passed', 'pass rate', 'cost', 'tokens in/out', 'time'];
  const rows = s.contestants.map((c, i) => [String(i + 1), c.label === c.contestant ? c.contestant : `${c.label} (${c.contestant})`, `${c.passed}/${c.runs}`, formatPercent(c.passRate), formatUsd(c.costUsd), `${c.tokensIn}/${c.tokensOut}`, formatSeconds(c.wallMs)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
