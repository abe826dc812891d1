/**
 * Properties of the edit engine (fast-check):
 *  - any valid unified diff made by jsdiff from a random base to a random edit applies to exactly
 *    the new text, byte for byte;
 *  - shuffling the hunks of that diff gives the same result;
 *  - random garbage never throws, and whatever is located replaces exactly the base lines it claims.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createTwoFilesPatch } from 'diff';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import type { ParsedEdit } from '../../../src/core/edits/parse/parsedEdit';
import { parseText, renderFile } from '../../../src/core/edits/changeSet/textDoc';

const LINE: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'foo()', '  bar = 1', '', 'x y z', '\treturn x;', '}', 'const q = "s";');

const textArb = fc
  .record({ lines: fc.array(LINE, { maxLength: 40 }), finalNewline: fc.boolean() })
  .map(({ lines, finalNewline }) => (lines.length === 0 ? '' : lines.join('\n') + (finalNewline ? '\n' : '')));

/** A base and an edited version made of random insertions, deletions and replacements. */
const pairArb = fc
  .record({
    base: fc.array(LINE, { minLength: 1, maxLength: 60 }),
    ops: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('ins', 'del', 'rep'), line: LINE }), { maxLength: 8 }),
    baseFinal: fc.boolean(),
    newFinal: fc.boolean(),
  })
  .map(({ base, ops, baseFinal, newFinal }) => {
    const next: string[] = [...base];
    for (const op of ops) {
      const i = op.at % (next.length + 1);
      if (op.kind === 'ins') next.splice(i, 0, `new ${op.line}`);
      else if (next.length > 0 && i < next.length) {
        if (op.kind === 'del') next.splice(i, 1);
        else next[i] = `changed ${op.line}`;
      }
    }
    const join = (ls: string[], fin: boolean) => (ls.length === 0 ? '' : ls.join('\n') + (fin ? '\n' : ''));
    return { before: join(base, baseFinal), after: join(next, newFinal || next.length === 0) };
  })
  .filter(({ before, after }) => before !== after);

function apply(patch: string, before: string): { ok: boolean; text: string | null; why: string } {
  const parsed = parseEdit(patch, { format: 'unified' });
  const built = buildChangeSet(parsed, new Map([['f.txt', before]]));
  if (!built.ok) return { ok: false, text: null, why: JSON.stringify(built.refusals) };
  const f = built.changeSet.files[0];
  return { ok: true, text: renderFile(before, f), why: '' };
}

function splitHunks(patch: string): { header: string; hunks: string[] } {
  const lines = patch.split('\n');
  const first = lines.findIndex((l) => l.startsWith('@@'));
  const header = lines.slice(0, first).join('\n') + '\n';
  const hunks: string[] = [];
  let cur: string[] = [];
  for (const l of lines.slice(first)) {
    if (l.startsWith('@@') && cur.length) {
      hunks.push(cur.join('\n') + '\n');
      cur = [];
    }
    if (l !== '' || cur.length) cur.push(l);
  }
  if (cur.length) hunks.push(cur.filter((l, i, a) => i < a.length - 1 || l !== '').join('\n') + '\n');
  return { header, hunks };
}

describe('edit engine properties', function () {
  this.timeout(60_000);

  it('a valid jsdiff patch applies to exactly the new text', () => {
    fc.assert(
      fc.property(pairArb, ({ before, after }) => {
        const patch = createTwoFilesPatch('f.txt', 'f.txt', before, after);
        const r = apply(patch, before);
        assert.ok(r.ok, `refused: ${r.why}\n${patch}`);
        assert.equal(r.text, after);
      }),
      { numRuns: 300 },
    );
  });

  it('the same patch with fewer context lines still applies exactly', () => {
    fc.assert(
      fc.property(pairArb, fc.integer({ min: 1, max: 2 }), ({ before, after }, context) => {
        const patch = createTwoFilesPatch('f.txt', 'f.txt', before, after, undefined, undefined, { context });
        const r = apply(patch, before);
        // With little context a hunk may be ambiguous and refused, but never applied wrongly.
        if (r.ok) assert.equal(r.text, after);
      }),
      { numRuns: 200 },
    );
  });

  it('shuffled hunk order gives the same result', () => {
    fc.assert(
      fc.property(pairArb, fc.integer(), ({ before, after }, seed) => {
        const patch = createTwoFilesPatch('f.txt', 'f.txt', before, after, undefined, undefined, { context: 2 });
        const { header, hunks } = splitHunks(patch);
        const shuffled = [...hunks];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const inOrder = apply(header + hunks.join(''), before);
        const out = apply(header + shuffled.join(''), before);
        assert.equal(out.ok, inOrder.ok, `${out.why} / ${inOrder.why}`);
        assert.equal(out.text, inOrder.text);
        if (inOrder.ok) assert.equal(inOrder.text, after);
      }),
      { numRuns: 200 },
    );
  });

  it('random text never throws and never claims lines the base does not have', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), textArb, (garbage, base) => {
        for (const format of ['auto', 'unified', 'search-replace', 'apply-patch'] as const) {
          const parsed = parseEdit(garbage, { format });
          const bases = new Map<string, string | null>(parsed.files.flatMap((f) => [[f.path, base] as [string, string]]));
          checkInvariants(parsed, bases);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random hunks against random files never throw, and located hunks match the base exactly', () => {
    const hunkArb = fc.record({
      oldStart: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      lines: fc.array(fc.record({ op: fc.constantFrom(' ', '-', '+') as fc.Arbitrary<' ' | '-' | '+'>, text: fc.oneof(LINE, fc.string({ maxLength: 12 })) }), {
        maxLength: 12,
      }),
      appendOnly: fc.boolean(),
      anchoredAtEnd: fc.boolean(),
    });
    fc.assert(
      fc.property(textArb, fc.array(hunkArb, { maxLength: 5 }), (base, hunks) => {
        const parsed: ParsedEdit = { format: 'unified', problems: [], files: [{ action: 'update', path: 'f.txt', hunks, format: 'unified' }] };
        checkInvariants(parsed, new Map([['f.txt', base]]));
      }),
      { numRuns: 500 },
    );
  });
});

function checkInvariants(parsed: ParsedEdit, bases: Map<string, string | null>): void {
  const built = buildChangeSet(parsed, bases);
  for (const f of built.changeSet.files) {
    const base = bases.get(f.path) ?? null;
    const lines = parseText(base ?? '').lines;
    const sorted = [...f.hunks].sort((a, b) => a.baseStart - b.baseStart);
    let end = 0;
    for (const h of sorted) {
      assert.ok(h.baseStart >= end, 'hunks do not overlap');
      assert.deepEqual(h.oldLines, lines.slice(h.baseStart, h.baseStart + h.oldLines.length), 'old lines are the base lines');
      end = h.baseStart + h.oldLines.length;
    }
    renderFile(base, f);
  }
}
