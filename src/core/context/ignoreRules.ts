/**
 * The workspace's ignore rules: .gitignore files (root and nested) and .forgeignore at the root,
 * plus .git itself. Every tool asks this before it lists, searches or reads a path.
 */
import ignore, { type Ignore } from 'ignore';
import type { Workspace } from '../ports';

/** Always hidden, whatever the ignore files say. */
const ALWAYS = ignore().add(['.git/']);

export interface IgnoreVerdict {
  ignored: boolean;
  /** The ignore file whose rule matched ('.gitignore', 'src/.gitignore', '.forgeignore'). */
  source?: string;
}

export class IgnoreRules {
  /** Ignore matchers per folder that has a .gitignore ('' = root), loaded lazily. */
  private readonly byDir = new Map<string, Promise<Ignore | null>>();
  private forge: Promise<Ignore | null> | undefined;

  constructor(private readonly workspace: Workspace) {}

  private load(file: string): Promise<Ignore | null> {
    return this.workspace.readText(file).then(
      (text) => ignore({ ignorecase: false }).add(text),
      () => null,
    );
  }

  private gitignoreOf(dir: string): Promise<Ignore | null> {
    let p = this.byDir.get(dir);
    if (!p) {
      p = this.load(dir ? `${dir}/.gitignore` : '.gitignore');
      this.byDir.set(dir, p);
    }
    return p;
  }

  /**
   * The verdict for a path a host listed with the .gitignore rules already applied (Workspace.listFiles):
   * only .git and .forgeignore remain to check.
   */
  async checkListed(path: string): Promise<IgnoreVerdict> {
    return (await this.listedChecker())(path);
  }

  /** checkListed as a synchronous function, for filtering a whole listing (80,000 paths) without an await each. */
  async listedChecker(): Promise<(path: string) => IgnoreVerdict> {
    this.forge ??= this.load('.forgeignore');
    const forge = await this.forge;
    return (path) => {
      if (path === '.git' || path.startsWith('.git/') || path.includes('/.git/')) return { ignored: true, source: '(always)' };
      return forge?.ignores(path) ? { ignored: true, source: '.forgeignore' } : { ignored: false };
    };
  }

  /**
   * What a walk learned from listing `dir`: whether it holds a .gitignore. A folder without one costs no
   * read (most folders of a large tree have none).
   */
  noteListing(dir: string, hasGitignore: boolean): void {
    if (!hasGitignore && !this.byDir.has(dir)) this.byDir.set(dir, Promise.resolve(null));
  }

  /** Forget loaded ignore files (after an edit changed one). */
  invalidate(): void {
    this.byDir.clear();
    this.forge = undefined;
  }

  /** Whether a workspace-relative path is ignored (pass isDir for folders). */
  async check(path: string, isDir = false): Promise<IgnoreVerdict> {
    const clean = path.replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (clean === '' || clean === '.') return { ignored: false };
    const segs = clean.split('/');
    if (segs.includes('.git')) return { ignored: true, source: '(always)' };
    const asked = isDir ? `${clean}/` : clean;
    if (ALWAYS.ignores(asked)) return { ignored: true, source: '(always)' };
    this.forge ??= this.load('.forgeignore');
    const forge = await this.forge;
    if (forge?.ignores(asked)) return { ignored: true, source: '.forgeignore' };
    // A file in an ignored folder is ignored: check each ancestor folder, then the path itself.
    for (let end = 1; end <= segs.length; end++) {
      const v = await this.decide(segs.slice(0, end - 1).join('/'), segs[end - 1]!, end < segs.length || isDir);
      if (v.ignored) return v;
    }
    return { ignored: false };
  }

  /**
   * The same verdict as check(`${dir}/${name}`) for an entry of a folder that is itself not ignored (a
   * walk only descends into such folders): every ancestor was already checked, so only the entry's own
   * path is matched against each ancestor's ignore file. O(depth) instead of O(depth^2).
   */
  async checkEntry(dir: string, name: string, isDir: boolean): Promise<IgnoreVerdict> {
    if (name === '.git') return { ignored: true, source: '(always)' };
    const clean = dir ? `${dir}/${name}` : name;
    const asked = isDir ? `${clean}/` : clean;
    this.forge ??= this.load('.forgeignore');
    const forge = await this.forge;
    if (forge?.ignores(asked)) return { ignored: true, source: '.forgeignore' };
    return this.decide(dir, name, isDir);
  }

  /**
   * git's rule for one path whose folder is not ignored: the deepest .gitignore with a rule that matches
   * the path (ignoring it, or re-including it with `!`) decides; the last matching rule of that file wins.
   */
  private async decide(dir: string, name: string, isDir: boolean): Promise<IgnoreVerdict> {
    const segs = dir ? dir.split('/') : [];
    for (let depth = segs.length; depth >= 0; depth--) {
      const ig = await this.gitignoreOf(segs.slice(0, depth).join('/'));
      if (!ig) continue;
      const rel = segs.slice(depth).concat(name).join('/') + (isDir ? '/' : '');
      const t = ig.test(rel);
      if (t.ignored) return { ignored: true, source: depth ? `${segs.slice(0, depth).join('/')}/.gitignore` : '.gitignore' };
      if (t.unignored) return { ignored: false };
    }
    return { ignored: false };
  }
}
