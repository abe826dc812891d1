// Bundles the extension host, the CLI and the webview scripts.
//   node esbuild.config.mjs               development build (sourcemaps, not minified)
//   node esbuild.config.mjs --production  minified, with sourcemaps
//   node esbuild.config.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { buildOptions } from './esbuild.options.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const builds = buildOptions(production);

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
