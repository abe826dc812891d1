/**
 * The workspace's file listing (git ls-files / ripgrep, see fileLister.ts), kept between calls so that the
 * second context pack, find_files or search fallback of a session does not list an 80,000-file tree again.
 *
 * Two ways to stay true to the disk:
 * - `mtime` (the CLI): the listing remembers the modification times of every folder that holds a listed
 *   file, of those folders' other subfolders, of every .gitignore it lists and of .git/index and
 *   .git/info/exclude. A file added, removed or renamed changes its folder's time, an edited ignore file
 *   its own: any difference (checked with one stat per folder, about 5,000 on the Linux tree) lists again.
 * - `events` (VS Code): the host reports file watcher events. A created file is added unless the ignore
 *   rules drop it, a deleted path is removed with everything under it; a created folder, a changed ignore
 *   file or a burst of events (a branch switch) lists again on the next call.
 */
import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

export type Lister = (signal?: AbortSignal) => Promise<string[] | null>;

export interface ListingCacheOptions {
  validate: 'mtime' | 'events';
  /** events: whether a created file is ignored (the core's IgnoreRules). Without it every creation lists again. */
  isIgnored?: (rel: string) => Promise<boolean>;
  /** events: more pending events than this list again instead of applying them one by one. */
  maxPending?: number;
}

const IGNORE_FILE = /(^|\/)\.gitignore$/;
const CLOCK_SLACK_MS = 50;
/** How long after a listing its folders' times are gathered (about 0.2 s of work on an 80,000-file tree). */
const STAMP_DELAY_MS = 300;

export class ListingCache {
  private files?: string[];
  /**
   * mtime: absolute path -> mtimeMs when listed (-1: did not exist); undefined when something changed while
   * listing. Gathered in the background after the listing is returned, so a cold listing does not wait for it.
   */
  private stamps?: Promise<Map<string, number> | undefined>;
  /** Starts gathering the times now instead of after STAMP_DELAY_MS (when a call needs them first). */
  private stampNow?: () => void;
  private created = new Set<string>();
  private deleted = new Set<string>();
  private stale = false;
  private listing?: Promise<string[] | null>;
  /** How the last get() was answered, for benchmarks and logs. */
  lastSource: 'listed' | 'cached' | 'updated' | undefined;

  constructor(private readonly root: string, private readonly lister: Lister, private readonly o: ListingCacheOptions) {}

  /** Resolves when the background work after a listing (mtime: gathering the times) is done; for benchmarks. */
  async settled(): Promise<void> {
    await this.listing;
    this.stampNow?.();
    await this.stamps;
  }

  /** The listing (sorted, workspace-relative), or null when no fast lister can run here. */
  async get(signal?: AbortSignal): Promise<string[] | null> {
    if (this.files && !this.stale && (this.o.validate === 'events' || (await this.unchangedOnDisk()))) {
      if (this.created.size || this.deleted.size) {
        if (await this.applyEvents()) return this.answer('updated');
      } else return this.answer('cached');
    }
    return this.relist(signal);
  }

  /** A file watcher event (events mode); `rel` is workspace-relative with forward slashes. */
  onCreated(rel: string): void {
    if (this.note(rel)) this.created.add(rel);
  }

  onDeleted(rel: string): void {
    if (this.note(rel)) {
      this.created.delete(rel);
      this.deleted.add(rel);
    }
  }

  onChanged(rel: string): void {
    if (IGNORE_FILE.test(rel)) this.invalidate();
  }

  /** Lists again on the next call. */
  invalidate(): void {
    this.stale = true;
  }

  private answer(source: 'cached' | 'updated'): string[] {
    this.lastSource = source;
    return this.files!;
  }

  /** False for events that cannot change the listing (inside .git); an ignore file's event lists again. */
  private note(rel: string): boolean {
    if (rel === '.git' || rel.startsWith('.git/')) return false;
    if (IGNORE_FILE.test(rel)) this.invalidate();
    if (this.created.size + this.deleted.size >= (this.o.maxPending ?? 2000)) this.invalidate();
    return !this.stale;
  }

