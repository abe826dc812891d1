/**
 * `npm run bench`: the performance suite of issue 11 in short runs, one benchmark after another (each in its
 * own process), then every target beside its figure and the baseline measured in the same run. Figures, not a
 * pass/fail test. Builds the production bundle and the VSIX first; the large benchmarks prepare the Linux 6.1
 * workload once (bench/workload.ts). Takes about 3-5 minutes on 2 cores.
 *
 *   npm run bench            (= npx tsx bench/all.ts)
 *   npx tsx bench/all.ts --only listing,search
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';

interface Step {
  name: string;
  cmd: string[];
  timeoutS: number;
}

const tsx = (script: string, ...args: string[]) => ['npx', 'tsx', script, ...args];
const STEPS: Step[] = [
  { name: 'build', cmd: ['node', 'esbuild.config.mjs', '--production'], timeoutS: 180 },
  { name: 'vsix', cmd: ['npm', 'run', 'package', '--silent'], timeoutS: 180 },
  { name: 'package', cmd: tsx('bench/packageSize.ts'), timeoutS: 60 },
  { name: 'activation', cmd: tsx('bench/activation.ts', '9'), timeoutS: 300 },
  { name: 'listing', cmd: tsx('bench/listing.ts', '5'), timeoutS: 600 },
  { name: 'search', cmd: tsx('bench/search.ts', '7'), timeoutS: 300 },
  { name: 'contextPack', cmd: tsx('bench/contextPack.ts', '8000', '5'), timeoutS: 600 },
  { name: 'outlines', cmd: tsx('bench/outlines.ts'), timeoutS: 300 },
  { name: 'tokens', cmd: tsx('bench/tokenCounting.ts', '20'), timeoutS: 300 },
  { name: 'memory', cmd: tsx('bench/hostMemory.ts'), timeoutS: 300 },
  { name: 'streaming', cmd: tsx('bench/streamingPace.ts'), timeoutS: 120 },
  { name: 'review', cmd: ['npx', 'mocha', '--config', 'test/webview/.mocharc.json', 'test/webview/render.test.ts', '--grep', '200-file'], timeoutS: 300 },
];

const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1]!.split(',')) : undefined;
const out: Record<string, string> = {};
const load: Record<string, string> = {};

for (const step of STEPS) {
  if (only && !only.has(step.name)) continue;
  load[step.name] = os.loadavg()[0].toFixed(1);
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')} (load average ${load[step.name]})`);
  const r = spawnSync(step.cmd[0]!, step.cmd.slice(1), { encoding: 'utf8', timeout: step.timeoutS * 1000, maxBuffer: 1 << 26 });
  out[step.name] = `${r.stdout ?? ''}`;
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) console.log(`  (${step.name} failed: ${r.error?.message ?? `exit ${r.status}`}; ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')})`);
}

/** The first capture of `re` in a step's output, or '?'. */
function grab(step: string, re: RegExp): string {
  return re.exec(out[step] ?? '')?.[1] ?? '?';
}

const rows: [string, string, string, string][] = [
  ['activation: require + activate(), vscode stubbed', '< 50 ms', `${grab('activation', /median ([\d.]+) ms/)} ms (CPU ${grab('activation', /CPU time ([\d.]+) ms/)} ms)`, `empty Node process ${grab('activation', /empty Node process ([\d.]+) ms/)} ms (process wall); issue's baseline 337 ms`],
  ['file loaded at activation', '< 1 MB', grab('activation', /loaded at activation: dist\/extension\.js \((\d+ KB)\)/), "issue's baseline 4.06 MB"],
  ['VSIX without grammars', '< 3 MB', grab('package', /without grammars: ([\d.]+ MB)/), `with grammars ${grab('package', /with grammars:\s+([\d.]+ MB)/)}; issue's baseline 4.65 MB`],
  ['CLI / node_modules / maps in the VSIX', 'none', grab('package', /TypeScript sources in the VSIX: (.+)/), ''],
  ['listing the Linux tree, cold', '<= rg --files', `${grab('listing', /forge\s+(\d+ ms)/)} (x${grab('listing', /forge\s+\d+ ms\s+\(x([\d.]+)/)}); CPU x${grab('listing', /forge.*CPU with child processes\s+\d+ ms \(x([\d.]+)\)/)}`, `rg --files ${grab('listing', /^\s+rg\s+(\d+ ms)/m)}`],
  ['listing, file set', "git's", grab('listing', /Forge listed (\d+ files: \d+ tracked files missing, \d+ untracked extra)/), '11 symlinks to folders are not files'],
  ['search: first 200 matches of spin_lock_irqsave', '<= 1.3x rg', `${grab('search', /tool: (\d+ ms)/)} (x${grab('search', /\(x([\d.]+) of rg/)})`, `rg ${grab('search', /rg, stopped after 200 lines: (\d+ ms)/)}`],
  ['context pack, cold (fresh process)', '< 1.5 s', `${grab('contextPack', /cold \(a fresh process each, \d+ runs, medians\): (\d+ ms) wall/)} (CPU ${grab('contextPack', /wall \(runs [^)]*\), (\d+ ms) CPU/)})`, `rg --files ${grab('contextPack', /CPU of the process; rg --files (\d+ ms)/)}`],
  ['context pack, warm', '< 300 ms', grab('contextPack', /warm pack median (\d+ ms)/), `rg --files ${grab('contextPack', /rg --files on the same tree: (\d+ ms)/)}`],
  ['context pack, expected files found', 'all', [...(out.contextPack ?? '').matchAll(/expected files in the map: (\d+\/\d+)/g)].map((m) => m[1]).join(', ') || '?', ''],
  ['outlines of the 50 top-ranked files, cold', '< 500 ms', grab('outlines', /cold \(tree-sitter parse each\): (\d+ ms)/), `grammar load ${grab('outlines', /grammar load: (\d+ ms)/)}`],
  ['outlines, cached', '< 20 ms', grab('outlines', /cached \(same text, one hash each\): ([\d.]+ ms)/), ''],
  ['token count of a 100 KB file (gpt-tokenizer, warm)', '< 10 ms', grab('tokens', /warm ([\d.]+ ms)/), `estimate ${grab('tokens', /calibrated estimate: ([\d.]+ ms)/)}; first call ${grab('tokens', /first call ([\d.]+ ms)/)}`],
  ['heap through listing, search, packs, outlines (one process)', '< 300 MB', grab('memory', /peak heap used: (\d+ MB)/), `rss ${grab('memory', /rss now (\d+ MB)/)}; Node, not a real extension host`],
  ['streaming ~2,000 tokens/s: text whole, in order', 'yes', grab('streaming', /tokens\/s \(target 2,000\) in \d+ text events over [\d.]+ s; text (.+)/), `${grab('streaming', /(\d+) tokens\/s/)} tokens/s achieved`],
  ['streaming: longest event-loop block', '< 50 ms', grab('streaming', /event loop delay: max ([\d.]+ ms)/), `p99 ${grab('streaming', /p99 ([\d.]+ ms)/)}`],
  ['review panel, 200 files / 20,000 lines, first screen', '< 300 ms', grab('review', /first render (\d+ ms)/), 'headless Chromium'],
];

console.log(`\n=== Summary (${new Date().toISOString()}, ${os.cpus().length} cores, load average at each step: ${Object.entries(load).map(([k, v]) => `${k} ${v}`).join(', ')})`);
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padEnd(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`);
