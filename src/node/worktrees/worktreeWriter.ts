/**
 * A worktree task's edits go straight into its worktree (the engineer reviews the whole change set
 * against their checkout when the task ends): each change set the agent proposes is written there
 * whole, through the change-set writer (all or nothing, the bases checked), and reported as accepted.
 */
import * as fs from 'node:fs';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import { resolveInside } from '../safePaths';
import { writeChangeSet } from '../write/writeChangeSet';

export function writeIntoWorktree(rootReal: string, cs: ChangeSet): ReviewOutcome {
  const absOf = new Map<string, string>();
  const bases = new Map<string, string | null>();
  const refused = (error: string): ReviewOutcome => ({ changeSetId: cs.id, completed: false, files: [], applyError: error });
  for (const f of cs.files) {
    for (const p of [f.path, f.newPath]) {
      if (p === undefined || absOf.has(p)) continue;
      const r = resolveInside(rootReal, p);
      if (!r.ok) return refused(r.reason);
      absOf.set(p, r.abs);
      try {
        bases.set(p, fs.readFileSync(r.abs, 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return refused(`${p}: ${(e as Error).message}`);
        bases.set(p, null);
      }
    }
  }
  const w = writeChangeSet(cs, bases, { abs: (rel) => absOf.get(rel)! });
  if (!w.ok) return refused(w.error);
  return {
    changeSetId: cs.id,
    completed: true,
    files: cs.files.map((f) => ({ path: f.path, decisions: (f.hunks.length ? f.hunks : [{ index: 0 }]).map((h) => ({ hunkIndex: h.index, decision: { kind: 'accept' as const } })) })),
  };
}