  private async relist(signal?: AbortSignal): Promise<string[] | null> {
    if (!this.listing) {
      this.stale = false;
      this.created.clear();
      this.deleted.clear();
      const started = Date.now();
      this.listing = this.lister(signal).then((files) => {
        this.files = files ?? undefined;
        // A little after the caller has its answer (a context pack ranks the listing meanwhile): the times are
        // for the next call; a cold listing does not wait for them.
        if (files && this.o.validate === 'mtime') {
          // The timer does not keep the process alive (a CLI that lists once exits at once); a call that needs
          // the times starts them at once.
          const due = new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, STAMP_DELAY_MS);
            timer.unref?.();
            this.stampNow = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.stamps = due.then(() => this.stampsOf(files, started)).catch(() => undefined);
        }
        return files;
      }).finally(() => (this.listing = undefined));
    }
    const files = await this.listing;
    this.lastSource = 'listed';
    return files;
  }

  /** Applies pending watcher events; false when they need a new listing (a created folder, an unknown path). */
  private async applyEvents(): Promise<boolean> {
    const created = [...this.created];
    const deleted = [...this.deleted];
    this.created.clear();
    this.deleted.clear();
    let files = this.files!;
    if (deleted.length) {
      const gone = new Set(deleted);
      const under = deleted.map((d) => `${d}/`);
      files = files.filter((f) => !gone.has(f) && !under.some((u) => f.startsWith(u)));
    }
    const known = new Set(files);
    const add: string[] = [];
    for (const rel of created) {
      if (known.has(rel)) continue;
      const st = statOrUndefined(path.join(this.root, rel));
      if (!st) continue;
      if (st.isDirectory() || !this.o.isIgnored) return false;
      if (!(await this.o.isIgnored(rel))) add.push(rel);
    }
    if (add.length) files = [...files, ...add].sort();
    this.files = files;
    return true;
  }

  /** The times to compare next time: folders of listed files and their subfolders, ignore files, git's index. */
  private async stampsOf(files: string[], started: number): Promise<Map<string, number> | undefined> {
    const dirs = new Set<string>(['']);
    for (const f of files) {
      for (let i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) {
        const d = f.slice(0, i);
        if (dirs.has(d)) break;
        dirs.add(d);
      }
    }
    const paths = new Set<string>();
    // Subfolders without a listed file (empty, or only ignored files): a file created there must be seen.
    await inBatches([...dirs], async (d) => {
      const abs = d ? path.join(this.root, d) : this.root;
      paths.add(abs);
      const entries = await readdir(abs, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.isDirectory() && e.name !== '.git' && !dirs.has(d ? `${d}/${e.name}` : e.name)) paths.add(path.join(abs, e.name));
      }
    });
    for (const f of files) if (IGNORE_FILE.test(f)) paths.add(path.join(this.root, f));
    for (const g of ['.git/index', '.git/info/exclude']) paths.add(path.join(this.root, g));
    const stamps = new Map<string, number>();
    let changed = false;
    await inBatches([...paths], async (p) => {
      const t = (await stat(p).catch(() => undefined))?.mtimeMs ?? -1;
      // Changed since the listing started (file times come from a coarse clock: allow for its tick), so the
      // listing may not show it: the next call lists again.
      if (t > started - CLOCK_SLACK_MS) changed = true;
      stamps.set(p, t);
    });
    return changed ? undefined : stamps;
  }

  private async unchangedOnDisk(): Promise<boolean> {
    this.stampNow?.();
    const stamps = await this.stamps;
    if (!stamps) return false;
    for (const [p, t] of stamps) if ((statOrUndefined(p)?.mtimeMs ?? -1) !== t) return false;
    return true;
  }
}

/** Runs `fn` over `items`, 64 at a time. */
async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 64) await Promise.all(items.slice(i, i + 64).map(fn));
}

function statOrUndefined(abs: string) {
  try {
    return statSync(abs);
  } catch {
    return undefined;
  }
}
