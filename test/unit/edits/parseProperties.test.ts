import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createTwoFilesPatch } from 'diff';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { parseUnified } from '../../../src/core/edits/parse/parseUnified';
import { parseSearchReplace } from '../../../src/core/edits/parse/parseSearchReplace';
import { parseApplyPatch } from '../../../src/core/edits/parse/parseApplyPatch';
import { parseWholeFile } from '../../../src/core/edits/parse/parseWholeFile';
import { createStreamingParser } from '../../../src/core/edits/parse/streamingParser';
import type { ParsedEdit, ParsedHunk } from '../../../src/core/edits/parse/parsedEdit';

/** Lines made of characters that mean something to diff parsers (no '/', see the known gap in the report). */
const lineArb = fc
  .array(fc.constantFrom(' ', '-', '+', '@', '\\', '\t', '`', '~', '*', '<', '=', '>', 'a', 'b', 'x', '.', ':'), { maxLength: 8 })
  .map((cs) => cs.join(''));
/** File lines, with lines that look like diff syntax once prefixed ("-- a" becomes "--- a") well represented. */
const fileLineArb = fc.oneof(
  { weight: 3, arbitrary: lineArb },
  { weight: 1, arbitrary: fc.constantFrom('```', '~~~', '-- a', '++ a', '-- x', '++ y', '--', '++', '', ' ', '\\ No newline at end of file', '@@ -1 +1 @@', '=======', 'diff --git', '*** End Patch') },
);
const textArb = fc.record({ lines: fc.array(fileLineArb, { maxLength: 30 }), finalNewline: fc.boolean() }).map(({ lines, finalNewline }) =>
  lines.length === 0 ? '' : lines.join('\n') + (finalNewline ? '\n' : ''),
);

function toLines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (text.endsWith('\n')) l.pop();
  return l;
}

function assertSane(r: ParsedEdit, text: string): void {
  const lineCount = text.split('\n').length;
  for (const p of r.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount + 1, `problem line ${p.line}`);
    assert.ok(!p.message.startsWith('internal parser error'), p.message);
    assert.ok(p.message.length > 0);
  }
  for (const f of r.files) {
    assert.equal(typeof f.path, 'string');
    for (const h of f.hunks) for (const l of h.lines) assert.ok(l.op === ' ' || l.op === '-' || l.op === '+');
  }
}

function parseAllWays(text: string, cuts: number[]): void {
  for (const format of ['auto', 'unified', 'search-replace', 'apply-patch', 'whole'] as const) {
    assertSane(parseEdit(text, { format, path: 'default.txt' }), text);
  }
  assertSane(parseUnified(text), text);
  assertSane(parseSearchReplace(text), text);
  assertSane(parseApplyPatch(text), text);
  assertSane(parseWholeFile(text), text);
  const s = createStreamingParser();
  let at = 0;
  for (const c of [...cuts, text.length]) {
    if (c < at) continue;
    assertSane(s.push(text.slice(at, c)), text);
    at = c;
  }
  assert.deepEqual(s.end(), parseEdit(text));
}

const VALID = [
  '--- a/f.ts\n+++ b/f.ts\n@@ -1,3 +1,3 @@ fn\n a\n-b\n+c\n d\n\\ No newline at end of file\n',
  'diff --git a/x b/y\nsimilarity index 90%\nrename from x\nrename to y\n--- a/x\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n',
  'f.py\n```python\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n```\n',
  '*** Begin Patch\n*** Update File: a\n@@ ctx\n x\n-y\n+z\n*** End of File\n*** Add File: b\n+q\n*** End Patch\n',
  'a.txt\n```\nwhole\n```\n',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), line: fc.oneof(lineArb, fc.string(), fc.constantFrom('@@', '--- a/z', '+++ b/z', '=======', '<<<<<<< SEARCH', '*** End Patch', '```', '*** Move to: q', '\\ No newline at end of file', 'GIT binary patch', 'rename to q')) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('crlf' as const), at: fc.nat() }),
);

function mutate(text: string, ms: Array<{ kind: string; at: number; line?: string }>): string {
  let lines = text.split('\n');
  for (const m of ms) {
    const i = lines.length === 0 ? 0 : m.at % lines.length;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'dup') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'insert') lines.splice(i, 0, m.line ?? '');
    else if (m.kind === 'crlf') lines[i] = (lines[i] ?? '') + '\r';
    else lines = lines.slice(0, i);
  }
  return lines.join('\n');
}

