/**
 * Token counting: gpt-tokenizer (o200k) on a 100 KB C file (module load, first call, then warm calls) against
 * the calibrated estimate (src/core/context/tokenEstimate.ts) that the context pack uses until the tokenizer
 * has loaded; and the estimate's accuracy (estimate / real count) per kind of text beside chars/4's: C and
 * headers and docs of the Linux tree (bench/workload.ts), paths of that tree, Forge's own TypeScript, Python's
 * standard library when present.
 *
 *   npx tsx bench/tokenCounting.ts [samplesPerKind]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { estimateTokens } from '../src/core/context/tokenEstimate';
import { prepareWorkload } from './workload';

const perKind = Number(process.argv[2] ?? 40);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;

/** `n` items spread evenly over `list` (repeatable). */
function spread<T>(list: T[], n: number): T[] {
  const step = Math.max(1, Math.floor(list.length / n));
  return list.filter((_, i) => i % step === 0).slice(0, n);
}

async function main(): Promise<void> {
  const root = prepareWorkload();
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean);
  const read = (f: string) => readFileSync(f, 'utf8');

  // A 100 KB C file: the largest .c of the tree under 100 KB is close enough; cut to exactly 100 KB.
  let t = performance.now();
  const { countTokens } = await import('gpt-tokenizer');
  const loadMs = performance.now() - t;
  const big = read(join(root, 'drivers/net/ethernet/intel/e1000e/netdev.c')).slice(0, 100 * 1024);
  t = performance.now();
  const real = countTokens(big);
  const firstMs = performance.now() - t;
  const warm: number[] = [];
  const est: number[] = [];
  for (let i = 0; i < 15; i++) {
    t = performance.now();
    countTokens(big);
    warm.push(performance.now() - t);
    t = performance.now();
    estimateTokens(big);
    est.push(performance.now() - t);
  }
  console.log(`Token counting of a 100 KB C file (e1000e/netdev.c, ${real} tokens; 15 runs, medians)`);
  console.log(`  gpt-tokenizer: module load ${loadMs.toFixed(0)} ms, first call ${firstMs.toFixed(1)} ms, warm ${median(warm).toFixed(1)} ms`);
  console.log(`  calibrated estimate: ${median(est).toFixed(2)} ms (x${(median(est) / median(warm)).toFixed(2)} of the tokenizer), ${estimateTokens(big)} tokens (x${(estimateTokens(big) / real).toFixed(3)})`);

  const samples: Record<string, string[]> = {
    'C (.c)': spread(tracked.filter((f) => f.endsWith('.c')), perKind).map((f) => read(join(root, f))),
    'C headers': spread(tracked.filter((f) => f.endsWith('.h')), perKind).map((f) => read(join(root, f))),
    'docs (.rst)': spread(tracked.filter((f) => f.endsWith('.rst')), perKind).map((f) => read(join(root, f))),
    'paths (200 a line)': spread(tracked, perKind * 200).reduce<string[]>((acc, f, i) => (i % 200 ? (acc[acc.length - 1] += `\n${f}`) : acc.push(f), acc), []),
    TypeScript: spread(execFileSync('git', ['ls-files', 'src'], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts')), perKind).map(read),
  };
  const py = '/usr/lib/python3.11';
  if (existsSync(py)) samples.Python = spread(readdirSync(py).filter((f) => f.endsWith('.py')), perKind).map((f) => read(join(py, f)));
  console.log(`Estimate / real o200k count per kind of text (${perKind} samples each; median [5%, 95%])`);
  for (const [kind, texts] of Object.entries(samples)) {
    const kept = texts.filter((x) => x.length > 200);
    const reals = kept.map((x) => countTokens(x));
    const ratio = kept.map((x, i) => estimateTokens(x) / reals[i]!);
    const quarter = kept.map((x, i) => x.length / 4 / reals[i]!);
    const fmt = (xs: number[]) => `${median(xs).toFixed(2)} [${quantile(xs, 0.05).toFixed(2)}, ${quantile(xs, 0.95).toFixed(2)}]`;
    console.log(`  ${kind.padEnd(20)} estimate ${fmt(ratio)}   chars/4 ${fmt(quarter)}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
