/**
 * The workspace's files, walked through the Workspace port with ignore rules applied (the pure
 * fallback for find_files, search_text and the repo map). Capped so a huge tree cannot stall a step.
 */
import { minimatch } from 'minimatch';
import type { Workspace } from '../ports';
import type { IgnoreRules } from './ignoreRules';

export interface WalkOptions {
  maxFiles?: number;
  signal?: AbortSignal;
  /** Folder to start from ('' = root). */
  under?: string;
}

export interface WalkResult {
  files: string[];
  /** True when maxFiles was reached before the walk ended. */
  truncated: boolean;
}

export async function walkFiles(workspace: Workspace, rules: IgnoreRules, opts: WalkOptions = {}): Promise<WalkResult> {
  const max = opts.maxFiles ?? 20_000;
  const files: string[] = [];
  const queue: string[] = [opts.under ?? ''];
  while (queue.length) {
    if (opts.signal?.aborted) break;
    const dir = queue.shift()!;
    let entries: { name: string; type: 'file' | 'directory'; symlink?: boolean }[];
    try {
      entries = await workspace.list(dir);
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = dir ? `${dir}/${e.name}` : e.name;
      if ((await rules.check(p, e.type === 'directory')).ignored) continue;
      if (e.type === 'directory') {
        if (!e.symlink) queue.push(p);
      }
      else {
        files.push(p);
        if (files.length >= max) return { files, truncated: true };
      }
    }
  }
  return { files, truncated: false };
}

/** A glob matcher; patterns without a slash match at any depth ("*.ts" = "**\/*.ts"). */
export function globMatcher(glob: string): (path: string) => boolean {
  const pattern = glob.includes('/') ? glob.replace(/^\.\//, '') : `**/${glob}`;
  return (p) => minimatch(p, pattern, { dot: true, nocase: false });
}
