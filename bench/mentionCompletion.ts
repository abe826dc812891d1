/**
 * The @-mention list on a large workspace: milliseconds per answer (the chat asks on every
 * keystroke after `@`) for typical queries on the Linux 6.1 tree (about 78,000 files; bench/workload.ts),
 * after the listing is cached, against a plain substring filter of the same paths as a baseline.
 *
 *   npx tsx bench/mentionCompletion.ts [runs]
 */
import { performance } from 'node:perf_hooks';
import { walkFiles } from '../src/core/context/fileIndex';
import { IgnoreRules } from '../src/core/context/ignoreRules';
import { completeMention } from '../src/core/context/mentions/mentionCompletion';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { prepareWorkload } from './workload';

const runs = Number(process.argv[2] ?? 20);
const QUERIES = ['', 'k', 'sched', 'file:sched/core', 'file:drivers/net/eth', 'folder:mm', 'file:zzzzqx', 'fs/ext4/inode.c'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const root = prepareWorkload();
  const ws = new NodeWorkspace(root);
  const t0 = performance.now();
  const files = (await walkFiles(ws, new IgnoreRules(ws), { maxFiles: 300_000 })).files;
  console.log(`listing (once, then cached by the host): ${files.length} files in ${(performance.now() - t0).toFixed(0)} ms`);
  const listing = { files: async () => files };
  console.log('query                         fuzzy list (ms, median)   substring baseline (ms)   items   first item');
  for (const q of QUERIES) {
    const fuzzy: number[] = [];
    const plain: number[] = [];
    let items: Awaited<ReturnType<typeof completeMention>> = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      items = await completeMention(q, listing, 50);
      fuzzy.push(performance.now() - t);
      const needle = q.replace(/^(file|folder):/, '').toLowerCase();
      t = performance.now();
      files.filter((f) => f.toLowerCase().includes(needle)).slice(0, 50);
      plain.push(performance.now() - t);
    }
    console.log(`${JSON.stringify(q).padEnd(30)}${median(fuzzy).toFixed(1).padStart(10)}${median(plain).toFixed(1).padStart(26)}${String(items.length).padStart(20)}   ${items[0]?.insert ?? '-'}`);
  }
}

void main();
