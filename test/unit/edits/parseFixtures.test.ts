/**
 * Fixture cases under test/fixtures/parse: NNN_name.txt (model output as received) and
 * NNN_name.expected.json (what parseEdit must return). Hunk lines are written "<op><text>", with
 * "~" for a line the model wrote without a prefix (read as context, flagged unprefixed).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { createStreamingParser } from '../../../src/core/edits/parse/streamingParser';
import type { ParsedEdit } from '../../../src/core/edits/parse/parsedEdit';

const DIR = join(__dirname, '..', '..', 'fixtures', 'parse');
const FLAGS = ['oldStart', 'sectionHint', 'appendOnly', 'anchoredAtEnd', 'oldNoFinalNewline', 'newNoFinalNewline'] as const;

function compact(r: ParsedEdit): unknown {
  return {
    format: r.format,
    files: r.files.map((f) => {
      const out: Record<string, unknown> = { action: f.action, path: f.path };
      if (f.newPath !== undefined) out.newPath = f.newPath;
      if (f.content !== undefined) out.content = f.content;
      out.hunks = f.hunks.map((h) => {
        const hunk: Record<string, unknown> = {};
        for (const k of FLAGS) if (h[k] !== undefined) hunk[k] = h[k];
        hunk.lines = h.lines.map((l) => (l.unprefixed ? '~' : l.op) + l.text);
        return hunk;
      });
      return out;
    }),
    problems: r.problems,
  };
}

describe('parse fixtures (test/fixtures/parse)', () => {
  const names = readdirSync(DIR)
    .filter((n) => n.endsWith('.txt'))
    .sort();
  it('has fixtures', () => assert.ok(names.length >= 8));
  for (const name of names) {
    const base = name.slice(0, -4);
    it(base, () => {
      const text = readFileSync(join(DIR, name), 'utf8');
      const expected = JSON.parse(readFileSync(join(DIR, `${base}.expected.json`), 'utf8'));
      const r = parseEdit(text);
      assert.deepEqual(compact(r), expected);
      // The same text streamed in 7-character chunks ends the same.
      const s = createStreamingParser();
      for (let i = 0; i < text.length; i += 7) s.push(text.slice(i, i + 7));
      assert.deepEqual(s.end(), r);
    });
  }
});
