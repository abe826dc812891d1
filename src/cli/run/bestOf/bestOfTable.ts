/** The candidates of `forge run --best-of N` side by side: one row each, then why the failed ones failed. */
import type { CandidateResult } from '../../../node/worktrees';
import { preferenceCandidate } from '../../../node/worktrees';

const RESULT = { done: 'done', stopped: 'stopped', limit: 'limit reached', failed: 'failed' } as const;

export function formatCandidates(results: readonly CandidateResult[]): string {
  const head = ['', 'endpoint', 'model', 'files', '+/-', 'check', 'cost', 'tokens', 'time', 'result'];
  const rows = results.map((r) => {
    const p = preferenceCandidate(r);
    return [
      p.id, p.endpoint, p.model, r.changes ? String(p.files) : '?', r.changes ? `+${p.linesAdded} -${p.linesRemoved}` : '?', p.check,
      p.costUsd === null ? '-' : `$${p.costUsd.toFixed(4)}`, p.tokens === null ? '-' : p.tokens.toLocaleString('en-US'),
      `${(p.durationMs / 1000).toFixed(1)} s`, RESULT[r.stats.outcome],
    ];
  });
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ')}\n`;
  let out = `Candidates:\n${line(head)}${rows.map(line).join('')}`;
  for (const r of results) {
    if (r.stats.outcome !== 'done') out += `  ${r.spec.id}: ${r.stats.message.split('\n')[0]}\n`;
    if (r.changesError) out += `  ${r.spec.id}: its worktree could not be read (${r.changesError})\n`;
  }
  return out;
}
