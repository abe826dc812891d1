import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { strict as assert } from 'node:assert';
import { parseUnified } from '../../../src/core/edits/parse/parseUnified';
import { parseHunkHeader } from '../../../src/core/edits/parse/parseUnifiedHeaders';
import type { ParsedHunk } from '../../../src/core/edits/parse/parsedEdit';

const oldSide = (h: ParsedHunk): string[] => h.lines.filter((l) => l.op !== '+').map((l) => l.text);
const newSide = (h: ParsedHunk): string[] => h.lines.filter((l) => l.op !== '-').map((l) => l.text);
const ops = (h: ParsedHunk): string => h.lines.map((l) => l.op).join('');

describe('parseUnified', () => {
  it('reads a git diff with two files, index lines and section hints', () => {
    const r = parseUnified(
      [
        'diff --git a/src/a.ts b/src/a.ts',
        'index 83db48f..bf269f4 100644',
        '--- a/src/a.ts',
        '+++ b/src/a.ts',
        '@@ -10,3 +10,4 @@ export function foo() {',
        ' a',
        '-b',
        '+c',
        '+d',
        ' e',
        '@@ -40,2 +41,2 @@',
        ' x',
        '-y',
        '+z',
        'diff --git a/lib/b.js b/lib/b.js',
        '--- a/lib/b.js',
        '+++ b/lib/b.js',
        '@@ -1 +1 @@',
        '-old',
        '+new',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.files.length, 2);
    const [a, b] = r.files;
    assert.equal(a.path, 'src/a.ts');
    assert.equal(a.action, 'update');
    assert.equal(a.hunks.length, 2);
    assert.equal(a.hunks[0].oldStart, 10);
    assert.equal(a.hunks[0].oldCount, 3);
    assert.equal(a.hunks[0].newCount, 4);
    assert.equal(a.hunks[0].sectionHint, 'export function foo() {');
    assert.deepEqual(oldSide(a.hunks[0]), ['a', 'b', 'e']);
    assert.deepEqual(newSide(a.hunks[0]), ['a', 'c', 'd', 'e']);
    assert.equal(a.hunks[1].oldStart, 40);
    assert.equal(b.path, 'lib/b.js');
    assert.deepEqual(b.hunks[0].lines, [
      { op: '-', text: 'old' },
      { op: '+', text: 'new' },
    ]);
  });

  it('reads new files, deleted files and renames', () => {
    const r = parseUnified(
      [
        'diff --git a/new.txt b/new.txt',
        'new file mode 100644',
        'index 0000000..3b18e51',
        '--- /dev/null',
        '+++ b/new.txt',
        '@@ -0,0 +1,2 @@',
        '+hello',
        '+world',
        'diff --git a/gone.txt b/gone.txt',
        'deleted file mode 100644',
        '--- a/gone.txt',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-bye',
        'diff --git a/old/name.ts b/new/name.ts',
        'similarity index 90%',
        'rename from old/name.ts',
        'rename to new/name.ts',
        '--- a/old/name.ts',
        '+++ b/new/name.ts',
        '@@ -1,2 +1,2 @@',
        ' keep',
        '-x',
        '+y',
        'diff --git a/pure/a.md b/pure/b.md',
        'similarity index 100%',
        'rename from pure/a.md',
        'rename to pure/b.md',
        'diff --git a/empty.txt b/empty.txt',
        'new file mode 100644',
        'index 0000000..e69de29',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.files.map((f) => [f.action, f.path, f.newPath ?? null, f.hunks.length]),
      [
        ['add', 'new.txt', null, 1],
        ['delete', 'gone.txt', null, 1],
        ['rename', 'old/name.ts', 'new/name.ts', 1],
        ['rename', 'pure/a.md', 'pure/b.md', 0],
        ['add', 'empty.txt', null, 0],
      ],
    );
    assert.equal(r.files[0].content, 'hello\nworld\n');
    assert.equal(r.files[0].hunks[0].oldStart, 1, '-0,0 means "before line 1"');
    assert.equal(r.files[4].content, '');
  });

  it('reads plain ---/+++ headers with and without a/ b/ prefixes and with timestamps', () => {
    const r = parseUnified(
      [
        '--- src/x.c\t2024-01-02 10:11:12.000000000 +0100',
        '+++ src/x.c\t2024-01-02 10:12:00.000000000 +0100',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '--- a/y.c 2002-02-21 23:30:39.942229878 -0800',
        '+++ b/y.c 2002-02-21 23:30:50.442260588 -0800',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '--- "a/with space.txt"',
        '+++ "b/with space.txt"',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '--- .\\win\\path.txt',
        '+++ .\\win\\path.txt',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.files.map((f) => f.path),
      ['src/x.c', 'y.c', 'with space.txt', 'win/path.txt'],
    );
  });

  it('keeps absolute and .. paths as written (checked later)', () => {
    const r = parseUnified('--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n--- a/../up.txt\n+++ b/../up.txt\n@@ -1 +1 @@\n-a\n+b\n');
    assert.deepEqual(
      r.files.map((f) => f.path),
      ['/etc/passwd', '../up.txt'],
    );
  });

  it('records "\\ No newline at end of file" on the side it follows', () => {
    const r = parseUnified(
      ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b', '\\ No newline at end of file'].join('\n'),
    );
    const h = r.files[0].hunks[0];
    assert.equal(h.oldNoFinalNewline, true);
    assert.equal(h.newNoFinalNewline, true);
    assert.deepEqual(oldSide(h), ['a', 'b']);
    const r2 = parseUnified(['--- a/f', '+++ b/f', '@@ -1 +1,2 @@', '-b', '\\ No newline at end of file', '+b', '+c'].join('\n'));
    assert.equal(r2.files[0].hunks[0].oldNoFinalNewline, true);
    assert.equal(r2.files[0].hunks[0].newNoFinalNewline, undefined);
    const r3 = parseUnified(['--- a/f', '+++ b/f', '@@ -1 +1,2 @@', '+x', ' b', '\\ No newline at end of file'].join('\n'));
    assert.equal(r3.files[0].hunks[0].oldNoFinalNewline, true);
    assert.equal(r3.files[0].hunks[0].newNoFinalNewline, true);
  });

  it('does not trust hunk counts: a hunk runs to the next header', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', ' d', ' e', '-f', '+g', '@@ -99,1 +99,1 @@', '-y', '+z'].join('\n'));
    assert.equal(r.files[0].hunks.length, 2);
    assert.equal(ops(r.files[0].hunks[0]), ' -+  -+');
    const r2 = parseUnified(['--- a/f', '+++ b/f', '@@ -1,20 +1,30 @@', ' a', '-b', '+c', '--- a/g', '+++ b/g', '@@ -1 +1 @@', '-x', '+y'].join('\n'));
    assert.deepEqual(
      r2.files.map((f) => [f.path, f.hunks.length]),
      [
        ['f', 1],
        ['g', 1],
      ],
    );
  });

  it('reads headers without numbers: @@ ... @@, @@@@, @@, and @@ with a scope only', () => {
    for (const header of ['@@ ... @@', '@@@@', '@@', '@@ -? +? @@']) {
      const r = parseUnified(['--- a/f', '+++ b/f', header, ' a', '-b', '+c'].join('\n'));
      assert.deepEqual(r.problems, [], header);
      assert.equal(r.files[0].hunks.length, 1, header);
      assert.equal(r.files[0].hunks[0].oldStart, undefined, header);
      assert.equal(ops(r.files[0].hunks[0]), ' -+', header);
    }
    const r = parseUnified(['--- a/f.py', '+++ b/f.py', '@@ def foo():', '     x = 1', '-    y = 2', '+    y = 3'].join('\n'));
    assert.equal(r.files[0].hunks[0].sectionHint, 'def foo():');
  });

  it('parses hunk headers leniently', () => {
    assert.deepEqual(parseHunkHeader('@@ -5 +5 @@'), { oldStart: 5, oldCount: 1, newStart: 5, newCount: 1 });
    assert.deepEqual(parseHunkHeader('@@ -5,0 +6,2 @@'), { oldStart: 6, oldCount: 0, newStart: 6, newCount: 2 });
    assert.deepEqual(parseHunkHeader('@@  -5,3  +7,4  @@  class A'), { oldStart: 5, oldCount: 3, newStart: 7, newCount: 4, sectionHint: 'class A' });
    assert.deepEqual(parseHunkHeader('@@ -12 @@'), { oldStart: 12 });
    assert.deepEqual(parseHunkHeader('@@ -0,0 +1,3 @@'), { oldStart: 1, oldCount: 0, newStart: 1, newCount: 3 });
    assert.equal(parseHunkHeader('@@ -999999999999 +1 @@').oldStart, undefined);
  });

  it('reads an empty line inside a hunk as empty context, and drops a trailing blank separator', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', '@@ ... @@', ' a', '', '-b', '+c', '', '@@ ... @@', '-x', '+y', '', ''].join('\n'));
    const [h1, h2] = r.files[0].hunks;
    assert.deepEqual(h1.lines, [
      { op: ' ', text: 'a' },
      { op: ' ', text: '' },
      { op: '-', text: 'b' },
      { op: '+', text: 'c' },
    ]);
    assert.equal(ops(h2), '-+');
  });

  it('keeps a trailing empty context line when the counts say so', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@', ' a', '-b', '+c', '', '@@ -9 +9 @@', '-x', '+y'].join('\n'));
    assert.deepEqual(oldSide(r.files[0].hunks[0]), ['a', 'b', '']);
  });

  it('reads lines whose prefix was dropped as context, flagged unprefixed', () => {
    const r = parseUnified(['--- a/f.py', '+++ b/f.py', '@@ ... @@', 'def f():', '-    return 1', '+    return 2', 'def g():', '@@ ... @@', ' z', '-q', '+r'].join('\n'));
    const h = r.files[0].hunks[0];
    assert.deepEqual(h.lines, [
      { op: ' ', text: 'def f():', unprefixed: true },
      { op: '-', text: '    return 1' },
      { op: '+', text: '    return 2' },
      { op: ' ', text: 'def g():', unprefixed: true },
    ]);
  });

  it('stops at prose after the diff, and at a closing fence', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', '@@ ... @@', ' a', '-b', '+c', '', 'This replaces b with c.', 'Let me know!'].join('\n'));
    assert.equal(ops(r.files[0].hunks[0]), ' -+');
    const r2 = parseUnified(['```diff', '--- a/f', '+++ b/f', '@@ ... @@', ' a', '-b', '+c', '```', 'Done.'].join('\n'));
    assert.equal(ops(r2.files[0].hunks[0]), ' -+');
    // With correct counts, prose right after the last line is cut too.
    const r3 = parseUnified(['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', 'That is all.'].join('\n'));
    assert.equal(ops(r3.files[0].hunks[0]), ' -+');
  });

  it('keeps a removed line starting with "-- " (SQL comment) as a hunk line', () => {
    const r = parseUnified(['--- a/q.sql', '+++ b/q.sql', '@@ -1,2 +1,2 @@', '--- old comment', '+-- new comment', ' SELECT 1;'].join('\n'));
    assert.equal(r.files.length, 1);
    assert.deepEqual(r.files[0].hunks[0].lines, [
      { op: '-', text: '-- old comment' },
      { op: '+', text: '-- new comment' },
      { op: ' ', text: 'SELECT 1;' },
    ]);
  });

  it('uses open counts to read "--- x"/"+++ y" as hunk lines, not a file header', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', '--- x', '+++ y', ' z'].join('\n'));
    assert.equal(r.files.length, 1);
    assert.deepEqual(r.files[0].hunks[0].lines, [
      { op: '-', text: '-- x' },
      { op: '+', text: '++ y' },
      { op: ' ', text: 'z' },
    ]);
  });

  it('reads Index:/==== headers (svn, jsdiff)', () => {
    const r = parseUnified(['Index: a.txt', '===================================================================', '--- a.txt', '+++ a.txt', '@@ -1 +1 @@', '-a', '+b'].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.equal(r.files[0].path, 'a.txt');
  });

  it('merges repeated headers for the same file into one file edit', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', '@@ -1 +1 @@', '-a', '+b', '--- a/f', '+++ b/f', '@@ -9 +9 @@', '-c', '+d'].join('\n'));
    assert.equal(r.files.length, 1);
    assert.equal(r.files[0].hunks.length, 2);
  });

  it('reports binary patches, hunks without a file header, empty hunks', () => {
    const bin = parseUnified(['diff --git a/img.png b/img.png', 'index 1..2 100644', 'GIT binary patch', 'literal 5', 'zcmZ?wbhPJ', '', 'literal 0', 'HcmV?d00001', '', 'diff --git a/t b/t', '--- a/t', '+++ b/t', '@@ -1 +1 @@', '-a', '+b'].join('\n'));
    assert.equal(bin.problems.length, 1);
    assert.match(bin.problems[0].message, /binary patch for img\.png/);
    assert.equal(bin.problems[0].line, 3);
    assert.deepEqual(bin.files.map((f) => f.path), ['t']);
    const bin2 = parseUnified('diff --git a/x.bin b/x.bin\nindex 1..2\nBinary files a/x.bin and b/x.bin differ\n');
    assert.equal(bin2.problems.length, 1);
    const nohdr = parseUnified('@@ -1 +1 @@\n-a\n+b\n');
    assert.equal(nohdr.files.length, 0);
    assert.equal(nohdr.problems[0].line, 1);
    assert.match(nohdr.problems[0].message, /no file header.*--- a\/PATH/);
    const withPath = parseUnified('@@ -1 +1 @@\n-a\n+b\n', { path: 'given.ts' });
    assert.deepEqual(withPath.problems, []);
    assert.equal(withPath.files[0].path, 'given.ts');
    const empty = parseUnified('--- a/f\n+++ b/f\n@@ -1 +1 @@\n@@ -3 +3 @@\n-a\n+b\n');
    assert.equal(empty.problems.length, 1);
    assert.equal(empty.problems[0].line, 3);
    assert.match(empty.problems[0].message, /empty hunk/);
    const noHunks = parseUnified('--- a/f\n+++ b/f\nno hunks here\n');
    assert.equal(noHunks.files.length, 0);
    assert.match(noHunks.problems[0].message, /expected an @@ hunk header/);
  });

  it('keeps hunks of context only for the locator (a line may have lost its +), which drops true no-ops', () => {
    const r = parseUnified('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n b\n@@ -5 +5 @@\n-x\n+y\n');
    assert.equal(r.files[0].hunks.length, 2);
    assert.equal(ops(r.files[0].hunks[1]), '-+');
    const built = buildChangeSet(r, new Map([['f', 'a\nb\nc\nd\nx\n']]));
    assert.ok(built.ok);
    assert.deepEqual(built.changeSet.files[0].hunks.map((h) => h.newLines), [['y']]);
    const noop = buildChangeSet(parseUnified('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n b\n'), new Map([['f', 'a\nb\n']]));
    assert.deepEqual(noop.changeSet.files, []);
  });

  it('reads a file header with its --- or its +++ line missing', () => {
    const r = parseUnified(['--- a/only-minus.ts', '@@ -1 +1 @@', '-a', '+b', '+++ b/only-plus.ts', '@@ -1 +1 @@', '-c', '+d'].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.files.map((f) => [f.path, f.hunks.length]),
      [
        ['only-minus.ts', 1],
        ['only-plus.ts', 1],
      ],
    );
  });

  it('reads an indented ``` as a prefixed hunk line, a ``` at column 0 as a fence', () => {
    const r = parseUnified(['```diff', '--- a/README.md', '+++ b/README.md', '@@ -1,3 +1,3 @@', ' ```js', '-x()', '+y()', ' ```', '```'].join('\n'));
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), [' ```js', '-x()', '+y()', ' ```']);
  });

  it('reads hunk lines right after the +++ line as one hunk when the @@ line is missing', () => {
    const r = parseUnified(['--- a/f', '+++ b/f', ' a', '-b', '+c'].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), [' a', '-b', '+c']);
    assert.equal(r.files[0].hunks[0].oldStart, undefined);
  });

  it('keeps going after a blank line when the next unprefixed line is code, so no change is lost', () => {
    const r = parseUnified(['--- a/f.py', '+++ b/f.py', '@@ ... @@', ' def f():', '-    return 1', '+    return 2', '', 'def g():', '     pass', '-    x = 1', '+    x = 2'].join('\n'));
    assert.equal(r.files[0].hunks.length, 1);
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => (l.unprefixed ? '~' : l.op) + l.text), [' def f():', '-    return 1', '+    return 2', ' ', '~def g():', '     pass', '-    x = 1', '+    x = 2']);
  });

  it('drops prose between files and after the diff (no fences), bullets included', () => {
    const r = parseUnified(
      ['--- a/a.ts', '+++ b/a.ts', '@@ ... @@', ' x', '-y', '+z', '', 'Now the test file', '--- a/a.test.ts', '+++ b/a.test.ts', '@@ ... @@', '-p', '+q', '', 'Changes:', '- renamed y to z', '- fixed q'].join('\n'),
    );
    assert.deepEqual(r.files.map((f) => [f.path, f.hunks.map((h) => h.lines.map((l) => l.op + l.text).join('|'))]), [
      ['a.ts', [' x|-y|+z']],
      ['a.test.ts', ['-p|+q']],
    ]);
  });

  it('reads git paths with spaces, quoted or not, and tab-separated headers', () => {
    const r = parseUnified(
      [
        'diff --git a/my dir/x y.txt b/my dir/x y.txt',
        'new file mode 100644',
        'diff --git "a/caf\\303\\251.md" "b/caf\\303\\251.md"',
        'deleted file mode 100644',
        'diff --git a/t.txt b/t.txt',
        '---\ta/t.txt\t2024-01-01 00:00:00',
        '+++\tb/t.txt',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.files.map((f) => [f.action, f.path]),
      [
        ['add', 'my dir/x y.txt'],
        ['delete', 'café.md'],
        ['update', 't.txt'],
      ],
    );
  });

  it('keeps an unprefixed last line (maybe an added line missing its +), but not a sentence of prose', () => {
    const r = parseUnified(['```diff', '--- a/f', '+++ b/f', '@@ ... @@', ' a', '-b', 'c', '```'].join('\n'));
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => (l.unprefixed ? '~' : l.op) + l.text), [' a', '-b', '~c']);
    const prose = parseUnified(['--- a/f', '+++ b/f', '@@ ... @@', ' a', '-b', '+c', 'This replaces b with c.'].join('\n'));
    assert.deepEqual(prose.files[0].hunks[0].lines.map((l) => l.op + l.text), [' a', '-b', '+c']);
  });
});