describe('parser properties', () => {
  it('no random string crashes any parser (full unicode, lone CRs, NULs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(fc.nat({ max: 300 }), { maxLength: 5 }), (text, cuts) => {
        parseAllWays(text, cuts.sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('no random line soup of diff-ish characters crashes any parser', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(lineArb, fc.constantFrom('@@ -1,2 +1 @@', '--- a', '+++ b', '*** Update File: q', '<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE', '```', 'diff --git a/q b/q')), { maxLength: 40 }), (lines) => {
        parseAllWays(lines.join('\n'), [3, 17]);
      }),
      { numRuns: 300 },
    );
  });

  it('no random mutation of a valid edit crashes any parser', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat({ max: 200 }), { maxLength: 4 }), (text, ms, cuts) => {
        parseAllWays(mutate(text, ms), cuts.sort((a, b) => a - b));
      }),
      { numRuns: 400 },
    );
  });

  it('a jsdiff patch of two random texts parses back: one hunk whose sides are the two texts', () => {
    fc.assert(
      fc.property(textArb, textArb, (oldText, newText) => {
        fc.pre(oldText !== newText);
        const patch = createTwoFilesPatch('f.txt', 'f.txt', oldText, newText, undefined, undefined, { context: Number.MAX_SAFE_INTEGER });
        const r = parseEdit(patch);
        assert.deepEqual(r.problems, []);
        assert.equal(r.format, 'unified');
        assert.equal(r.files.length, 1);
        const f = r.files[0];
        assert.equal(f.path, 'f.txt');
        assert.equal(f.hunks.length, 1);
        const h = f.hunks[0];
        assert.deepEqual(h.lines.filter((l) => l.op !== '+').map((l) => l.text), toLines(oldText));
        assert.deepEqual(h.lines.filter((l) => l.op !== '-').map((l) => l.text), toLines(newText));
        assert.equal(h.oldNoFinalNewline === true, oldText !== '' && !oldText.endsWith('\n'));
        assert.equal(h.newNoFinalNewline === true, newText !== '' && !newText.endsWith('\n'));
      }),
      { numRuns: 400 },
    );
  });

  it('a jsdiff patch with normal context parses into hunks that rebuild the new text from the old', () => {
    fc.assert(
      fc.property(textArb, textArb, fc.integer({ min: 0, max: 4 }), (oldText, newText, context) => {
        fc.pre(oldText !== newText);
        const patch = createTwoFilesPatch('f.txt', 'f.txt', oldText, newText, undefined, undefined, { context });
        const r = parseEdit(patch);
        assert.deepEqual(r.problems, []);
        const oldLines = toLines(oldText);
        const out: string[] = [];
        let cursor = 0;
        for (const h of r.files[0].hunks as ParsedHunk[]) {
          const oldSide = h.lines.filter((l) => l.op !== '+').map((l) => l.text);
          const start = (h.oldStart ?? 1) - 1;
          assert.deepEqual(oldLines.slice(start, start + oldSide.length), oldSide, 'old side is where the header says');
          assert.ok(start >= cursor, 'hunks in order, not overlapping');
          out.push(...oldLines.slice(cursor, start), ...h.lines.filter((l) => l.op !== '-').map((l) => l.text));
          cursor = start + oldSide.length;
        }
        out.push(...oldLines.slice(cursor));
        assert.deepEqual(out, toLines(newText));
      }),
      { numRuns: 400 },
    );
  });

  it('random apply_patch edits round-trip (any file content, including marker-like lines)', () => {
    const chunkArb = fc.record({
      hint: fc.option(fc.constantFrom('def f():', 'class A:', '  fn x() {'), { nil: undefined }),
      lines: fc.array(fc.record({ op: fc.constantFrom(' ', '-', '+'), text: fileLineArb }), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(fc.array(chunkArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (chunks, wrap) => {
        fc.pre(chunks.every((c) => c.lines.some((l) => l.op !== ' ') && c.lines[c.lines.length - 1].text !== '' && c.lines[0].text !== ''));
        const body = ['*** Update File: src/x.py'];
        chunks.forEach((c, i) => {
          if (c.hint !== undefined || i > 0) body.push(c.hint === undefined ? '@@' : `@@ ${c.hint}`);
          for (const l of c.lines) body.push(l.op + l.text);
        });
        const text = wrap ? ['*** Begin Patch', ...body, '*** End Patch'].join('\n') : body.join('\n');
        const r = parseEdit(text);
        assert.deepEqual(r.problems, []);
        assert.equal(r.format, 'apply-patch');
        assert.equal(r.files.length, 1);
        assert.deepEqual(
          r.files[0].hunks.map((h) => ({ hint: h.sectionHint, lines: h.lines.map((l) => ({ op: l.op, text: l.text })) })),
          chunks.map((c) => ({ hint: c.hint, lines: c.lines.map((l) => ({ op: l.op, text: l.text })) })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('random SEARCH/REPLACE blocks round-trip (content lines that are not markers)', () => {
    const contentLine = fileLineArb.filter((l) => !/^\s*(?:<{5,9}|={5,9}|>{5,9}|-{3,9}\s*SEARCH|\+{3,9}\s*REPLACE|:start_line:|:end_line:|\\)/i.test(l));
    const blockArb = fc.record({
      path: fc.constantFrom('src/a.ts', 'lib/b.py', 'c.md'),
      search: fc.array(contentLine, { maxLength: 6 }),
      replace: fc.array(contentLine, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(blockArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (blocks, fence) => {
        fc.pre(blocks.every((b) => b.search.length === 0 || b.search.some((l) => l.trim() !== '')));
        fc.pre(blocks.every((b) => !(b.search.length > 0 && /^ {0,3}(`{3,}|~{3,})/.test(b.search[0]))));
        const parts: string[] = ['Here are the edits.', ''];
        for (const b of blocks) {
          parts.push(b.path);
          if (fence) parts.push('```');
          parts.push('<<<<<<< SEARCH', ...b.search, '=======', ...b.replace, '>>>>>>> REPLACE');
          if (fence) parts.push('```');
          parts.push('');
        }
        const r = parseEdit(parts.join('\n'));
        assert.deepEqual(r.problems, []);
        assert.equal(r.format, 'search-replace');
        const expected = new Map<string, string[][]>();
        for (const b of blocks) {
          const list = expected.get(b.path) ?? [];
          list.push([...b.search.map((t) => '-' + t), ...b.replace.map((t) => '+' + t)]);
          expected.set(b.path, list);
        }
        assert.deepEqual(
          r.files.map((f) => [f.path, f.hunks.map((h) => h.lines.map((l) => l.op + l.text))]),
          [...expected.entries()],
        );
        for (const f of r.files) for (const [i, h] of f.hunks.entries()) assert.equal(h.appendOnly === true, expected.get(f.path)![i].every((l) => l[0] === '+'));
      }),
      { numRuns: 300 },
    );
  });
});
