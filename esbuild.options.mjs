// The build options of every bundle, shared by esbuild.config.mjs (which builds them) and the build checks in
// test/unit/build/ (which build the extension in memory and read its metafile).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

function commonOptions(production) {
  return { bundle: true, minify: production, sourcemap: true, sourcesContent: false, logLevel: 'info', legalComments: 'none' };
}

/** Every src/webview/<name>/main.ts becomes dist/webview/<name>.js. */
function webviewEntries() {
  const root = 'src/webview';
  if (!existsSync(root)) return {};
  const entries = {};
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (d.isDirectory() && existsSync(`${root}/${d.name}/main.ts`)) entries[d.name] = `${root}/${d.name}/main.ts`;
  }
  return entries;
}

/**
 * ESM dependencies (web-tree-sitter) read import.meta.url, which a CJS bundle lacks: give them
 * the bundle's own file URL.
 */
function esmInCjs(firstLine) {
  const shim = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
  return { define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: firstLine ? `${firstLine}\n${shim}` : shim } };
}

/**
 * Heavy dependencies that are needed only on first use live in their own files in dist/: the bundles that
 * import them lazily (`await import('gpt-tokenizer')`) get a require of the sibling file instead, so V8 does
 * not compile them when the extension activates or the CLI starts. Keys are package names, or source files
 * (relative to the project) that only re-export a package. test/unit/build/activationBundle.test.ts checks
 * that none of them ends up in dist/extension.js.
 */
export const lazyChunks = {
  'gpt-tokenizer': { file: './tokenizer.js', entry: 'node_modules/gpt-tokenizer/cjs/main.js' },
  'web-tree-sitter': { file: './webTreeSitter.js', entry: 'node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  openai: { file: './openai.js', entry: 'node_modules/openai/index.mjs' },
  'src/node/mcp/mcpSdk.ts': { file: './mcpSdk.js', entry: 'src/node/mcp/mcpSdk.ts' },
  'src/node/companion/companionServers.ts': { file: './companion.js', entry: 'src/node/companion/companionServers.ts' },
  'sql.js/dist/sql-wasm-inline.js': { file: './sqlJs.js', entry: 'node_modules/sql.js/dist/sql-wasm-inline.js' },
  'src/node/zodChunk.ts': { file: './zodChunk.js', entry: 'src/node/zodChunk.ts' },
};
const lazyChunkPlugin = {
  name: 'lazy-chunks',
  setup(build) {
    const names = Object.keys(lazyChunks).filter((k) => !k.startsWith('src/'));
    const filter = new RegExp(`^(${names.map((k) => k.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: lazyChunks[args.path].file, external: true }));
    // Source files that wrap a package (imported as './mcpSdk'): matched on their resolved path.
    for (const [key, chunk] of Object.entries(lazyChunks).filter(([k]) => k.startsWith('src/'))) {
      const base = key.slice(key.lastIndexOf('/') + 1).replace(/\.ts$/, '');
      build.onResolve({ filter: new RegExp(`/${base}$`) }, (args) =>
        resolve(args.resolveDir, args.path) === resolve(root, key.replace(/\.ts$/, '')) ? { path: chunk.file, external: true } : undefined,
      );
    }
  },
};

/**
 * zod (about 190 KB, a quarter of dist/extension.js) is needed only when a schema is first built, never
 * while the extension activates (test/unit/build/activationBundle.test.ts). In the extension's bundle,
 * `import { z } from 'zod'` and `import * as z from 'zod/mini'` in Forge's sources resolve to stand-ins
 * that require the zod chunk (src/node/zodChunk.ts) on first use: `z` is a proxy of zod's namespace, and
 * each function zod/mini exports is a function that calls the real one. Types are unaffected.
 */
const lazyZod = {
  name: 'lazy-zod',
  setup(build) {
    build.onResolve({ filter: /^zod(\/mini)?$/ }, (args) =>
      /[\\/]node_modules[\\/]/.test(args.importer) || args.namespace === 'lazy-zod' ? undefined : { path: args.path, namespace: 'lazy-zod' });
    build.onResolve({ filter: /^\.\/zodChunk\.js$/ }, (args) => (args.namespace === 'lazy-zod' ? { path: './zodChunk.js', external: true } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, async (args) => {
      const load = 'let chunk;\nconst load = () => (chunk ??= require("./zodChunk.js"));\n';
      if (args.path === 'zod') {
        return { loader: 'js', contents: `${load}const real = () => load().z;
export const z = new Proxy(Object.create(null), {
  get: (_, k) => real()[k],
  has: (_, k) => k in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(real(), k); return d && { ...d, configurable: true }; },
});\n` };
      }
      const mini = await import('zod/mini');
      const names = Object.keys(mini).filter((k) => typeof mini[k] === 'function' && /^[A-Za-z_$][\w$]*$/.test(k));
      // `const f_x = ...; export { f_x as x }`: some names (catch, enum, function...) are reserved words.
      return { loader: 'js', contents: load + names.map((k) => `const f_${k} = (...a) => load().mini[${JSON.stringify(k)}](...a);\nexport { f_${k} as ${k} };`).join('\n') };
    });
  },
};

/**
 * zod's `z` namespace re-exports every locale (about 260 KB of the bundle); Forge's messages are English,
 * which zod loads directly (locales/en.js). The bundles get a locales index that names only `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: resolve(args.resolveDir, '../locales/index.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(resolve(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * `import * as vscode from 'vscode'` in each of ~55 modules made esbuild copy the API object's properties into a
 * namespace per module (`__toESM(require("vscode"))`, ~250 getters each) while the extension loads. The bundle
 * gets one module that re-exports vscode, built once, and every import shares it.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** @param {boolean} production */
export function buildOptions(production) {
  const common = commonOptions(production);
  return [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [vscodeOnce, lazyZod, lazyChunkPlugin, zodEnglishOnly],
    ...esmInCjs(),
    // The bundle's first and last lines time its module code (run once by require); activate() logs that and its own time.
    banner: { js: `${esmInCjs().banner.js}\nvar __forgeLoadStart = performance.now();` },
    footer: { js: 'var __forgeLoadEnd = performance.now();' },
  },
  {
    ...common,
    entryPoints: Object.fromEntries(Object.values(lazyChunks).map((c) => [c.file.slice(2, -3), c.entry])),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [zodEnglishOnly],
    ...esmInCjs(),
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyChunkPlugin, zodEnglishOnly],
    ...esmInCjs('#!/usr/bin/env node'),
  },
  {
    ...common,
    entryPoints: webviewEntries(),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.ttf': 'file', '.css': 'css' },
  },
].filter((b) => Object.keys(b.entryPoints).every((k) => existsSync(b.entryPoints[k])) && Object.keys(b.entryPoints).length > 0);
}

