/**
 * The build check behind the activation target (issue 11): dist/extension.js, the file VS Code compiles when
 * Forge activates, carries none of the heavy modules that load on first use from their own chunks (the
 * tokenizer, tree-sitter, the openai SDK, the MCP SDK with ajv), nor zod's locales, and stays under 1 MB;
 * loading it and running activate() (vscode stubbed) builds no zod schema. It builds the extension in memory
 * with the real build options and reads esbuild's metafile.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { ACTIVATION_CHILD, vscodeNames } from '../../support/activationChild';

const root = resolve(__dirname, '../../..');

interface ChunkSpec { file: string; entry: string }

async function buildExtension(): Promise<{ inputs: string[]; bytes: number; requires: string[]; text: string }> {
  const options: { buildOptions(production: boolean): esbuild.BuildOptions[] } = await import(join(root, 'esbuild.options.mjs'));
  const extension = options.buildOptions(true).find((b) => JSON.stringify(b.entryPoints).includes('src/extension.ts'));
  assert.ok(extension, 'esbuild.options.mjs has an extension build');
  const result = await esbuild.build({ ...extension, absWorkingDir: root, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  const [name, output] = Object.entries(result.metafile!.outputs).find(([k]) => k.endsWith('extension.js'))!;
  const text = result.outputFiles!.find((f) => f.path.endsWith(name.slice(name.lastIndexOf('/'))))!.text;
  return { text, inputs: Object.keys(output.inputs), bytes: output.bytes, requires: [...text.matchAll(/(?:require|import)\("(\.\/[\w.]+)"\)/g)].map((m) => m[1]) };
}

describe('activation bundle (dist/extension.js)', function () {
  this.timeout(60_000);
  let bundle: Awaited<ReturnType<typeof buildExtension>>;
  before(async () => {
    bundle = await buildExtension();
  });

  for (const heavy of ['gpt-tokenizer', 'web-tree-sitter', 'openai', '@modelcontextprotocol/sdk', 'ajv', 'ajv-formats']) {
    it(`does not contain ${heavy}`, () => {
      const found = bundle.inputs.filter((f) => f.includes(`node_modules/${heavy}/`));
      assert.deepEqual(found.slice(0, 3), [], `${heavy} is bundled into extension.js; load it on first use from its chunk (esbuild.options.mjs lazyChunks)`);
    });
  }

  it('contains zod without its locales other than English (a stub index names only en)', () => {
    const locales = bundle.inputs.filter((f) => /^[^:]*node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(f));
    assert.deepEqual(locales, []);
  });

  it('requires the lazy chunks by their file names, and each is built', async () => {
    const { lazyChunks } = (await import(join(root, 'esbuild.options.mjs'))) as { lazyChunks: Record<string, ChunkSpec> };
    const files = Object.values(lazyChunks).map((c) => c.file);
    for (const r of bundle.requires) assert.ok(files.includes(r), `extension.js requires ${r}, which is not a lazy chunk`);
    for (const f of ['./openai.js', './mcpSdk.js', './tokenizer.js']) assert.ok(bundle.requires.includes(f), `extension.js never requires ${f}`);
  });

  it('builds no zod schema when it loads and activates (schemas are built on first use: src/core/lazySchema.ts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-activation-check-'));
    try {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'extension.js'), bundle.text);
      writeFileSync(join(dir, 'child.js'), ACTIVATION_CHILD);
      const out = execFileSync(process.execPath, [join(dir, 'child.js'), join(dir, 'dist', 'extension.js')], {
        encoding: 'utf8',
        env: { ...process.env, FORGE_VSCODE_NAMES: JSON.stringify([...vscodeNames(join(root, 'src'))]) },
      });
      const r = JSON.parse(out) as { schemasAtLoad: number; schemas: number; loaded: string[] };
      assert.deepEqual(r.loaded.map((f) => f.slice(dir.length)), ['/dist/extension.js'], 'activation loads only extension.js');
      assert.equal(r.schemasAtLoad, 0, 'zod schemas built while extension.js loads: wrap module-level schemas in lazySchema()');
      assert.equal(r.schemas, 0, 'zod schemas built by activate(): build them on first use, after activation');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires vscode once (one shared namespace, not a copy of the API object per module)', () => {
    assert.equal(bundle.text.split('require("vscode")').length - 1, 1);
  });

  it('stays under 1 MB', () => {
    assert.ok(bundle.bytes < 1024 * 1024, `extension.js is ${(bundle.bytes / 1024).toFixed(0)} KB`);
  });
});
