/** What `forge apply` prints: a JSON report (--json) or a short human summary. */
import { describePlacement } from '../../protocol/placement';
import type { ApplyOutcome } from './applyEdit';

const ACTION_MARK = { add: 'A', delete: 'D', update: 'M', rename: 'R' } as const;

export function formatJson(o: ApplyOutcome): string {
  const report = {
    ok: o.ok,
    dryRun: o.dryRun,
    files: o.files.map((f) => ({
      path: f.path,
      ...(f.newPath ? { newPath: f.newPath } : {}),
      action: f.action,
      status: f.status,
      ...(f.reason ? { reason: f.reason } : {}),
      hunks: f.hunks.map((h) => ({
        status: h.status,
        strategy: h.strategy,
        line: h.line,
        confidence: h.confidence,
        reason: h.reason ?? null,
        // How it was placed: kind (exact, whitespace-tolerant, re-indented, repaired, elision, fuzzy, ...),
        // a label, one sentence, and whether a reviewer should look twice. null when refused.
        placement: h.status === 'applied' && h.strategy ? describePlacement(h.strategy, h.confidence ?? 1) : null,
      })),
    })),
    ...(o.error ? { error: o.error } : {}),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

export function formatHuman(o: ApplyOutcome): string {
  const out: string[] = [];
  const changed = o.files.filter((f) => f.status === 'applied' && !f.unchanged).length;
  if (o.ok) {
    out.push(o.dryRun ? `forge apply: ${changed} file(s) would change (dry run; nothing written)` : `forge apply: ${changed} file(s) changed`);
  } else {
    out.push(`forge apply: refused; nothing was written`);
  }
  for (const f of o.files) {
    const name = f.newPath ? `${f.path} -> ${f.newPath}` : f.path;
    out.push(`  ${ACTION_MARK[f.action]} ${name}${f.status === 'refused' ? '  REFUSED' : f.unchanged ? '  (no change)' : ''}`);
    if (f.reason) out.push(`      ${f.reason}`);
    f.hunks.forEach((h, i) => {
      if (h.status === 'applied') {
        const p = describePlacement(h.strategy ?? 'exact', h.confidence ?? 1);
        const flag = p.review ? ` (${p.detail}; check it)` : '';
        out.push(`      hunk ${i + 1}: line ${h.line}, ${p.label}${flag}`);
      } else if (!f.reason) {
        out.push(`      hunk ${i + 1}: refused: ${h.reason}`);
      }
    });
  }
  for (const r of o.refusals) {
    if (!r.closest || r.closest.differences.length === 0) continue;
    out.push(`  closest place for ${r.path} hunk ${r.hunkIndex + 1}: lines ${r.closest.startLine}-${r.closest.endLine} (similarity ${r.closest.score})`);
    for (const d of r.closest.differences.slice(0, 10)) out.push(`      ${d}`);
  }
  if (!o.ok && o.error && o.files.length === 0) out.push(`  ${o.error}`);
  else if (!o.ok && o.error && !o.refusals.length) out.push(`  ${o.error}`);
  for (const p of o.problems.slice(0, 5)) out.push(`  note: edit line ${p.line}: ${p.message}`);
  return out.join('\n') + '\n';
}
