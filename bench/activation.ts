/**
 * Activation cost: loading dist/extension.js and running activate() with `vscode` stubbed, in a fresh Node
 * process per run (so V8 compiles the bundle every time, as the extension host does), against a baseline
 * process that loads nothing. Prints the median, the spread and the size of what activation loads.
 *
 *   node esbuild.config.mjs --production && npx tsx bench/activation.ts [runs] [--baseline OTHER/dist/extension.js]
 *
 * `--baseline` measures another build (e.g. an older commit's, from `git archive REV | tar -x -C DIR` and a
 * production build there) in the same run, interleaved with this one, and prints the ratio.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ACTIVATION_CHILD as child, STUB_SETTINGS, vscodeNames } from '../test/support/activationChild';

const args = process.argv.slice(2);
const flag = args.indexOf('--baseline');
const baselineBundle = flag >= 0 ? resolve(args.splice(flag, 2)[1]) : undefined;
const runs = Number(args[0] ?? 15);
const root = resolve(__dirname, '..');
const bundle = join(root, 'dist', 'extension.js');

const baseline = `const t0 = process.hrtime.bigint(); require('node:path'); process.stdout.write(JSON.stringify({ load: Number(process.hrtime.bigint() - t0) / 1e6, activate: 0, cpu: 0, loaded: [] }));`;

const dir = mkdtempSync(join(tmpdir(), 'forge-activation-'));
writeFileSync(join(dir, 'child.js'), child);
writeFileSync(join(dir, 'baseline.js'), baseline);

const names = JSON.stringify([...vscodeNames(join(root, 'src'))]);

function sample(script: string, file = bundle): { load: number; activate: number; cpu: number; loaded: string[]; wall: number; schemasAtLoad?: number; schemas?: number } {
  const t = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [join(dir, script), file], { encoding: 'utf8', env: { ...process.env, FORGE_VSCODE_NAMES: names, FORGE_STUB_SETTINGS: STUB_SETTINGS } });
  return { ...JSON.parse(out), wall: Number(process.hrtime.bigint() - t) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

const forge: ReturnType<typeof sample>[] = [];
const base: ReturnType<typeof sample>[] = [];
const older: ReturnType<typeof sample>[] = [];
for (let i = 0; i < runs; i++) {
  forge.push(sample('child.js'));
  base.push(sample('baseline.js'));
  if (baselineBundle) older.push(sample('child.js', baselineBundle));
}
const total = forge.map((s) => s.load + s.activate);
const loadedFiles = forge[0].loaded;
const bytesOf = (files: string[]) => files.reduce((n, f) => n + statSync(f).size, 0);
const loadedBytes = bytesOf(loadedFiles);
const chunks = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));

console.log(`Activation (${runs} fresh processes, vscode stubbed)`);
console.log(`  require(dist/extension.js) + activate(): median ${ms(median(total))} (min ${ms(Math.min(...total))}, max ${ms(Math.max(...total))})`);
console.log(`    of which require: ${ms(median(forge.map((s) => s.load)))}, activate(): ${ms(median(forge.map((s) => s.activate)))}; CPU time ${ms(median(forge.map((s) => s.cpu)))} (less sensitive to a busy machine)`);
console.log(`  process wall: Forge ${ms(median(forge.map((s) => s.wall)))} vs an empty Node process ${ms(median(base.map((s) => s.wall)))} (x${(median(forge.map((s) => s.wall)) / median(base.map((s) => s.wall))).toFixed(2)})`);
console.log(`  loaded at activation: ${loadedFiles.map((f) => f.slice(f.indexOf('/dist/') + 1)).join(', ')} (${(loadedBytes / 1024).toFixed(0)} KB)`);
console.log(`  zod schemas built: ${forge[0].schemasAtLoad} by require, ${forge[0].schemas} by the end of activate()${baselineBundle ? ` (baseline: ${older[0].schemasAtLoad}, ${older[0].schemas})` : ''}`);
console.log(`  dist/*.js: ${chunks.map((f) => `${f} ${(statSync(join(root, 'dist', f)).size / 1024).toFixed(0)} KB`).join(', ')}`);
if (baselineBundle) {
  const olderTotal = older.map((s) => s.load + s.activate);
  console.log(`  baseline ${baselineBundle}: median ${ms(median(olderTotal))} (min ${ms(Math.min(...olderTotal))}), CPU ${ms(median(older.map((s) => s.cpu)))}, loads ${(bytesOf(older[0].loaded) / 1024).toFixed(0)} KB; this build takes x${(median(total) / median(olderTotal)).toFixed(2)} of its time, x${(median(forge.map((s) => s.cpu)) / median(older.map((s) => s.cpu))).toFixed(2)} of its CPU`);
}
