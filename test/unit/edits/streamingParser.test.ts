import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createStreamingParser } from '../../../src/core/edits/parse/streamingParser';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import type { ParsedEdit } from '../../../src/core/edits/parse/parsedEdit';

const SAMPLES: Record<string, string> = {
  unified: [
    'Here is the fix:',
    '```diff',
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1,3 +1,3 @@',
    ' one',
    '-two',
    '+TWO',
    ' three',
    '@@ -10,2 +10,3 @@',
    ' ten',
    '+eleven',
    '',
    'diff --git a/b.txt b/b.txt',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/b.txt',
    '@@ -0,0 +1 @@',
    '+hello',
    '\\ No newline at end of file',
    '```',
    'Done.',
  ].join('\r\n'),
  searchReplace: ['\uFEFFsrc/a.ts', '```ts', '<<<<<<< SEARCH', 'two', '=======', 'TWO', '>>>>>>> REPLACE', '```', '', 'src/b.ts', '<<<<<<< SEARCH', '=======', 'appended', '>>>>>>> REPLACE'].join('\n'),
  applyPatch: ['*** Begin Patch', '*** Update File: a.py', '@@ def f():', ' x', '-y', '+z', '*** End of File', '*** Add File: n.txt', '+n', '*** Delete File: gone', '*** End Patch'].join('\n'),
  whole: 'Full file:\n\nsrc/c.ts\n```ts\nexport const c = 1;\n```\n',
  none: 'nothing to see\n',
};

function streamAll(text: string, cuts: number[]): { pushes: ParsedEdit[]; final: ParsedEdit } {
  const p = createStreamingParser();
  const pushes: ParsedEdit[] = [];
  let at = 0;
  for (const c of [...cuts, text.length]) {
    pushes.push(p.push(text.slice(at, c)));
    at = c;
  }
  return { pushes, final: p.end() };
}

describe('streaming parser', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name}: end() equals parseEdit(full) for a split at every position`, () => {
      const expected = parseEdit(text);
      for (let i = 0; i <= text.length; i++) {
        const { final } = streamAll(text, [i]);
        assert.deepEqual(final, expected, `split at ${i}`);
      }
    });

    it(`${name}: end() equals parseEdit(full) when fed one character at a time`, () => {
      const cuts = Array.from({ length: text.length }, (_, i) => i);
      assert.deepEqual(streamAll(text, cuts).final, parseEdit(text));
    });
  }

  it('end() equals parseEdit(full) for random chunkings (property)', () => {
    const texts = Object.values(SAMPLES);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(fc.nat(), { maxLength: 20 }), (ti, raw) => {
        const text = texts[ti];
        const cuts = [...new Set(raw.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        assert.deepEqual(streamAll(text, cuts).final, parseEdit(text));
      }),
      { numRuns: 200 },
    );
  });

  it('reports files and complete hunks while the text is unfinished', () => {
    const text = SAMPLES.unified.replace(/\r\n/g, '\n');
    const lines = text.split('\n');
    const p = createStreamingParser();
    const upTo = (n: number) => lines.slice(0, n).join('\n') + '\n';
    let fed = 0;
    const feedTo = (n: number): ParsedEdit => {
      const chunk = upTo(n).slice(fed);
      fed += chunk.length;
      return p.push(chunk);
    };
    let r = feedTo(2);
    assert.deepEqual([r.partial, r.files.length], [true, 0]);
    r = feedTo(9); // inside the first hunk
    assert.deepEqual([r.partial, r.files.length, r.files[0].path, r.files[0].hunks.length], [true, 1, 'src/a.ts', 0]);
    r = feedTo(11); // the second @@ closes the first hunk
    assert.equal(r.files[0].hunks.length, 1);
    assert.deepEqual(r.files[0].hunks[0].lines.map((l) => l.op + l.text), [' one', '-two', '+TWO', ' three']);
    r = feedTo(15); // next file header closes the second hunk
    assert.equal(r.files[0].hunks.length, 2);
    r = feedTo(lines.length);
    assert.equal(r.partial, true);
    const end = p.end();
    assert.equal(end.partial, undefined);
    assert.deepEqual(end.files.map((f) => [f.action, f.path, f.hunks.length]), [
      ['update', 'src/a.ts', 2],
      ['add', 'b.txt', 1],
    ]);
    assert.equal(end.files[1].content, 'hello');
  });

  it('shows a SEARCH/REPLACE file as soon as its block starts, its hunk when the block ends', () => {
    const p = createStreamingParser();
    let r = p.push('src/a.ts\n<<<<<<< SEARCH\ntw');
    assert.deepEqual(r.files.map((f) => [f.path, f.hunks.length]), [['src/a.ts', 0]]);
    r = p.push('o\n=======\nTWO\n>>>>>>> REPL');
    assert.equal(r.files[0].hunks.length, 0);
    r = p.push('ACE\n');
    assert.equal(r.files[0].hunks.length, 1);
    assert.equal(r.partial, true);
    assert.equal(p.end().partial, undefined);
  });

  it('reports unfinished blocks only at end(), not while streaming', () => {
    const p = createStreamingParser();
    assert.deepEqual(p.push('a.txt\n<<<<<<< SEARCH\nx\n').problems, []);
    assert.equal(p.end().problems.length, 1);
  });

  it('push after end() changes nothing', () => {
    const p = createStreamingParser();
    p.push(SAMPLES.applyPatch);
    const end = p.end();
    assert.deepEqual(p.push('\n*** Add File: late.txt\n+x\n'), end);
    assert.deepEqual(p.end(), end);
  });

  // Its cost per push is measured by bench/editSpeed.ts (figures, not a pass/fail timing).
  it('streams a long patch in small chunks to the same result as parsing it whole', () => {
    const parts = ['--- a/big.ts', '+++ b/big.ts'];
    for (let i = 0; i < 2000; i++) parts.push(`@@ -${i * 10 + 1},3 +${i * 10 + 1},3 @@`, ` a${i}`, `-b${i}`, `+c${i}`, ` d${i}`);
    const text = parts.join('\n') + '\n';
    const p = createStreamingParser();
    let seen = 0;
    for (let i = 0; i < text.length; i += 64) {
      const snap = p.push(text.slice(i, i + 64));
      const hunks = snap.files[0]?.hunks.length ?? 0;
      assert.ok(hunks >= seen, 'complete hunks only ever grow');
      seen = hunks;
    }
    assert.deepEqual(p.end(), parseEdit(text));
    assert.equal(p.end().files[0].hunks.length, 2000);
  });
});
