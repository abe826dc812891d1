/**
 * The locating cascade hunk by hunk: which strategy wins, what is refused, and what a refusal says.
 * Hunks are built by hand (ParsedEdit values), so these tests do not depend on the parsers.
 */
import { strict as assert } from 'node:assert';
import { buildChangeSet, type BuildResult } from '../../../src/core/edits/changeSet/buildChangeSet';
import type { ParsedFileEdit, ParsedHunk } from '../../../src/core/edits/parse/parsedEdit';
import { isElisionLine } from '../../../src/core/edits/recover/elision';
import { deriveReindent } from '../../../src/core/edits/recover/reindent';
import { hashText, renderFile } from '../../../src/core/edits/changeSet/textDoc';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';

/** A hunk from diff-style lines: ' ctx', '-old', '+new'. */
function hunk(body: string, extra: Partial<ParsedHunk> = {}): ParsedHunk {
  return { lines: body.split('\n').map((l) => ({ op: l[0] as ' ' | '-' | '+', text: l.slice(1) })), ...extra };
}

function build(base: string | null, hunks: ParsedHunk[], file: Partial<ParsedFileEdit> = {}, others: Record<string, string | null> = {}): BuildResult {
  const fe: ParsedFileEdit = { action: 'update', path: 'f.ts', hunks, format: 'unified', ...file };
  return buildChangeSet({ format: 'unified', problems: [], files: [fe] }, new Map([['f.ts', base], ...Object.entries(others)]));
}

function applied(base: string, hunks: ParsedHunk[]): { text: string | null; strategies: string[]; r: BuildResult } {
  const r = build(base, hunks);
  assert.ok(r.ok, JSON.stringify(r.refusals, null, 1));
  return { text: renderFile(base, r.changeSet.files[0]), strategies: r.files[0].hunks.map((h) => h.strategy!), r };
}

const TWICE = 'function a() {\n  let x = 1;\n  return x;\n}\n\nfunction b() {\n  let x = 1;\n  return x;\n}\n';

