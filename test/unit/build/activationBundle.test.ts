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
import { ACTIVATION_CHILD, STUB_SETTINGS, vscodeNames } from '../../support/activationChild';

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

  it('does not contain zod: stand-ins require its chunk on first use (esbuild.options.mjs lazyZod)', () => {
    assert.deepEqual(bundle.inputs.filter((f) => f.includes('node_modules/zod/')).slice(0, 3), []);
    assert.ok(bundle.requires.includes('./zodChunk.js'), 'extension.js never requires ./zodChunk.js');
  });

  it('the zod chunk holds zod without its locales other than English (a stub index names only en)', async () => {
    const options: { buildOptions(production: boolean): esbuild.BuildOptions[] } = await import(join(root, 'esbuild.options.mjs'));
    const chunks = options.buildOptions(true).find((b) => JSON.stringify(b.entryPoints).includes('src/node/zodChunk.ts'))!;
    const result = await esbuild.build({ ...chunks, entryPoints: { zodChunk: 'src/node/zodChunk.ts' }, absWorkingDir: root, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    const inputs = Object.keys(Object.values(result.metafile!.outputs).find((o) => o.entryPoint === 'src/node/zodChunk.ts')!.inputs);
    assert.ok(inputs.some((f) => f.includes('node_modules/zod/v4/locales/en.js')));
    assert.deepEqual(inputs.filter((f) => /^[^:]*node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(f)), []);
  });

  it('the zod stand-ins act as zod: schemas built through them parse and refuse (a fresh process, the built chunk)', async () => {
    const options: { buildOptions(production: boolean): esbuild.BuildOptions[] } = await import(join(root, 'esbuild.options.mjs'));
    const [extension, chunks] = options.buildOptions(true);
    const dir = mkdtempSync(join(tmpdir(), 'forge-zod-standin-'));
    try {
      const probe = [
        "import { z } from 'zod';",
        "import * as zm from 'zod/mini';",
        'const loadedBefore = Object.keys(require.cache).some((f) => f.endsWith("zodChunk.js"));',
        'const full = z.object({ n: z.number().int(), tag: z.enum(["a", "b"]) });',
        'const mini = zm.object({ s: zm.string().check(zm.minLength(2)), o: zm.optional(zm.boolean()) });',
        'console.log(JSON.stringify({ ok: full.safeParse({ n: 3, tag: "a" }).success, bad: full.safeParse({ n: 1.5, tag: "c" }).error?.issues.length,',
        '  miniOk: zm.safeParse(mini, { s: "ab" }).success, miniBad: zm.safeParse(mini, { s: "a" }).success, isZodError: full.safeParse({}).error instanceof z.ZodError, loadedBefore }));',
      ].join('\n');
      const { entryPoints: _e, outdir: _o, ...rest } = extension;
      await esbuild.build({ ...rest, stdin: { contents: probe, resolveDir: join(root, 'src'), sourcefile: 'probe.ts', loader: 'ts' }, outfile: join(dir, 'dist', 'probe.js'), absWorkingDir: root, sourcemap: false, logLevel: 'silent' });
      await esbuild.build({ ...chunks, entryPoints: { zodChunk: 'src/node/zodChunk.ts' }, outdir: join(dir, 'dist'), absWorkingDir: root, sourcemap: false, logLevel: 'silent' });
      const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'dist', 'probe.js')], { encoding: 'utf8' })) as Record<string, unknown>;
      assert.deepEqual(out, { ok: true, bad: 2, miniOk: true, miniBad: false, isZodError: true, loadedBefore: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds no zod schema when it loads and activates (schemas are built on first use: src/core/lazySchema.ts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-activation-check-'));
    try {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'extension.js'), bundle.text);
      writeFileSync(join(dir, 'child.js'), ACTIVATION_CHILD);
      const out = execFileSync(process.execPath, [join(dir, 'child.js'), join(dir, 'dist', 'extension.js')], {
        encoding: 'utf8',
        env: { ...process.env, FORGE_VSCODE_NAMES: JSON.stringify([...vscodeNames(join(root, 'src'))]), FORGE_STUB_SETTINGS: STUB_SETTINGS },
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
