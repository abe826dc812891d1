/**
 * The child process behind the activation benchmark (bench/activation.ts) and the activation bundle check
 * (test/unit/build/activationBundle.test.ts): `node child.js BUNDLE` with FORGE_VSCODE_NAMES set (vscodeNames)
 * requires the bundle and runs activate() with a stubbed vscode, then prints one JSON line: ms of require and
 * of activate(), CPU ms, the dist/ files loaded, and how many zod schemas were built by require and in all.
 *
 * A Proxy stands in for every part of the vscode API (any property is callable, constructible and has
 * properties), so activate() runs its real wiring.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACTIVATION_CHILD = `
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
// Settings as a user has them (an endpoint profile configured: FORGE_STUB_SETTINGS, keys like "forge.endpoints").
const settings = JSON.parse(process.env.FORGE_STUB_SETTINGS || '{}');
vscode.workspace.getConfiguration = (section) => {
  const full = (k) => (section ? section + '.' + k : k);
  return {
    get: (k, d) => (full(k) in settings ? settings[full(k)] : d),
    has: (k) => full(k) in settings,
    inspect: (k) => ({ key: full(k), globalValue: settings[full(k)] }),
    update: async () => {},
  };
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
// zod calls this hook for every schema it builds: the count tells whether activation built any.
let schemas = 0;
globalThis.__zod_globalConfig = { postProcessor: () => void schemas++ };
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const ext = require(process.argv[2]);
const t1 = process.hrtime.bigint();
const schemasAtLoad = schemas;
const context = make();
context.subscriptions = [];
context.extension = { packageJSON: { version: 'bench' } };
ext.activate(context);
const t2 = process.hrtime.bigint();
const c = process.cpuUsage(c0);
const loaded = Object.keys(require.cache).filter((f) => f.includes('/dist/'));
// Exit at once: what activate() scheduled for later runs against the stub and is not measured here.
process.stdout.write(JSON.stringify({ load: Number(t1 - t0) / 1e6, activate: Number(t2 - t1) / 1e6, cpu: (c.user + c.system) / 1e3, loaded, schemasAtLoad, schemas }), () => process.exit(0));
`;

/** The settings the activation check and benchmark give the stub: one endpoint profile, selected, as a configured user has. */
export const STUB_SETTINGS = JSON.stringify({
  'forge.endpoints': [{ id: 'local', label: 'Local', baseUrl: 'http://127.0.0.1:8080/v1', model: 'qwen' }],
  'forge.activeEndpoint': 'local',
});

/** Every `vscode.X` the extension's sources name (the stub must own them before the bundle copies them). */
export function vscodeNames(dir: string, out = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) vscodeNames(p, out);
    else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\bvscode\.([A-Za-z_]\w*)/g)) out.add(m[1]!);
  }
  return out;
}