describe('locating hunks', () => {
  it('exact at the stated line, with a base hash and 1-based line in the report', () => {
    const { r, strategies } = applied(TWICE, [hunk(' function b() {\n-  let x = 1;\n+  let x = 2;', { oldStart: 6 })]);
    assert.deepEqual(strategies, ['exact']);
    assert.equal(r.files[0].hunks[0].line, 6);
    assert.equal(r.changeSet.files[0].baseHash, hashText(TWICE));
  });

  it('two equal places: the stated line picks the nearest; without it the hunk is refused with both places', () => {
    const h = '-  let x = 1;\n+  let x = 2;\n   return x;';
    const near = applied(TWICE, [hunk(h, { oldStart: 8 })]);
    assert.equal(near.text, TWICE.replace(/(function b\(\) {\n) {2}let x = 1;/, '$1  let x = 2;'));
    const r = build(TWICE, [hunk(h)]);
    assert.equal(r.ok, false);
    assert.match(r.refusals[0].reason, /matches 2 places equally well \(lines 2-3, lines 7-8\)/);
    assert.equal(r.refusals[0].hunkIndex, 0);
    assert.equal(r.refusals[0].closest?.startLine, 2);
    // A stated line far from both is no help: still refused.
    assert.equal(build(TWICE, [hunk(h, { oldStart: 30 })]).ok, false);
  });

  it('a section hint narrows equal places to the right function', () => {
    const { text } = applied(TWICE, [hunk('-  let x = 1;\n+  let x = 3;', { sectionHint: 'function b()' })]);
    assert.ok(text!.includes('function b() {\n  let x = 3;'));
    assert.ok(text!.includes('function a() {\n  let x = 1;'));
  });

  it('a hunk that was already placed takes its place out of the running for a later equal one', () => {
    const r = applied(TWICE, [
      hunk(' function a() {\n-  let x = 1;\n+  let x = 5;'),
      hunk('-  let x = 1;\n+  let x = 6;'),
    ]);
    assert.ok(r.text!.includes('function a() {\n  let x = 5;'));
    assert.ok(r.text!.includes('function b() {\n  let x = 6;'));
  });

  it('indentation shift re-indents the added lines; tabs vs spaces map unit for unit', () => {
    const base = 'class A {\n    run() {\n        go();\n    }\n}\n';
    const { text, strategies } = applied(base, [hunk(' run() {\n     go();\n+    stop();\n }')]);
    assert.deepEqual(strategies, ['indentation']);
    assert.equal(text, 'class A {\n    run() {\n        go();\n        stop();\n    }\n}\n');
    const tabs = 'if (a) {\n\tif (b) {\n\t\tgo();\n\t}\n}\n';
    const t = applied(tabs, [hunk('   if (b) {\n-    go();\n+    stop();\n+    if (c) {\n+      more();\n+    }\n   }')]);
    assert.equal(t.text, 'if (a) {\n\tif (b) {\n\t\tstop();\n\t\tif (c) {\n\t\t\tmore();\n\t\t}\n\t}\n}\n');
  });

  it('deriveReindent refuses inconsistent shifts', () => {
    assert.equal(deriveReindent([['  a', '    a'], ['    b', '    b']]), null);
    assert.equal(deriveReindent([['a', '  a'], ['  b', '    b']])!('c'), '  c');
  });

  it('elisions: `...` and comment markers stand for real lines; a real `...` line is matched literally', () => {
    assert.ok(isElisionLine('// ... existing code ...'));
    assert.ok(isElisionLine('    # ... rest of the function unchanged'));
    assert.ok(isElisionLine('...'));
    assert.ok(!isElisionLine('return ...args;'));
    assert.ok(!isElisionLine('// TODO: handle errors'));
    const base = 'def f(x):\n    ...\n\ndef g():\n    a = 1\n    b = 2\n    return a + b\n';
    const lit = applied(base, [hunk(' def f(x):\n-    ...\n+    return x')]);
    assert.deepEqual(lit.strategies, ['exact']);
    const el = applied(base, [hunk(' def g():\n     ...\n-    return a + b\n+    return a * b')]);
    assert.deepEqual(el.strategies, ['elision']);
    assert.equal(el.text, base.replace('return a + b', 'return a * b'));
  });

  it('a removed elision without a partner deletes the lines it stands for', () => {
    const base = 'keep\nfunction old() {\n  a();\n  b();\n}\nafter\n';
    const { text } = applied(base, [hunk('-function old() {\n-  // ...\n-}')]);
    assert.equal(text, 'keep\nafter\n');
  });

  it('fuzzy: below the threshold refuses with the closest place, its score and -expected/+actual lines', () => {
    const base = 'const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\n';
    const r = build(base, [hunk(' const a = 1;\n-const bee = 22;\n+const b = 5;\n const see = 33;')]);
    assert.equal(r.ok, false);
    const c = r.refusals[0].closest!;
    assert.equal(c.startLine, 1);
    assert.ok(c.score < 0.9 && c.score > 0, `${c.score}`);
    assert.ok(c.differences.includes('-const bee = 22;'), c.differences.join('|'));
    assert.ok(c.differences.includes('+const b = 2;'), c.differences.join('|'));
    assert.match(r.refusals[0].reason, /f\.ts: hunk 1 \(starting "const a = 1;"\) does not match the file closely enough: .*lines 1-3.*"const bee = 22;"/);
  });

  it('fuzzy: two near-equal places are refused, never guessed', () => {
    const base = 'start\nfoo(1, "alpha");\nbar();\nmid\nfoo(1, "alpho");\nbar();\nend\n';
    const r = build(base, [hunk(' foo(1, "alphx");\n-bar();\n+baz();')]);
    assert.equal(r.ok, false);
    assert.match(r.refusals[0].reason, /two places are about equally close|matches 2 places/);
  });

  it('context-free insertions are refused in a non-empty file, allowed when appending or in an empty one', () => {
    assert.equal(build('a\nb\n', [hunk('+c', { oldStart: 2 })]).ok, false);
    assert.equal(applied('a\nb\n', [hunk('+c', { appendOnly: true })]).text, 'a\nb\nc\n');
    assert.equal(applied('', [hunk('+c')]).text, 'c\n');
  });

  it('a dropped context line between removed lines is refused (it is unclear whether to delete it)', () => {
    const r = build('a\nb\nc\nd\ne\n', [hunk(' a\n-b\n-d\n+X\n e')]);
    assert.equal(r.ok, false);
  });

  it('file-level refusals: add on an existing file, update of a missing file, rename onto an existing file', () => {
    assert.match(build('x\n', [], { action: 'add', content: 'y\n' }).refusals[0].reason, /already exists/);
    assert.match(build(null, [hunk(' a\n-b\n+c')]).refusals[0].reason, /does not exist/);
    const r = build('x\n', [], { action: 'rename', newPath: 'g.ts' }, { 'g.ts': 'taken\n' });
    assert.equal(r.refusals[0].hunkIndex, -1);
    assert.match(r.refusals[0].reason, /g\.ts already exists/);
  });

  it('keeps CRLF, BOM and a missing final newline; `\\ No newline` on the new side drops it', () => {
    const base = '\uFEFFa\r\nb\r\nc';
    assert.equal(applied(base, [hunk(' a\n-b\n+B\n+B2')]).text, '\uFEFFa\r\nB\r\nB2\r\nc');
    assert.equal(applied('a\nb\n', [hunk(' a\n-b\n+B', { newNoFinalNewline: true })]).text, 'a\nB');
    assert.equal(applied('a\nb', [hunk(' a\n-b\n+B', { oldNoFinalNewline: true })]).text, 'a\nB\n');
  });

  it('a whole-file edit replaces every line and keeps line endings; an add gets strategy create', () => {
    const r = build('a\r\nb\r\n', [], { content: 'x\ny\nz\n', format: 'whole' });
    assert.ok(r.ok);
    assert.equal(r.files[0].hunks[0].strategy, 'whole-file');
    assert.equal(renderFile('a\r\nb\r\n', r.changeSet.files[0]), 'x\r\ny\r\nz\r\n');
    const add = build(null, [], { action: 'add', content: 'new\n' });
    assert.equal(add.changeSet.files[0].hunks[0].strategy, 'create');
    assert.equal(renderFile(null, add.changeSet.files[0]), 'new\n');
  });

  it('whole-file content for a file without a final newline is refused when it shows the file\'s end (it cannot say how the file ends)', () => {
    // bench whole-elided:minimist@1.2.7..1.2.8:test/bool.js: the last line unchanged, the truth adds the newline.
    const whole = build('a\nb\nend', [], { content: 'a\nB\nend\n', format: 'whole' });
    assert.equal(whole.ok, false);
    assert.match(whole.refusals[0].reason, /does not end with a newline and the new content changes or shows its last line/);
    const elided = build('a\nb\nc\nend', [], { content: '// ...\nc\nend\n', format: 'whole' });
    assert.equal(elided.ok, false);
    // Content that ends with a marker leaves the end alone; content equal to the file changes nothing.
    const tail = build('first line\nb\nthird line\nend', [], { content: 'first line\nB\nthird line\n// ... existing code ...\n', format: 'whole' });
    assert.ok(tail.ok, JSON.stringify(tail.refusals));
    assert.equal(renderFile('first line\nb\nthird line\nend', tail.changeSet.files[0]), 'first line\nB\nthird line\nend');
    assert.ok(build('a\nend', [], { content: 'a\nend\n', format: 'whole' }).ok);
  });

  it('a lost \'+\' among context lines equal up to indentation is the line the file does not have byte for byte', () => {
    // bench plus-space:qs@6.16.1..6.16.2:eslint.config.mjs: "+    }," became "    }," (read as context "   },"),
    // next to two context lines equal to it up to whitespace; the alignment took the wrong one as the added line.
    const base = ['export default [', '    {', '        rules: {', "            'no-throw-literal': 'off',", '        },', '    },', '];', ''].join('\n');
    const edit = ['--- a/f.mjs', '+++ b/f.mjs', '@@ -3,4 +3,9 @@ export default [', "             'no-throw-literal': 'off',", '         },', '     },', '+', '+    {', '+        extends: latest,', "+        files: ['README.md/**'],", '    },', ' ];', ''].join('\n');
    const parsed = parseEdit(edit);
    const r = buildChangeSet(parsed, new Map([['f.mjs', base]]));
    const expected = ['export default [', '    {', '        rules: {', "            'no-throw-literal': 'off',", '        },', '    },', '', '    {', '        extends: latest,', "        files: ['README.md/**'],", '    },', '];', ''].join('\n');
    assert.ok(r.ok, JSON.stringify(r.refusals));
    assert.equal(renderFile(base, r.changeSet.files[0]), expected);
  });
});
