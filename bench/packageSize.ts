/**
 * What the VSIX weighs: its size with and without the tree-sitter grammars (dist/wasm/tree-sitter-*.wasm, read
 * only when a file of that language is outlined or checked), the file loaded at activation
 * (dist/extension.js), the chunks loaded on first use, and checks that the CLI, node_modules and source maps
 * stay out. Reads the VSIX's zip directory, so sizes are the compressed bytes each entry adds.
 *
 *   npx tsx bench/packageSize.ts [--build] [forge.vsix]
 *
 * --build runs `node esbuild.config.mjs --production` and `npm run package` (vsce) first.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

interface Entry {
  name: string;
  size: number;
  /** Compressed bytes plus the entry's local and central zip headers. */
  packed: number;
}

/** The entries of a zip file, from its central directory. */
export function zipEntries(zip: Buffer): Entry[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const [nameLen, extraLen, commentLen] = [zip.readUInt16LE(p + 28), zip.readUInt16LE(p + 30), zip.readUInt16LE(p + 32)];
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const central = 46 + nameLen + extraLen + commentLen;
    out.push({ name, size, packed: compressed + central + 30 + nameLen });
    p += central;
  }
  return out;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--build')) {
    execFileSync('node', ['esbuild.config.mjs', '--production'], { stdio: 'inherit' });
    execFileSync('npm', ['run', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const file = args.find((a) => !a.startsWith('--')) ?? 'forge.vsix';
  const zip = readFileSync(file);
  const entries = zipEntries(zip);
  const total = statSync(file).size;
  const sum = (pick: (e: Entry) => boolean, f: (e: Entry) => number = (e) => e.packed) => entries.filter(pick).reduce((n, e) => n + f(e), 0);
  const isGrammar = (e: Entry) => /\/dist\/wasm\/tree-sitter-[^/]+\.wasm$/.test(e.name);
  const grammars = sum(isGrammar);
  const activation = entries.find((e) => e.name === 'extension/dist/extension.js');
  console.log(`${file}: ${entries.length} files`);
  console.log(`  VSIX with grammars:    ${mb(total)} (${kb(sum(() => true, (e) => e.size))} unpacked)`);
  console.log(`  VSIX without grammars: ${mb(total - grammars)} (target < 3 MB); the ${entries.filter(isGrammar).length} grammars add ${mb(grammars)} (${mb(sum(isGrammar, (e) => e.size))} unpacked)`);
  console.log(`  loaded at activation: dist/extension.js ${activation ? `${kb(activation.size)} (${kb(activation.packed)} packed; target < 1 MB)` : 'MISSING'}`);
  const chunks = entries.filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name) && e.name !== 'extension/dist/extension.js');
  console.log(`  loaded on first use: ${chunks.map((e) => `${e.name.replace('extension/dist/', '')} ${kb(e.size)}`).join(', ')}`);
  console.log(`  grammars, each read on first use of its language: ${entries.filter(isGrammar).map((e) => `${e.name.replace(/.*tree-sitter-|\.wasm$/g, '')} ${kb(e.packed)}`).join(', ')}`);
  const unwanted = entries.filter((e) => /dist\/cli\.js$|\/node_modules\/|\.map$|\.ts$/.test(e.name)).map((e) => e.name);
  console.log(`  CLI, node_modules, source maps or TypeScript sources in the VSIX: ${unwanted.length ? unwanted.join(', ') : 'none'}`);
}

main();
