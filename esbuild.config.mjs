// Bundles the extension host, the CLI and the webview scripts.
//   node esbuild.config.mjs               development build (sourcemaps, not minified)
//   node esbuild.config.mjs --production  minified, with sourcemaps
//   node esbuild.config.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

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
 * not compile them when the extension activates or the CLI starts.
 */
const lazyChunks = { 'gpt-tokenizer': './tokenizer.js', 'web-tree-sitter': './webTreeSitter.js', 'sql.js/dist/sql-wasm-inline.js': './sqlJs.js' };
const lazyChunkPlugin = {
  name: 'lazy-chunks',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(lazyChunks).map((k) => k.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: lazyChunks[args.path], external: true }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyChunkPlugin],
    ...esmInCjs(),
  },
  {
    ...common,
    entryPoints: { tokenizer: 'node_modules/gpt-tokenizer/cjs/main.js', webTreeSitter: 'node_modules/web-tree-sitter/web-tree-sitter.cjs', sqlJs: 'node_modules/sql.js/dist/sql-wasm-inline.js' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyChunkPlugin],
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

/** The webviews' icon font: media/codicons/ is served through the panel's localResourceRoots. */
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  mkdirSync('media/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`${from}/${f}`, `media/codicons/${f}`);
}
copyCodicons();

/**
 * The syntax check's wasm (web-tree-sitter's runtime and the grammars it maps file extensions to)
 * goes to dist/wasm/: the VSIX carries no node_modules, so the extension loads them from there.
 */
function copyTreeSitterWasm() {
  const grammars = 'node_modules/@vscode/tree-sitter-wasm/wasm';
  mkdirSync('dist/wasm', { recursive: true });
  copyFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/wasm/web-tree-sitter.wasm');
  const unused = new Set(['tree-sitter-ini.wasm', 'tree-sitter-regex.wasm', 'tree-sitter-powershell.wasm', 'tree-sitter.wasm']);
  for (const f of readdirSync(grammars)) {
    if (f.startsWith('tree-sitter-') && f.endsWith('.wasm') && !unused.has(f)) copyFileSync(`${grammars}/${f}`, `dist/wasm/${f}`);
  }
}
copyTreeSitterWasm();

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  console.log('[watch] build started');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
