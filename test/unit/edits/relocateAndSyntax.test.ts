/** Stale bases (relocateChangeSet), the tree-sitter syntax check (flagSyntaxErrors) and the syntax gate the hosts use (buildCheckedChangeSet). */
import { strict as assert } from 'node:assert';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { buildCheckedChangeSet } from '../../../src/core/edits/changeSet/checkedChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import type { ParsedFileEdit, ParsedHunk } from '../../../src/core/edits/parse/parsedEdit';
import { relocateChangeSet } from '../../../src/core/edits/changeSet/relocateChangeSet';
import { flagSyntaxErrors, grammarFor } from '../../../src/core/edits/check/syntaxCheck';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';

function hunk(body: string, extra: Partial<ParsedHunk> = {}): ParsedHunk {
  return { lines: body.split('\n').map((l) => ({ op: l[0] as ' ' | '-' | '+', text: l.slice(1) })), ...extra };
}

function located(path: string, base: string | null, hunks: ParsedHunk[], file: Partial<ParsedFileEdit> = {}) {
  const fe: ParsedFileEdit = { action: 'update', path, hunks, format: 'unified', ...file };
  const r = buildChangeSet({ format: 'unified', problems: [], files: [fe] }, new Map([[path, base]]));
  assert.ok(r.ok, JSON.stringify(r.refusals));
  return r.changeSet;
}

const BASE = 'one\ntwo\nthree\nfour\nfive\n';

describe('relocateChangeSet (stale base)', () => {
  it('keeps a file whose hash did not change', () => {
    const cs = located('f.txt', BASE, [hunk(' two\n-three\n+THREE')]);
    const r = relocateChangeSet(cs, new Map([['f.txt', BASE]]));
    assert.ok(r.ok);
    assert.deepEqual(r.relocated, []);
    assert.equal(r.changeSet.files[0], cs.files[0]);
  });

  it('re-locates hunks when lines were added above them, keeping the other edit', () => {
    const cs = located('f.txt', BASE, [hunk(' two\n-three\n+THREE\n four'), hunk(' five\n+six', { oldStart: 5 })]);
    const now = 'zero\n' + BASE.replace('one', 'ONE');
    const r = relocateChangeSet(cs, new Map([['f.txt', now]]));
    assert.ok(r.ok, JSON.stringify(r.refusals));
    assert.deepEqual(r.relocated, ['f.txt']);
    assert.equal(renderFile(now, r.changeSet.files[0]), 'zero\nONE\ntwo\nTHREE\nfour\nfive\nsix\n');
    assert.deepEqual(r.changeSet.files[0].hunks.map((h) => h.index), [0, 1]);
  });

  it('refuses when the changed lines themselves changed, when the file is gone, and for whole-file edits', () => {
    const cs = located('f.txt', BASE, [hunk(' two\n-three\n+THREE\n four')]);
    const r = relocateChangeSet(cs, new Map([['f.txt', 'one\ntwo\n3\nfour\nfive\n'.replace('two', 'deux').replace('four', 'quatre')]]));
    assert.equal(r.ok, false);
    assert.match(r.refusals[0].reason, /changed after the edit was made/);
    assert.equal(r.changeSet.files.length, 0);
    assert.match(relocateChangeSet(cs, new Map([['f.txt', null]])).refusals[0].reason, /no longer exists/);
    const whole = located('f.txt', BASE, [], { content: 'new\n' });
    assert.match(relocateChangeSet(whole, new Map([['f.txt', BASE + 'x\n']])).refusals[0].reason, /would lose those changes/);
    const add = located('g.txt', null, [], { action: 'add', content: 'x\n' });
    assert.match(relocateChangeSet(add, new Map([['g.txt', 'someone\n']])).refusals[0].reason, /created by someone else/);
  });
});

describe('flagSyntaxErrors (tree-sitter)', function () {
  this.timeout(20_000);

  it('knows grammars by extension', () => {
    assert.equal(grammarFor('src/a.ts'), 'typescript');
    assert.equal(grammarFor('x/y.py'), 'python');
    assert.equal(grammarFor('README.md'), undefined);
  });

  it('flags only the TypeScript hunk that breaks the syntax', async () => {
    const base = 'export function a(x: number): number {\n  return x + 1;\n}\n\nexport function b(): string {\n  return "b";\n}\n';
    const cs = located('src/m.ts', base, [
      hunk(' export function a(x: number): number {\n-  return x + 1;\n+  return x + 2;'),
      hunk(' export function b(): string {\n-  return "b";\n+  return ("b";'),
    ]);
    const checked = await flagSyntaxErrors(cs, new Map([['src/m.ts', base]]));
    const [h0, h1] = checked.files[0].hunks;
    assert.equal(h0.syntaxWarning, undefined);
    assert.match(h1.syntaxWarning ?? '', /typescript syntax error/);
    assert.equal(cs.files[0].hunks[1].syntaxWarning, undefined, 'the input change set is not mutated');
  });

  it('does not flag a Python file that already had an error, nor a clean change', async () => {
    const base = 'def f(:\n    return 1\n\ndef g():\n    return 2\n';
    const cs = located('a.py', base, [hunk(' def g():\n-    return 2\n+    return 3')]);
    const checked = await flagSyntaxErrors(cs, new Map([['a.py', base]]));
    assert.equal(checked.files[0].hunks[0].syntaxWarning, undefined);
    const clean = 'def g():\n    return 2\n';
    const bad = located('b.py', clean, [hunk(' def g():\n-    return 2\n+    return (2')]);
    const flagged = await flagSyntaxErrors(bad, new Map([['b.py', clean]]));
    assert.match(flagged.files[0].hunks[0].syntaxWarning ?? '', /python syntax error/);
  });
});

describe('buildCheckedChangeSet (the hosts\' entry point: propose-edits tool, Review Patch)', () => {
  it('refuses a hunk placed up to whitespace that adds a syntax error; buildChangeSet alone would place it', async () => {
    const base = 'export function a(): number {\n  return 1;\n}\n\nexport function b(): string {\n  return "b";\n}\n';
    // SEARCH/REPLACE with trailing spaces the file does not have: placed whitespace-tolerantly, not exactly.
    const edit = 'src/m.ts\n<<<<<<< SEARCH\nexport function b(): string {  \n  return "b";  \n=======\nexport function b(): string {\n  return ("b";\n>>>>>>> REPLACE\n';
    const bases = new Map([['src/m.ts', base]]);
    const plain = buildChangeSet(parseEdit(edit), bases);
    assert.ok(plain.ok, 'without the check the hunk is placed');
    const checked = await buildCheckedChangeSet(parseEdit(edit), bases, { title: 'x' });
    assert.equal(checked.ok, false);
    assert.match(checked.refusals[0].reason, /syntax error/);
    // An exact hunk is never second-guessed, and a clean non-exact one passes.
    const good = edit.replace('return ("b";', 'return "bb";');
    const ok = await buildCheckedChangeSet(parseEdit(good), bases);
    assert.ok(ok.ok, JSON.stringify(ok.refusals));
    assert.equal(renderFile(base, ok.changeSet.files[0]), base.replace('return "b";', 'return "bb";'));
  });
});
