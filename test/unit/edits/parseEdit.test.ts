import { strict as assert } from 'node:assert';
import { parseEdit, NO_EDIT_MESSAGE } from '../../../src/core/edits/parse/parseEdit';
import { parseWholeFile, wholeFileEdit } from '../../../src/core/edits/parse/parseWholeFile';
import { detectFormat } from '../../../src/core/edits/parse/detectFormat';
import { splitEditLines } from '../../../src/core/edits/parse/parseCommon';

const UNIFIED = ['--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1,3 +1,3 @@', ' one', '-two', '+TWO', ' three'].join('\n');
const SR = ['src/a.ts', '<<<<<<< SEARCH', 'two', '=======', 'TWO', '>>>>>>> REPLACE'].join('\n');
const V4A = ['*** Begin Patch', '*** Update File: src/a.ts', ' one', '-two', '+TWO', ' three', '*** End Patch'].join('\n');

describe('parseEdit', () => {
  it('detects each format from its markers', () => {
    assert.equal(parseEdit(UNIFIED).format, 'unified');
    assert.equal(parseEdit(SR).format, 'search-replace');
    assert.equal(parseEdit(V4A).format, 'apply-patch');
    assert.equal(parseEdit('src/a.ts\n```ts\nconst a = 1;\n```\n').format, 'whole');
    assert.equal(detectFormat(['diff --git a/x b/x']), 'unified');
    assert.equal(detectFormat(['@@ -1 +1 @@']), 'unified');
    assert.equal(detectFormat(['--- x', '+++ x']), 'unified');
    assert.equal(detectFormat(['---', 'not a diff']), undefined);
    assert.equal(detectFormat(['*** Update File: a']), 'apply-patch');
  });

  it('lets the earliest marker win: a SEARCH block whose content contains diff lines stays SEARCH/REPLACE', () => {
    const text = ['a.md', '<<<<<<< SEARCH', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '=======', 'new', '>>>>>>> REPLACE'].join('\n');
    const r = parseEdit(text);
    assert.equal(r.format, 'search-replace');
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), ['---- a/x', '-+++ b/x', '-@@ -1 +1 @@', '+new']);
  });

  it('honours an explicit format', () => {
    const r = parseEdit(SR, { format: 'unified' });
    assert.equal(r.format, 'unified');
    assert.equal(r.files.length, 0);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /^no file changes found in the unified diff: expected/);
    assert.match(parseEdit(UNIFIED, { format: 'apply-patch' }).problems[0].message, /^no file operation found in the apply_patch/);
    assert.match(parseEdit(V4A, { format: 'search-replace' }).problems[0].message, /^no SEARCH\/REPLACE block found/);
    const w = parseEdit('const a = 1;\n', { format: 'whole', path: 'a.ts' });
    assert.deepEqual(w.files.map((f) => [f.action, f.path, f.content, f.format]), [['update', 'a.ts', 'const a = 1;\n', 'whole']]);
  });

  it('reports text with no edit in it', () => {
    const r = parseEdit('I could not find the bug, sorry.\nMaybe check the logs?\n');
    assert.deepEqual(r.files, []);
    assert.deepEqual(r.problems, [{ line: 1, message: NO_EDIT_MESSAGE }]);
    assert.deepEqual(parseEdit('').problems, [{ line: 1, message: NO_EDIT_MESSAGE }]);
  });

  for (const [name, text] of [
    ['unified', UNIFIED],
    ['search-replace', SR],
    ['apply-patch', V4A],
  ] as const) {
    const wrappings: Array<[string, (t: string) => string]> = [
      ['prose and a fence', (t) => `Sure! Here is the change:\n\n\`\`\`diff\n${t}\n\`\`\`\n\nThis renames two to TWO.\n`],
      ['a ~~~ fence', (t) => `~~~\n${t}\n~~~\n`],
      ['CRLF line endings', (t) => t.replace(/\n/g, '\r\n') + '\r\n'],
      ['a BOM', (t) => '\uFEFF' + t],
      ['a BOM, CRLF and a fence', (t) => '\uFEFF```\r\n' + t.replace(/\n/g, '\r\n') + '\r\n```\r\n'],
      ['no final newline', (t) => t],
      ['trailing blank lines', (t) => t + '\n\n\n'],
    ];
    for (const [wname, wrap] of wrappings) {
      it(`${name}: same result when wrapped in ${wname}`, () => {
        const plain = parseEdit(text);
        const wrapped = parseEdit(wrap(text));
        assert.deepEqual(wrapped.problems, []);
        assert.equal(wrapped.format, name);
        const strip = (r: typeof plain) => r.files.map((f) => ({ ...f, line: undefined, hunks: f.hunks.map((h) => ({ ...h, line: undefined })) }));
        assert.deepEqual(strip(wrapped), strip(plain));
        for (const f of wrapped.files) for (const h of f.hunks) for (const l of h.lines) assert.ok(!l.text.includes('\r'), 'no CR leaks into hunk text');
      });
    }
  }

  it('keeps tabs and CRs that are part of a line inside the text', () => {
    const r = parseEdit('--- a/m\n+++ b/m\n@@ -1 +1 @@\n-\tx\r\n+\t\ty\n');
    assert.deepEqual(r.files[0].hunks[0].lines, [
      { op: '-', text: '\tx' },
      { op: '+', text: '\t\ty' },
    ]);
  });

  it('splits lines without losing any: CRLF, LF, a lone final CR, a BOM', () => {
    assert.deepEqual(splitEditLines('\uFEFFa\r\nb\n\nc'), ['a', 'b', '', 'c']);
    assert.deepEqual(splitEditLines('a\n'), ['a']);
    assert.deepEqual(splitEditLines('a\r'), ['a']);
    assert.deepEqual(splitEditLines(''), []);
    assert.deepEqual(splitEditLines('\n'), ['']);
  });

  it('reports problem lines counted in the original text', () => {
    const r = parseEdit('Intro\r\n\r\n```\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n```\r\n');
    assert.deepEqual(r.problems.map((p) => p.line), [4]);
  });

  it('uses the default path for a lone fenced block, but never takes bare prose as a file in auto mode', () => {
    const r = parseEdit('Here it is:\n```ts\nexport const a = 1;\n```\n', { path: 'a.ts' });
    assert.deepEqual(r.files.map((f) => [f.format, f.path, f.content]), [['whole', 'a.ts', 'export const a = 1;\n']]);
    const prose = parseEdit('No changes needed.\n', { path: 'a.ts' });
    assert.deepEqual(prose.files, []);
    assert.equal(prose.problems[0].message, NO_EDIT_MESSAGE);
  });

  it('passes the default path to edits that name no file', () => {
    const r = parseEdit('@@ -1 +1 @@\n-a\n+b\n', { path: 'x.ts' });
    assert.deepEqual(r.files.map((f) => f.path), ['x.ts']);
  });

  // Its speed is measured by bench/editSpeed.ts (figures, not a pass/fail timing).
  it('parses a 1,000-hunk patch over a 50,000-line file', () => {
    const parts = ['diff --git a/big.ts b/big.ts', '--- a/big.ts', '+++ b/big.ts'];
    for (let i = 0; i < 1000; i++) {
      const at = i * 50 + 1;
      parts.push(`@@ -${at},7 +${at},7 @@ function f${i}() {`);
      parts.push(` line ${at}`, ` line ${at + 1}`, ` line ${at + 2}`, `-line ${at + 3}`, `+LINE ${at + 3}`, ` line ${at + 4}`, ` line ${at + 5}`, ` line ${at + 6}`);
    }
    const text = parts.join('\n') + '\n';
    const r = parseEdit(text);
    assert.equal(r.files[0].hunks.length, 1000);
    assert.deepEqual(r.problems, []);
    assert.equal(r.files[0].hunks[999].oldStart, 999 * 50 + 1);
  });
});

