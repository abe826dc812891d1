/**
 * The workspace's ignore rules: .gitignore files (root and nested) and .forgeignore at the root,
 * plus .git itself. Every tool asks this before it lists, searches or reads a path.
 */
import ignore, { type Ignore } from 'ignore';
import type { Workspace } from '../ports';

/** Always hidden, whatever the ignore files say. */
const ALWAYS = ['.git/'];

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
    if (ignore().add(ALWAYS).ignores(asked)) return { ignored: true, source: '(always)' };
    this.forge ??= this.load('.forgeignore');
    const forge = await this.forge;
    if (forge?.ignores(asked)) return { ignored: true, source: '.forgeignore' };
    // Each ancestor's .gitignore applies to the path relative to that ancestor; also check ancestors
    // themselves (a file in an ignored folder is ignored).
    for (let depth = 0; depth < segs.length; depth++) {
      const dir = segs.slice(0, depth).join('/');
      const ig = await this.gitignoreOf(dir);
      if (!ig) continue;
      for (let end = depth + 1; end <= segs.length; end++) {
        const rel = segs.slice(depth, end).join('/') + (end < segs.length || isDir ? '/' : '');
        if (ig.ignores(rel)) return { ignored: true, source: dir ? `${dir}/.gitignore` : '.gitignore' };
      }
    }
    return { ignored: false };
  }
}
