/**
 * The options of a worktree task (docs/worktrees.md): the ref it starts from, the paths checked
 * out (sparse), the untracked files copied in, the setup command run before it starts, and what
 * its work becomes when it finishes. Defaults come from the forge.worktrees.* settings; the New
 * Task flow's Options can change them for one task. Pure: parsing and checking only.
 */

export type WorktreeResult = 'review' | 'commit';

export interface WorktreeTaskOptions {
  /** The ref the task starts from; empty: HEAD. */
  base: string;
  /** Paths checked out (repository-relative; folders, or patterns with * ? [); empty: the whole tree. */
  sparse: string[];
  /** Untracked files copied from the checkout (repository-relative), e.g. `.env`; only these. */
  copy: string[];
  /** A command run, sandboxed, in the new worktree before the task starts; empty: none. */
  setup: string;
  /** What the work becomes when the task finishes: reviewed into the working tree, or kept as a commit on the task's branch. */
  result: WorktreeResult;
}

export const DEFAULT_TASK_OPTIONS: WorktreeTaskOptions = { base: '', sparse: [], copy: [], setup: '', result: 'review' };

/** Why a path cannot be a worktree option's path (absolute, or climbing out with ..), or undefined when it can. */
export function pathProblem(p: string): string | undefined {
  const norm = p.replace(/\\/g, '/');
  if (!norm.trim()) return 'an empty path';
  if (/^([A-Za-z]:)?\//.test(norm)) return `"${p}" is absolute; give a path inside the repository`;
  if (norm.split('/').includes('..')) return `"${p}" leaves the repository (..)`;
  return undefined;
}

/** A list typed in one line: comma-separated when it has a comma, else separated by spaces. */
export function parsePathList(text: string): string[] {
  const parts = text.includes(',') ? text.split(',') : text.split(/\s+/);
  const out: string[] = [];
  for (const p of parts.map((x) => x.trim().replace(/^\.\//, '').replace(/\/+$/, '')).filter(Boolean)) if (!out.includes(p)) out.push(p);
  return out;
}

/** Options from the settings' raw values; a value of the wrong shape is left at its default and named in `problems`. */
export function optionsFromSettings(raw: { baseRef?: unknown; sparsePaths?: unknown; copyFiles?: unknown; setupCommand?: unknown; result?: unknown }): { options: WorktreeTaskOptions; problems: string[] } {
  const problems: string[] = [];
  const o: WorktreeTaskOptions = { ...DEFAULT_TASK_OPTIONS, sparse: [], copy: [] };
  const str = (v: unknown, key: string): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v.trim();
    problems.push(`forge.worktrees.${key} must be a string; it is ignored.`);
    return '';
  };
  const list = (v: unknown, key: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      problems.push(`forge.worktrees.${key} must be a list of paths; it is ignored.`);
      return [];
    }
    const out: string[] = [];
    for (const p of v as string[]) {
      const why = pathProblem(p);
      if (why) problems.push(`forge.worktrees.${key}: ${why}; that entry is ignored.`);
      else out.push(p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''));
    }
    return out;
  };
  o.base = str(raw.baseRef, 'baseRef');
  o.sparse = list(raw.sparsePaths, 'sparsePaths');
  o.copy = list(raw.copyFiles, 'copyFiles');
  o.setup = str(raw.setupCommand, 'setupCommand');
  if (raw.result === 'commit' || raw.result === 'review') o.result = raw.result;
  else if (raw.result !== undefined && raw.result !== null) problems.push('forge.worktrees.result must be "review" or "commit"; "review" is used.');
  return { options: o, problems };
}

/** Whether the options differ from the plain task (HEAD, whole tree, nothing copied, no setup, reviewed). */
export function isPlain(o: WorktreeTaskOptions): boolean {
  return !o.base && !o.sparse.length && !o.copy.length && !o.setup && o.result === 'review';
}
