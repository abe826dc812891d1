import { strict as assert } from 'node:assert';
import { parseSearchReplace } from '../../../src/core/edits/parse/parseSearchReplace';
import type { ParsedEdit } from '../../../src/core/edits/parse/parsedEdit';

const block = (search: string[], replace: string[], open = '<<<<<<< SEARCH', mid = '=======', close = '>>>>>>> REPLACE'): string[] => [
  open,
  ...search,
  mid,
  ...replace,
  close,
];
const summary = (r: ParsedEdit) => r.files.map((f) => [f.path, f.hunks.map((h) => h.lines.map((l) => l.op + l.text).join('|'))]);

describe('parseSearchReplace', () => {
  it('reads a block with the path before the fence, and one with the path inside it', () => {
    const text = [
      'I will change two files.',
      '',
      'src/app.py',
      '```python',
      ...block(['def f():', '    return 1'], ['def f():', '    return 2']),
      '```',
      '',
      '```ts',
      'lib/util.ts',
      ...block(['a'], ['b']),
      '```',
    ].join('\n');
    const r = parseSearchReplace(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(summary(r), [
      ['src/app.py', ['-def f():|-    return 1|+def f():|+    return 2']],
      ['lib/util.ts', ['-a|+b']],
    ]);
    assert.equal(r.files[0].hunks[0].line, 5);
  });

  it('finds the path written as `path`, **path**, path:, File: path, ### path, or in the fence info', () => {
    const cases: Array<[string[], string]> = [
      [['`src/a.ts`'], 'src/a.ts'],
      [['**src/a.ts**'], 'src/a.ts'],
      [['src/a.ts:'], 'src/a.ts'],
      [['File: src/a.ts'], 'src/a.ts'],
      [['### src/a.ts'], 'src/a.ts'],
      [['Path: ./src/a.ts'], 'src/a.ts'],
      [['Change the loop in `src\\a.ts`:'], 'src/a.ts'],
      [['Now edit src/a.ts:'], 'src/a.ts'],
      [['```ts src/a.ts'], 'src/a.ts'],
      [['```src/a.ts'], 'src/a.ts'],
      [['Makefile'], 'Makefile'],
      [['src/a.ts', '```'], 'src/a.ts'],
      [['src/a.ts', '', '```typescript', ''], 'src/a.ts'],
    ];
    for (const [before, path] of cases) {
      const r = parseSearchReplace([...before, ...block(['x'], ['y'])].join('\n'));
      assert.deepEqual(r.problems, [], before.join('⏎'));
      assert.equal(r.files[0]?.path, path, before.join('⏎'));
    }
  });

  it('puts several blocks for one file into one file edit, in order, and reuses the path', () => {
    const text = ['src/a.ts', ...block(['1'], ['one']), '', ...block(['2'], ['two']), 'src/b.ts', ...block(['3'], ['three']), 'src/a.ts', ...block(['4'], ['four'])].join('\n');
    const r = parseSearchReplace(text);
    assert.deepEqual(summary(r), [
      ['src/a.ts', ['-1|+one', '-2|+two', '-4|+four']],
      ['src/b.ts', ['-3|+three']],
    ]);
  });

  it('marks an empty SEARCH as appendOnly (the locator decides append or create)', () => {
    const r = parseSearchReplace(['new/file.md', ...block([], ['# Title', '', 'text'])].join('\n'));
    const h = r.files[0].hunks[0];
    assert.equal(h.appendOnly, true);
    assert.equal(r.files[0].action, 'update');
    assert.deepEqual(h.lines, [
      { op: '+', text: '# Title' },
      { op: '+', text: '' },
      { op: '+', text: 'text' },
    ]);
    const blank = parseSearchReplace(['f.txt', ...block(['   ', ''], ['x'])].join('\n'));
    assert.equal(blank.files[0].hunks[0].appendOnly, true);
  });

  it('accepts marker variants: 5 to 9 markers, ORIGINAL/UPDATED, trailing spaces', () => {
    for (const [o, m, c] of [
      ['<<<<< SEARCH', '=====', '>>>>> REPLACE'],
      ['<<<<<<<<< SEARCH', '=========', '>>>>>>>>> REPLACE'],
      ['<<<<<<< ORIGINAL', '=======', '>>>>>>> UPDATED'],
      ['<<<<<<< SEARCH  ', '=======  ', '>>>>>>> REPLACE  '],
      ['<<<<<<<SEARCH', '=======', '>>>>>>>REPLACE'],
    ]) {
      const r = parseSearchReplace(['a.txt', ...block(['x'], ['y'], o, m, c)].join('\n'));
      assert.deepEqual(r.problems, [], o);
      assert.deepEqual(summary(r), [['a.txt', ['-x|+y']]], o);
    }
  });

  it('keeps block content verbatim: indentation, tabs, fences, ---/+++ and a second =======', () => {
    const r = parseSearchReplace(['doc.md', ...block(['\tindented', '```js', '--- a', '+++ b'], ['  two', '=======', 'after'])].join('\n'));
    assert.deepEqual(r.files[0].hunks[0].lines, [
      { op: '-', text: '\tindented' },
      { op: '-', text: '```js' },
      { op: '-', text: '--- a' },
      { op: '-', text: '+++ b' },
      { op: '+', text: '  two' },
      { op: '+', text: '=======' },
      { op: '+', text: 'after' },
    ]);
  });

  it('ignores ======= outside a block', () => {
    const r = parseSearchReplace(['Title', '=======', 'a.txt', ...block(['x'], ['y'])].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(summary(r), [['a.txt', ['-x|+y']]]);
  });

  it('reports blocks without a path, without =======, and unfinished blocks, with their lines', () => {
    const noPath = parseSearchReplace(['Here:', ...block(['x'], ['y'])].join('\n'));
    assert.equal(noPath.files.length, 0);
    assert.deepEqual(noPath.problems, [{ line: 2, message: 'SEARCH/REPLACE block at line 2 names no file: expected the file path on the line before "<<<<<<< SEARCH"' }]);
    const withDefault = parseSearchReplace(block(['x'], ['y']).join('\n'), { path: 'given.py' });
    assert.deepEqual(summary(withDefault), [['given.py', ['-x|+y']]]);
    const noDivider = parseSearchReplace(['a.txt', '<<<<<<< SEARCH', 'x', '>>>>>>> REPLACE'].join('\n'));
    assert.equal(noDivider.files.length, 0);
    assert.equal(noDivider.problems[0].line, 4);
    assert.match(noDivider.problems[0].message, /expected "=======" between/);
    const unfinished = parseSearchReplace(['a.txt', '<<<<<<< SEARCH', 'x', '=======', 'y'].join('\n'));
    assert.equal(unfinished.files.length, 0);
    assert.deepEqual(unfinished.problems, [{ line: 2, message: 'SEARCH/REPLACE block at line 2 is not finished: expected ">>>>>>> REPLACE"' }]);
    const restarted = parseSearchReplace(['a.txt', '<<<<<<< SEARCH', 'x', '=======', 'y', '<<<<<<< SEARCH', 'p', '=======', 'q', '>>>>>>> REPLACE'].join('\n'));
    assert.deepEqual(summary(restarted), [['a.txt', ['-p|+q']]]);
    assert.equal(restarted.problems[0].line, 6);
  });

  it('accepts a bare <<<<<<< start only after a first proper block', () => {
    const r = parseSearchReplace(['a.txt', ...block(['x'], ['y']), ...block(['p'], ['q'], '<<<<<<<')].join('\n'));
    assert.deepEqual(summary(r), [['a.txt', ['-x|+y', '-p|+q']]]);
    const alone = parseSearchReplace(['a.txt', ...block(['x'], ['y'], '<<<<<<<')].join('\n'));
    assert.equal(alone.files.length, 0);
  });

  it("reads Cline's ------- SEARCH / +++++++ REPLACE markers", () => {
    const r = parseSearchReplace(['src/a.ts', '------- SEARCH', 'x', '=======', 'y', '+++++++ REPLACE'].join('\n'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(summary(r), [['src/a.ts', ['-x|+y']]]);
  });

  it("reads Roo's :start_line: metadata as a hint and unescapes marker lines in content", () => {
    const r = parseSearchReplace(['a.txt', '<<<<<<< SEARCH', ':start_line:42', '-------', 'x', '\\=======', '=======', 'y', '>>>>>>> REPLACE'].join('\n'));
    assert.deepEqual(summary(r), [['a.txt', ['-x|-=======|+y']]]);
    assert.equal(r.files[0].hunks[0].oldStart, 42);
    const noMeta = parseSearchReplace(['a.txt', '<<<<<<< SEARCH', '-------', 'x', '=======', 'y', '>>>>>>> REPLACE'].join('\n'));
    assert.deepEqual(summary(noMeta), [['a.txt', ['--------|-x|+y']]], 'a ------- line without metadata is content');
  });

  it('unwraps parts that are each wrapped in the same fence, but not a fenced block being deleted', () => {
    const r = parseSearchReplace(['a.ts', '<<<<<<< SEARCH', '```ts', 'x', '```', '=======', '```ts', 'y', '```', '>>>>>>> REPLACE'].join('\n'));
    assert.deepEqual(summary(r), [['a.ts', ['-x|+y']]]);
    const del = parseSearchReplace(['doc.md', '<<<<<<< SEARCH', '```ts', 'x', '```', '=======', '>>>>>>> REPLACE'].join('\n'));
    assert.deepEqual(summary(del), [['doc.md', ['-```ts|-x|-```']]]);
    const lang = parseSearchReplace(['doc.md', '<<<<<<< SEARCH', '```js', 'x', '```', '=======', '```ts', 'x', '```', '>>>>>>> REPLACE'].join('\n'));
    assert.deepEqual(summary(lang), [['doc.md', ['-```js|-x|-```|+```ts|+x|+```']]]);
  });
});
