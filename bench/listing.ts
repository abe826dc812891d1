/**
 * Listing a large workspace with its ignore rules: Forge's walk (the one behind the repo map and the
 * find_files / search fallbacks) against `rg --files` and `git ls-files` on the Linux 6.1 tree
 * (bench/workload.ts), in the same run. Also checks that Forge lists exactly the files git tracks.
 * `forge` is a cold listing (a new workspace each run); `cached` is a later call on the same workspace (after
 * the cache has gathered the folders' modification times in the background), answered from its listing cache
 * after checking them (src/node/listingCache.ts). Wall time, and CPU time of this process and its child
 * processes (git, rg) together from /proc/self/stat (10 ms ticks), which a busy machine inflates far less.
 *
 *   npx tsx bench/listing.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { walkFiles } from '../src/core/context/fileIndex';
import { IgnoreRules } from '../src/core/context/ignoreRules';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { cpuWithChildrenMs } from './cpuTime';
import { prepareWorkload } from './workload';

const runs = Number(process.argv[2] ?? 5);
const root = prepareWorkload();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cpu: Record<string, number[]> = {};

async function time(fn: () => Promise<unknown> | unknown, name?: string): Promise<number> {
  const c = cpuWithChildrenMs();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  if (name) (cpu[name] ??= []).push(cpuWithChildrenMs() - c);
  return ms;
}

function lines(cmd: string, args: string[]): string[] {
  return execFileSync(cmd, args, { cwd: root, maxBuffer: 1 << 28, encoding: 'utf8' }).split('\n').filter(Boolean);
}

async function forgeList(ws = new NodeWorkspace(root)): Promise<string[]> {
  return (await walkFiles(ws, new IgnoreRules(ws), { maxFiles: Number.MAX_SAFE_INTEGER })).files;
}

async function main(): Promise<void> {
  const t: Record<string, number[]> = { forge: [], cached: [], rg: [], git: [] };
  let forgeFiles: string[] = [];
  let cachedFiles: string[] = [];
  const sources = new Set<string>();
  for (let i = 0; i < runs; i++) {
    const ws = new NodeWorkspace(root);
    t.forge.push(await time(async () => (forgeFiles = await forgeList(ws)), 'forge'));
    await ws.listing.settled();
    t.cached.push(await time(async () => (cachedFiles = await forgeList(ws)), 'cached'));
    sources.add(ws.listing.lastSource ?? '?');
    t.rg.push(await time(() => lines('rg', ['--files', '--hidden', '--no-ignore-dot', '-g', '!.git']), 'rg'));
    t.git.push(await time(() => lines('git', ['ls-files']), 'git'));
  }
  const git = new Set(lines('git', ['ls-files']));
  const forge = new Set(forgeFiles);
  const missing = [...git].filter((f) => !forge.has(f));
  const extra = [...forge].filter((f) => !git.has(f));
  const rg = median(t.rg);
  console.log(`Listing the Linux 6.1 tree (${git.size} files tracked by git; ${runs} runs, medians)`);
  const rgCpu = median(cpu.rg!);
  for (const [name, xs] of Object.entries(t)) {
    const c = median(cpu[name]!);
    console.log(`  ${name.padEnd(6)} ${median(xs).toFixed(0).padStart(6)} ms  (x${(median(xs) / rg).toFixed(2)} of rg --files)   CPU with child processes ${c.toFixed(0).padStart(4)} ms (x${(c / rgCpu).toFixed(2)})`);
  }
  console.log(`  Forge listed ${forge.size} files: ${missing.length} tracked files missing, ${extra.length} untracked extra; the cached listing ${cachedFiles.join('\n') === forgeFiles.join('\n') ? 'is the same' : 'DIFFERS'} (answered: ${[...sources].join(', ')})`);
  for (const f of [...missing.slice(0, 5), ...extra.slice(0, 5)]) console.log(`    ${missing.includes(f) ? 'missing' : 'extra'}: ${f}`);
  console.log(`  heap used after: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
