/**
 * The large workload for the performance benchmarks: the Linux 6.1 source tree from Debian's
 * `linux-source-6.1` package (about 78,600 files, 1.3 GB), prepared once into a cache folder outside the
 * repository: extracted, the `/*`-style lines Debian appends to the root .gitignore stripped (with them the
 * ignore rules hide the whole tree), and committed to a git repository so `git ls-files` is the reference
 * file set.
 *
 *   npx tsx bench/workload.ts          prepare (apt-get install linux-source-6.1 first; ~2 min) and print its path
 *
 * The folder is `$FORGE_BENCH_CACHE/linux-6.1` (default `~/.cache/forge/bench/linux-6.1`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TARBALL = '/usr/src/linux-source-6.1.tar.xz';

export function workloadDir(): string {
  return join(process.env.FORGE_BENCH_CACHE ?? join(homedir(), '.cache', 'forge', 'bench'), 'linux-6.1');
}

/** Debian appends root-anchored `/*` patterns that ignore everything; the kernel's own rules stay. */
export function stripDebianIgnoreLines(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\/\*/.test(l.trim()) && !/^!\/?debian/.test(l.trim()))
    .join('\n');
}

/** The prepared tree's path, preparing it first when needed. Throws with the install command when the tarball is missing. */
export function prepareWorkload(log: (line: string) => void = (l) => console.error(l)): string {
  const dir = workloadDir();
  const done = join(dir, '.forge-bench-ready');
  if (existsSync(done)) return dir;
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing. Run: apt-get install -y linux-source-6.1`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`[workload] extracting ${TARBALL} into ${dir} (once; about a minute)...`);
  execFileSync('tar', ['-xJf', TARBALL, '--strip-components=1', '-C', dir], { stdio: 'inherit' });
  const gi = join(dir, '.gitignore');
  writeFileSync(gi, stripDebianIgnoreLines(readFileSync(gi, 'utf8')));
  log('[workload] git init && git add -A (about 30 s)...');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'linux 6.1 (Debian linux-source-6.1)');
  writeFileSync(done, new Date().toISOString() + '\n');
  return dir;
}

if (require.main === module) console.log(prepareWorkload());
