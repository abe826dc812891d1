/**
 * Which files of a change set change what runs or what an agent is told (see protectedReason in
 * context/pathPolicy): editor and Forge configuration, rules files, git internals and hooks, CI
 * workflows, package manager configuration, and package.json when its scripts change. Such a
 * change is reviewed before it is written, even in review mode `end`: the model cannot widen its
 * own permissions.
 */
import { protectedReason } from '../../context/pathPolicy';
import type { ChangeSet } from './changeSet';
import { renderFile } from './textDoc';

/** "path: why" for each protected file the change set touches. */
export function protectedChanges(cs: ChangeSet, bases: ReadonlyMap<string, string | null>): string[] {
  const out: string[] = [];
  for (const f of cs.files) {
    for (const p of [f.path, f.newPath]) {
      if (p === undefined) continue;
      const why = protectedReason(p);
      if (why) out.push(`${p} ${why}`);
    }
    if (/(^|\/)package\.json$/i.test(f.path)) {
      const base = bases.get(f.path) ?? null;
      const after = f.action === 'delete' ? null : renderFile(base, f);
      if (f.action === 'rename' || scriptsOf(base) !== scriptsOf(after)) out.push(`${f.path} changes its scripts (what npm runs)`);
    }
  }
  return out;
}

/** The scripts (and other run hooks) of a package.json as comparable text; unparsable text counts as its whole text. */
function scriptsOf(text: string | null): string {
  if (text === null) return '';
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify([j.scripts ?? null, j.bin ?? null, j.config ?? null, j.workspaces ?? null, j.gypfile ?? null]);
  } catch {
    return `unparsable:${text}`;
  }
}
