import { strict as assert } from 'node:assert';
import { parseApplyPatch } from '../../../src/core/edits/parse/parseApplyPatch';

describe('parseApplyPatch', () => {
  it('reads Add, Delete, Update with Move to, @@ hints, and End of File', () => {
    const r = parseApplyPatch(
      [
        '*** Begin Patch',
        '*** Add File: docs/new.md',
        '+# New',
        '+',
        '+text',
        '*** Delete File: old.txt',
        '*** Update File: src/app.py',
        '*** Move to: src/main.py',
        '@@ class App:',
        '@@     def run(self):',
        '         x = 1',
        '-        y = 2',
        '+        y = 3',
        '@@',
        ' a',
        '-b',
        '+c',
        '*** End of File',
        '*** End Patch',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.format, 'apply-patch');
    const [add, del, upd] = r.files;
    assert.deepEqual([add.action, add.path, add.content], ['add', 'docs/new.md', '# New\n\ntext\n']);
    assert.deepEqual(add.hunks[0].lines.map((l) => l.op + l.text), ['+# New', '+', '+text']);
    assert.deepEqual([del.action, del.path, del.hunks.length], ['delete', 'old.txt', 0]);
    assert.deepEqual([upd.action, upd.path, upd.newPath], ['rename', 'src/app.py', 'src/main.py']);
    assert.equal(upd.hunks.length, 2);
    assert.equal(upd.hunks[0].sectionHint, 'class App:\n    def run(self):');
    assert.deepEqual(
      upd.hunks[0].lines.map((l) => l.op + l.text),
      ['         x = 1', '-        y = 2', '+        y = 3'],
    );
    assert.equal(upd.hunks[0].anchoredAtEnd, undefined);
    assert.equal(upd.hunks[1].sectionHint, undefined);
    assert.equal(upd.hunks[1].anchoredAtEnd, true);
  });

  it('tolerates missing Begin/End lines, an Update without @@, prose and fences around', () => {
    const r = parseApplyPatch(
      ['Sure, here is the patch:', '```', '*** Update File: a.ts', ' keep', '-old', '+new', '```', 'Tell me if it works.'].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.files.length, 1);
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), [' keep', '-old', '+new']);
  });

  it('reads an empty line as empty context and drops blank lines before End Patch', () => {
    const r = parseApplyPatch(['*** Begin Patch', '*** Update File: a', ' x', '', '-y', '+z', '', '*** End Patch'].join('\n'));
    assert.deepEqual(r.files[0].hunks[0].lines, [
      { op: ' ', text: 'x' },
      { op: ' ', text: '' },
      { op: '-', text: 'y' },
      { op: '+', text: 'z' },
    ]);
  });

  it('flags context lines whose space was dropped, and stops at prose after a blank line', () => {
    const r = parseApplyPatch(['*** Update File: a.py', 'def f():', '-    return 1', '+    return 2', '', 'This fixes the bug.'].join('\n'));
    assert.deepEqual(r.files[0].hunks[0].lines, [
      { op: ' ', text: 'def f():', unprefixed: true },
      { op: '-', text: '    return 1' },
      { op: '+', text: '    return 2' },
    ]);
  });

  it('merges several Update sections for one file, and normalises paths', () => {
    const r = parseApplyPatch(['*** Begin Patch', '*** Update File: .\\src\\a.ts', '-1', '+2', '*** Update File: src/a.ts', '-3', '+4', '*** End Patch'].join('\n'));
    assert.equal(r.files.length, 1);
    assert.equal(r.files[0].path, 'src/a.ts');
    assert.equal(r.files[0].hunks.length, 2);
  });

  it('reports what it cannot use, with the line and what was expected', () => {
    const r = parseApplyPatch(
      ['*** Begin Patch', '*** Update File: a', '*** Frobnicate File: b', ' x', '*** Update File:', '*** Move to: c', '*** Update File: d', '-a', '+b', '*** End Patch'].join('\n'),
    );
    const lines = r.problems.map((p) => p.line);
    assert.deepEqual(lines, [3, 2, 5, 6]);
    assert.match(r.problems[0].message, /unknown apply_patch line 3/);
    assert.match(r.problems[1].message, /"\*\*\* Update File: a" at line 2 changes nothing/);
    assert.match(r.problems[2].message, /names no file/);
    assert.match(r.problems[3].message, /must directly follow/);
    assert.deepEqual(r.files.map((f) => f.path), ['d']);
  });

  it('adds an empty file', () => {
    const r = parseApplyPatch('*** Begin Patch\n*** Add File: empty.txt\n*** End Patch\n');
    assert.deepEqual([r.files[0].action, r.files[0].content, r.files[0].hunks.length], ['add', '', 0]);
  });

  it('reads an indented ``` as a context line, a ``` at column 0 as the end of the patch', () => {
    const r = parseApplyPatch(['```', '*** Update File: README.md', ' ```js', '-x()', '+y()', ' ```', '```'].join('\n'));
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), [' ```js', '-x()', '+y()', ' ```']);
  });

  it('ignores a shell heredoc wrapper around the patch', () => {
    const r = parseApplyPatch(["apply_patch <<'EOF'", '*** Begin Patch', '*** Update File: a', '-x', '+y', '*** End Patch', 'EOF'].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), ['-x', '+y']);
    const noEnd = parseApplyPatch(["apply_patch <<'EOF'", '*** Begin Patch', '*** Update File: a', '-x', '+y', 'EOF'].join('\n'));
    assert.deepEqual(noEnd.files[0].hunks[0].lines.map((l) => l.op + l.text), ['-x', '+y']);
  });

  it('takes a unified-style @@ -a,b +c,d @@ header in an Update as a line hint, not a context line', () => {
    const r = parseApplyPatch(['*** Update File: a.ts', '@@ -12,3 +12,3 @@ function f() {', ' x', '-y', '+z', '@@ ... @@', '-p', '+q'].join('\n'));
    const [h1, h2] = r.files[0].hunks;
    assert.equal(h1.oldStart, 12);
    assert.equal(h1.sectionHint, 'function f() {');
    assert.equal(h2.oldStart, undefined);
    assert.equal(h2.sectionHint, undefined);
  });
});
