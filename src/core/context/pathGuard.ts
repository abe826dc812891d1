/**
 * Every path a tool receives goes through here: normalised to a workspace-relative path with
 * forward slashes, `..` resolved, symbolic links followed (through the Workspace port), and
 * refused when it leaves the workspace, lies in an ignored folder, or names a secret file.
 */
import type { Workspace } from '../ports';
import { IgnoreRules } from './ignoreRules';
import { isSecretPath } from './secrets';
import { normalizeRelative } from './pathPolicy';

export { normalizeRelative } from './pathPolicy';

export type GuardedPath = { ok: true; path: string; secret: boolean } | { ok: false; reason: string };

export interface GuardOptions {
  /** Ignored paths are refused unless this is true (e.g. for edits that create build files). */
  allowIgnored?: boolean;
}

export class PathGuard {
  readonly ignore: IgnoreRules;

  constructor(private readonly workspace: Workspace, ignoreRules?: IgnoreRules) {
    this.ignore = ignoreRules ?? new IgnoreRules(workspace);
  }

  async resolve(input: string, opts: GuardOptions = {}): Promise<GuardedPath> {
    const bad = (why: string): GuardedPath => ({ ok: false, reason: `"${input}" is refused: ${why}.` });
    if (typeof input !== 'string') return bad('it is not a path');
    if (input.trim().startsWith('~')) return bad('it is in the home folder (~); use a path relative to the workspace root');
    if (/^([A-Za-z]:|[\\/])/.test(input.trim())) return bad('absolute paths are not allowed; use a path relative to the workspace root');
    const lexical = normalizeRelative(input);
    if (lexical === null) return bad('it leaves the workspace through ".."');
    let path = lexical;
    if (this.workspace.realPath) {
      const real = await this.workspace.realPath(lexical);
      if (real === null) return bad('it leads outside the workspace (through a symbolic link or an absolute path)');
      path = real;
    }
    if (path.split('/').includes('.git')) return bad('it is inside .git');
    if (!opts.allowIgnored && path !== '') {
      const v = await this.ignore.check(path);
      if (v.ignored) return bad(`it is ignored by ${v.source}`);
    }
    return { ok: true, path, secret: isSecretPath(path) };
  }
}
