/**
 * Text search on the Linux 6.1 tree (bench/workload.ts): the first 200 matches of `spin_lock_irqsave` through
 * Forge's search_text tool (the ripgrep searcher the hosts use: JSON output parsed, secret globs and
 * .forgeignore applied) against `rg` itself stopped after its first 200 matching lines, alternated in the
 * same run; medians of wall time.
 *
 *   npx tsx bench/search.ts [runs]
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ToolContext } from '../src/core/tools/tool';
import { searchTextTool } from '../src/core/tools/searchText';
import { findRipgrep, RipgrepSearcher } from '../src/node/rgSearcher';
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
  let shown = '';
  for (let i = 0; i < runs; i++) {
    let s = performance.now();
    const r = await searchTextTool.run({ pattern: PATTERN, isRegex: false, caseSensitive: false, maxResults: MATCHES }, ctx);
    t.forge.push(performance.now() - s);
    shown = r.content.split('\n')[0]!;
    s = performance.now();
    await rgFirst(root, rg);
    t.rg.push(performance.now() - s);
  }
  const [f, g] = [median(t.forge), median(t.rg)];
  console.log(`Search of the Linux 6.1 tree for "${PATTERN}", first ${MATCHES} matches (${runs} runs, medians; load average ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  Forge search_text tool: ${f.toFixed(0)} ms (x${(f / g).toFixed(2)} of rg; target <= 1.3)   answer: "${shown}"`);
  console.log(`  rg, stopped after ${MATCHES} lines: ${g.toFixed(0)} ms`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
