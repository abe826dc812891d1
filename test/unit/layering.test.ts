import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts file below a folder. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Matches `import ... from 'vscode'`, `import type ...`, `export ... from 'vscode'`, require('vscode') and import('vscode'). */
export const VSCODE_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"]vscode['"]/m;

describe('layering', () => {
  it('recognises every form of importing vscode', () => {
    for (const line of [
      "import * as vscode from 'vscode';",
      'import type { Uri } from "vscode";',
      "export { window } from 'vscode';",
      "const v = require('vscode');",
      "const v = await import('vscode');",
      "import 'vscode';",
    ]) assert.ok(VSCODE_IMPORT.test(line), line);
    assert.ok(!VSCODE_IMPORT.test("import { x } from './vscodeish';"));
  });

  for (const dir of ['src/core', 'src/protocol']) {
    it(`${dir} never imports vscode`, () => {
      const offenders = sources(dir).filter((f) => VSCODE_IMPORT.test(readFileSync(f, 'utf8')));
      assert.deepEqual(offenders, [], `these files import vscode: ${offenders.join(', ')}`);
    });
  }

  /** Relative import specifiers of a file (static imports, re-exports, require and import()). */
  function relativeImports(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
  }
  for (const [dir, banned] of [
    ['src/node', ['/cli/', '/vscode/']],
    ['src/core', ['/cli/', '/vscode/', '/node/', '/webview/']],
    ['src/vscode', ['/cli/']],
  ] as const) {
    it(`${dir} never imports ${banned.map((b) => `src${b}`).join(' or ')}`, () => {
      const offenders = sources(dir).flatMap((f) =>
        relativeImports(f).filter((spec) => banned.some((b) => join(f, '..', spec).replace(/\\/g, '/').includes(`src${b}`))).map((spec) => `${f}: ${spec}`));
      assert.deepEqual(offenders, []);
    });
  }

  it('keeps source files under 500 lines', () => {
    const big = sources('src')
      .map((f) => ({ f, n: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.n > 500);
    assert.deepEqual(big, []);
  });
});
