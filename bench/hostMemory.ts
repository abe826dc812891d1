/**
 * Memory through the whole large-tree workload in one process, as an extension host would carry it: list the
 * Linux 6.1 tree (bench/workload.ts) cold and cached, search it, build the three context packs of
 * bench/contextPack.ts, outline the 50 top-ranked files and count a 100 KB file's tokens, sampling the heap
 * every 10 ms. Prints the peak and the heap after each step (target: under 300 MB throughout). Node with the
 * same code the extension runs, not a real extension host (which adds VS Code's own ~50-100 MB).
 *
 *   npx tsx bench/hostMemory.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContextPack } from '../src/core/context/contextPack';
import { walkFiles } from '../src/core/context/fileIndex';
import { IgnoreRules } from '../src/core/context/ignoreRules';
import { CachedOutliner } from '../src/core/context/outlineCache';
import { buildRepoMap } from '../src/core/context/repoMap';
import { countTokens } from '../src/core/context/tokens';
import { TreeSitterOutliner } from '../src/core/context/treeSitterOutliner';
import { nodeGrammarSource } from '../src/node/nodeGrammars';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { findRipgrep, RipgrepSearcher } from '../src/node/rgSearcher';
import { prepareWorkload } from './workload';

const TASKS = [
  'Add a module parameter to the e1000e driver that caps the interrupt throttling rate',
  'Fix a use-after-free in the ext4 extent status tree shrinker',
  'Make the pacing gain of TCP BBR congestion control tunable with a sysctl',
];
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  const root = prepareWorkload();
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const timer = setInterval(sample, 10);
  const steps: string[] = [];
  const step = async (name: string, fn: () => Promise<unknown>) => {
    await fn();
    sample();
    steps.push(`${name} ${mb(process.memoryUsage().heapUsed)}`);
  };
  const ws = new NodeWorkspace(root);
  const rules = new IgnoreRules(ws);
  let files: string[] = [];
  await step('listing (cold)', async () => (files = (await walkFiles(ws, rules, { maxFiles: 300_000 })).files));
  await step('listing (cached)', async () => (files = (await walkFiles(ws, rules, { maxFiles: 300_000 })).files));
  const rg = findRipgrep();
  if (rg) await step('search', () => new RipgrepSearcher(root, rg).search({ pattern: 'spin_lock_irqsave', maxResults: 200 }));
  for (const task of TASKS) await step('context pack', () => buildContextPack({ task, workspace: ws, rules, budgetTokens: 8000 }));
  const source = nodeGrammarSource();
  if (source) {
    const outliner = new CachedOutliner(new TreeSitterOutliner(source));
    const top = buildRepoMap(files, TASKS[0]!, 1_000_000).text.split('\n').filter((f) => /\.[ch]$/.test(f)).slice(0, 50);
    await step('50 outlines', async () => {
      for (const f of top) await outliner.outline(f, readFileSync(join(root, f), 'utf8'));
    });
  }
  await step('100 KB token count', () => countTokens(readFileSync(join(root, 'drivers/net/ethernet/intel/e1000e/netdev.c'), 'utf8').slice(0, 100 * 1024)));
  clearInterval(timer);
  console.log(`Heap through listing, search, 3 context packs, 50 outlines and a token count of the Linux tree (${files.length} files), one process`);
  console.log(`  peak heap used: ${mb(peak)} (target < 300 MB); rss now ${mb(process.memoryUsage().rss)}`);
  console.log(`  after each step: ${steps.join(', ')}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
