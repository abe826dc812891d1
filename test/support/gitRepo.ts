/** Real git repositories in temp folders for the worktree tests and benchmarks. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 30 });
}

export const GREET = `exports.hi = () => 'hi';\n${'// filler\n'.repeat(12)}exports.bye = () => 'bye';\n`;

/** A repository with one commit on main: greet.js (two functions, far apart) and README.md. */
export function makeRepo(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-wt-')));
  sh(root, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(root, 'greet.js'), GREET);
  fs.writeFileSync(path.join(root, 'README.md'), '# demo\n');
  sh(root, 'add', '-A');
  sh(root, 'commit', '-qm', 'init');
  return root;
}
