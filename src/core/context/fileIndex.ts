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

/** Folders listed at once: enough to keep the disk busy, few enough to keep memory flat. */
const LIST_CONCURRENCY = 32;

type Entry = { name: string; type: 'file' | 'directory'; symlink?: boolean };

/**
 * Breadth first, names sorted within each folder (so a cut-off keeps the shallow, stable part). Each level's
 * folders are listed concurrently; each entry is matched once against the ignore files of its ancestors.
 */
export async function walkFiles(workspace: Workspace, rules: IgnoreRules, opts: WalkOptions = {}): Promise<WalkResult> {
  const max = opts.maxFiles ?? 20_000;
  if (!opts.under && workspace.listFiles) {
    const listed = await workspace.listFiles(opts.signal).catch(() => null);
    if (listed) return keepListed(listed, rules, max);
  }
  const files: string[] = [];
  let level: string[] = [opts.under ?? ''];
  while (level.length) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += LIST_CONCURRENCY) {
      if (opts.signal?.aborted) return { files, truncated: false };
      const batch = level.slice(i, i + LIST_CONCURRENCY);
      const listed = await Promise.all(batch.map((dir) => listKept(workspace, rules, dir)));
      for (const entries of listed) {
        for (const e of entries) {
          if (e.type === 'directory') {
            if (!e.symlink) next.push(e.path);
          } else {
            files.push(e.path);
            if (files.length >= max) return { files, truncated: true };
          }
        }
      }
    }
    level = next;
  }
  return { files, truncated: false };
}

/** A host's fast listing, filtered by .forgeignore; over `max`, the shallowest files are kept (as a walk would). */
async function keepListed(listed: string[], rules: IgnoreRules, max: number): Promise<WalkResult> {
  const check = await rules.listedChecker();
  const kept = listed.filter((f) => !check(f).ignored);
  if (kept.length <= max) return { files: kept, truncated: false };
  const depth = (p: string) => p.split('/').length;
  kept.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  return { files: kept.slice(0, max), truncated: true };
}

/** A folder's entries that the ignore rules keep, sorted by name, with their workspace-relative paths. */
async function listKept(workspace: Workspace, rules: IgnoreRules, dir: string): Promise<(Entry & { path: string })[]> {
  let entries: Entry[];
  try {
    entries = await workspace.list(dir);
  } catch {
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  rules.noteListing(dir, entries.some((e) => e.name === '.gitignore' && e.type === 'file'));
  const kept: (Entry & { path: string })[] = [];
  for (const e of entries) {
    if ((await rules.checkEntry(dir, e.name, e.type === 'directory')).ignored) continue;
    kept.push({ ...e, path: dir ? `${dir}/${e.name}` : e.name });
  }
  return kept;
}

/** A glob matcher; patterns without a slash match at any depth ("*.ts" = "**\/*.ts"). */
export function globMatcher(glob: string): (path: string) => boolean {
  const pattern = glob.includes('/') ? glob.replace(/^\.\//, '') : `**/${glob}`;
  return (p) => minimatch(p, pattern, { dot: true, nocase: false });
}
