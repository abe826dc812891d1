/**
 * Outlines of the files the first-turn context ranks highest, on the Linux 6.1 tree (bench/workload.ts): the
 * 50 top-ranked outlinable files of a task, outlined with tree-sitter (cold: the first parse of each, after
 * the runtime and grammar are loaded) and again through the outline cache (same text: no parse).
 *
 *   npx tsx bench/outlines.ts [count]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { walkFiles } from '../src/core/context/fileIndex';
import { IgnoreRules } from '../src/core/context/ignoreRules';
import { CachedOutliner } from '../src/core/context/outlineCache';
import { buildRepoMap } from '../src/core/context/repoMap';
import { TreeSitterOutliner } from '../src/core/context/treeSitterOutliner';
import { nodeGrammarSource } from '../src/node/nodeGrammars';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { prepareWorkload } from './workload';

const count = Number(process.argv[2] ?? 50);
const TASK = 'Add a module parameter to the e1000e driver that caps the interrupt throttling rate';

async function main(): Promise<void> {
  const root = prepareWorkload();
  const ws = new NodeWorkspace(root);
  const { files } = await walkFiles(ws, new IgnoreRules(ws), { maxFiles: 300_000 });
  const ranked = (await buildRepoMap(files, TASK, 1_000_000)).text.split('\n').filter((f) => /\.[ch]$/.test(f)).slice(0, count);
  const texts = ranked.map((f) => readFileSync(join(root, f), 'utf8'));
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  const outliner = new CachedOutliner(new TreeSitterOutliner(nodeGrammarSource()!));
  let t = performance.now();
  await outliner.outline('warmup.c', 'int main(void) { return 0; }\n');
  const load = performance.now() - t;
  const pass = async () => {
    const start = performance.now();
    let symbols = 0;
    for (let i = 0; i < ranked.length; i++) symbols += (await outliner.outline(ranked[i]!, texts[i]!))?.length ?? 0;
    return { ms: performance.now() - start, symbols };
  };
  const cold = await pass();
  const cached = await pass();
  t = performance.now();
  console.log(`Outlines of the ${ranked.length} top-ranked .c/.h files for "${TASK}" (${(bytes / 1024).toFixed(0)} KB)`);
  console.log(`  runtime + C grammar load: ${load.toFixed(0)} ms`);
  console.log(`  cold (tree-sitter parse each): ${cold.ms.toFixed(0)} ms, ${cold.symbols} symbols (${(cold.ms / ranked.length).toFixed(1)} ms per file)`);
  console.log(`  cached (same text, one hash each): ${cached.ms.toFixed(1)} ms (x${(cached.ms / cold.ms).toFixed(3)} of cold); ${outliner.hits} hits, ${outliner.misses} misses`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
