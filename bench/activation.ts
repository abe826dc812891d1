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
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = args.indexOf('--baseline');
const baselineBundle = flag >= 0 ? resolve(args.splice(flag, 2)[1]) : undefined;
const runs = Number(args[0] ?? 15);
const root = resolve(__dirname, '..');
const bundle = join(root, 'dist', 'extension.js');

/**
 * The child: a Proxy stands in for every part of the vscode API (any property is callable, constructible and
 * has properties), so activate() runs its real wiring. It prints the ms from before require() to after activate().
 */
const child = `
const Module = require('module');
function make() {
  const store = Object.create(null);
  return new Proxy(function () {}, {
    get(target, prop) {
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'prototype') return target.prototype;
      // A thenable that settles with undefined: the user dismissed every prompt.
      if (prop === 'then') return (resolve) => Promise.resolve(undefined).then(resolve);
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => {};
      if (!(prop in store)) store[prop] = make();
      return store[prop];
    },
    set(target, prop, value) { store[prop] = value; return true; },
    ownKeys(target) { return [...new Set([...Reflect.ownKeys(target), ...Reflect.ownKeys(store)])]; },
    getOwnPropertyDescriptor(target, prop) {
      if (prop in store) return { value: store[prop], writable: true, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
    apply() { return make(); },
    construct() { return make(); },
  });
}
const vscode = make();
// esbuild's __toESM copies only own properties: name every API the sources use up front.
for (const name of JSON.parse(process.env.FORGE_VSCODE_NAMES)) void vscode[name];
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const ext = require(process.argv[2]);
const t1 = process.hrtime.bigint();
const context = make();
context.subscriptions = [];
context.extension = { packageJSON: { version: 'bench' } };
ext.activate(context);
const t2 = process.hrtime.bigint();
const c = process.cpuUsage(c0);
const loaded = Object.keys(require.cache).filter((f) => f.includes('/dist/'));
// Exit at once: what activate() scheduled for later runs against the stub and is not measured here.
process.stdout.write(JSON.stringify({ load: Number(t1 - t0) / 1e6, activate: Number(t2 - t1) / 1e6, cpu: (c.user + c.system) / 1e3, loaded }), () => process.exit(0));
`;
const baseline = `const t0 = process.hrtime.bigint(); require('node:path'); process.stdout.write(JSON.stringify({ load: Number(process.hrtime.bigint() - t0) / 1e6, activate: 0, cpu: 0, loaded: [] }));`;

const dir = mkdtempSync(join(tmpdir(), 'forge-activation-'));
writeFileSync(join(dir, 'child.js'), child);
writeFileSync(join(dir, 'baseline.js'), baseline);

/** Every `vscode.X` the extension's sources name (the stub must own them before the bundle copies them). */
function vscodeNames(dir: string, out = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) vscodeNames(p, out);
    else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\bvscode\.([A-Za-z_]\w*)/g)) out.add(m[1]);
  }
  return out;
}
const names = JSON.stringify([...vscodeNames(join(root, 'src'))]);

function sample(script: string, file = bundle): { load: number; activate: number; cpu: number; loaded: string[]; wall: number } {
  const t = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [join(dir, script), file], { encoding: 'utf8', env: { ...process.env, FORGE_VSCODE_NAMES: names } });
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
console.log(`  dist/*.js: ${chunks.map((f) => `${f} ${(statSync(join(root, 'dist', f)).size / 1024).toFixed(0)} KB`).join(', ')}`);
if (baselineBundle) {
  const olderTotal = older.map((s) => s.load + s.activate);
  console.log(`  baseline ${baselineBundle}: median ${ms(median(olderTotal))} (min ${ms(Math.min(...olderTotal))}), CPU ${ms(median(older.map((s) => s.cpu)))}, loads ${(bytesOf(older[0].loaded) / 1024).toFixed(0)} KB; this build takes x${(median(total) / median(olderTotal)).toFixed(2)} of its time, x${(median(forge.map((s) => s.cpu)) / median(older.map((s) => s.cpu))).toFixed(2)} of its CPU`);
}
