/**
 * The one path policy: where a path a tool, a command argument, a working directory or an MCP
 * argument names lands, and whether it may be used without asking. Lexical here (pure); symbolic
 * links are followed by the callers that can (PathGuard through the Workspace port).
 */
import { isSecretPath } from './secrets';

export type PathPlace = { inside: true; path: string } | { inside: false; why: string };

/** Lexically normalises a workspace-relative path; null when it climbs above the root. */
export function normalizeRelative(input: string): string | null {
  let p = input.trim().replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** Where `input` (as a command or tool wrote it, relative to the workspace folder `cwd`) lands. */
export function placePath(input: string, cwd = ''): PathPlace {
  const p = input.trim();
  if (p.startsWith('~')) return { inside: false, why: 'is in the home folder (~)' };
  if (/^([A-Za-z]:|[\\/])/.test(p)) return { inside: false, why: 'is an absolute path outside the workspace' };
  const path = normalizeRelative(cwd ? `${cwd}/${p}` : p);
  if (path === null) return { inside: false, why: 'leaves the workspace through ".."' };
  return { inside: true, path };
}

/** Rules files: instructions every agent reads. */
const RULES_NAMES = new Set(['agents.md', 'claude.md', 'gemini.md', '.cursorrules', '.windsurfrules', '.clinerules', 'copilot-instructions.md']);

/**
 * Why a workspace path is protected (it changes what runs, what Forge or another agent is told,
 * or the editor's configuration), or undefined. Changes to these always need the user's approval.
 */
export function protectedReason(path: string): string | undefined {
  const segs = path.split('/');
  const lower = segs.map((s) => s.toLowerCase());
  const name = lower.at(-1) ?? '';
  if (lower.includes('.git')) return 'is inside .git (repository configuration and hooks)';
  if (lower[0] === '.vscode') return 'is VS Code configuration (.vscode)';
  if (lower[0] === '.forge') return "is Forge's own configuration (.forge)";
  if (lower[0] === '.github' && lower[1] === 'workflows') return 'is a CI workflow (.github/workflows)';
  if (lower[0] === '.husky' || lower[0] === '.githooks') return 'is a git hook';
  if (lower[0] === '.cursor' || lower[0] === '.claude' || lower[0] === '.clinerules') return "is another agent's configuration";
  if (RULES_NAMES.has(name)) return 'is an agent rules file';
  if (name === '.gitattributes' || name === '.gitmodules') return 'is git configuration that can run programs';
  if (name === '.npmrc' || name === '.yarnrc' || name === '.yarnrc.yml' || name === '.pnpmfile.cjs') return 'is package manager configuration that can run programs';
  return undefined;
}

/** Why using this path without asking is not allowed (outside, secret, protected), or undefined. */
export function pathConcern(input: string, cwd = '', opts: { write?: boolean } = {}): string | undefined {
  const place = placePath(input, cwd);
  if (!place.inside) return place.why;
  if (isSecretPath(place.path)) return 'looks like a secrets file';
  const prot = protectedReason(place.path);
  if (prot && (opts.write || place.path.split('/').some((s) => s.toLowerCase() === '.git'))) return prot;
  return undefined;
}
