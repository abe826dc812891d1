/**
 * Text search on the Linux 6.1 tree (bench/workload.ts): the first 200 matches of `spin_lock_irqsave` through
 * Forge's search_text tool (the ripgrep searcher the hosts use: JSON output parsed, secret globs and
 * .forgeignore applied) against `rg` itself stopped after its first 200 matching lines, alternated in the
 * same run (after one warm-up of each, alternating which goes first); medians of wall time.
 *
 *   npx tsx bench/search.ts [runs]
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ToolContext } from '../src/core/tools/tool';
import { searchTextTool } from '../src/core/tools/searchText';
import { findRipgrep, RipgrepSearcher } from '../src/node/rgSearcher';
import { cpuWithChildrenMs } from './cpuTime';
import { prepareWorkload } from './workload';

const runs = Number(process.argv[2] ?? 7);
const PATTERN = 'spin_lock_irqsave';
const MATCHES = 200;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `rg` with the same case and literal flags, killed once it has printed MATCHES lines. */
function rgFirst(root: string, rg: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(rg, ['--hidden', '-i', '-F', '-e', PATTERN, '.'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    let lines = 0;
    child.stdout.on('data', (b: Buffer) => {
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
      if (lines >= MATCHES) child.kill();
    });
    child.on('close', () => resolve(lines));
  });
}

async function main(): Promise<void> {
  const root = prepareWorkload();
  const rg = findRipgrep();
  if (!rg) throw new Error('ripgrep is not installed (apt-get install ripgrep)');
  const ctx = { searcher: new RipgrepSearcher(root, rg) } as unknown as ToolContext;
  const t: Record<'forge' | 'rg', number[]> = { forge: [], rg: [] };
  const cpu: Record<'forge' | 'rg', number[]> = { forge: [], rg: [] };
  let shown = '';
  const forge = async () => {
    const [s, c] = [performance.now(), cpuWithChildrenMs()];
    const r = await searchTextTool.run({ pattern: PATTERN, isRegex: false, caseSensitive: false, maxResults: MATCHES }, ctx);
    shown = r.content.split('\n')[0]!;
    cpu.forge.push(cpuWithChildrenMs() - c);
    return performance.now() - s;
  };
  const plain = async () => {
    const [s, c] = [performance.now(), cpuWithChildrenMs()];
    await rgFirst(root, rg);
    cpu.rg.push(cpuWithChildrenMs() - c);
    return performance.now() - s;
  };
  // One warm-up of each (page cache, JIT), then alternating which goes first.
  await forge();
  await plain();
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      t.rg.push(await plain());
      t.forge.push(await forge());
    } else {
      t.forge.push(await forge());
      t.rg.push(await plain());
    }
  }
  const [f, g] = [median(t.forge), median(t.rg)];
  console.log(`Search of the Linux 6.1 tree for "${PATTERN}", first ${MATCHES} matches (${runs} runs, medians; load average ${os.loadavg()[0].toFixed(1)})`);
  const [fc, gc] = [median(cpu.forge), median(cpu.rg)];
  console.log(`  Forge search_text tool: ${f.toFixed(0)} ms (x${(f / g).toFixed(2)} of rg; target <= 1.3); CPU with child processes ${fc.toFixed(0)} ms (x${(fc / gc).toFixed(2)})   answer: "${shown}"`);
  console.log(`  rg, stopped after ${MATCHES} lines: ${g.toFixed(0)} ms; CPU ${gc.toFixed(0)} ms`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