describe('parseWholeFile', () => {
  it('reads fenced blocks preceded by their paths, keeping content verbatim', () => {
    const r = parseWholeFile(['Here are the files.', '', '`src/a.py`', '```python', 'def f():', '\treturn 1', '```', '', '```ts title="src/b.ts"', 'export {};', '```', '', '```', 'no path: ignored', '```'].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.files.map((f) => [f.action, f.path, f.content]), [
      ['update', 'src/a.py', 'def f():\n\treturn 1\n'],
      ['update', 'src/b.ts', 'export {};\n'],
    ]);
  });

  it('never takes a code sample after prose that merely mentions a path as a whole file', () => {
    const r = parseWholeFile(['I changed src/a.ts.', '', 'Run `npm test` to check:', '```sh', 'npm test', '```', 'In src/b.ts the loop', '```ts', 'for (;;) {}', '```'].join('\n'));
    assert.deepEqual(r.files, []);
    const intro = parseWholeFile(['Here is the updated `src/a.ts`:', '', '```ts', 'x', '```'].join('\n'));
    assert.deepEqual(intro.files.map((f) => f.path), ['src/a.ts']);
  });

  it('reads the path from fence info strings such as ts:src/a.ts', () => {
    const r = parseWholeFile('```ts:src/a.ts\nx\n```\n```python src/b.py\ny\n```\n');
    assert.deepEqual(r.files.map((f) => f.path), ['src/a.ts', 'src/b.py']);
  });

  it('closes a fence only with a marker at least as long, so nested fences survive', () => {
    const r = parseWholeFile(['README.md', '````markdown', '# Title', '```js', 'x()', '```', '````'].join('\n'));
    assert.equal(r.files[0].content, '# Title\n```js\nx()\n```\n');
  });

  it('reports an unclosed block', () => {
    const r = parseWholeFile('a.txt\n```\nhello\n');
    assert.equal(r.files.length, 0);
    assert.deepEqual(r.problems, [{ line: 2, message: 'code block for a.txt at line 2 is not closed: expected a closing ```' }]);
  });

  it('wholeFileEdit keeps the content as given and normalises the path', () => {
    assert.deepEqual(wholeFileEdit('.\\src\\x.ts', 'a\r\nb'), { action: 'update', path: 'src/x.ts', hunks: [], content: 'a\r\nb', format: 'whole' });
  });
});
