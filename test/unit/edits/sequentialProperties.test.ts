/**
 * Blocks written in sequence (fast-check): a random sequence of SEARCH/REPLACE blocks (or
 * apply_patch chunks), each cut from the text the previous ones produce, gives - when it applies -
 * exactly the sequential result, never a different text (each block matches one place in the text
 * it is cut from, so that result is well defined). Enough of the sequences that need the
 * sequential reading (a block searching text an earlier one wrote) must apply for this to mean
 * something.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';

const WORD = fc.constantFrom('alpha()', 'beta = 2', 'gamma', '}', '', '  return x;', 'if (a) {', 'delta');

const blockArb = fc.record({
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 4 }),
  ops: fc.array(fc.record({ kind: fc.constantFrom('keep', 'keep', 'change', 'drop', 'insert'), word: WORD }), { minLength: 1, maxLength: 6 }),
});

interface Block {
  search: string[];
  replace: string[];
  /** The lines before and after the searched ones in the text at that point (apply_patch context). */
  before: string[];
  after: string[];
}

/** The blocks, each taken from the text after the previous ones, and that final text. */
const scenarioArb = fc
  .record({
    base: fc.array(fc.tuple(fc.boolean(), WORD), { minLength: 3, maxLength: 25 }),
    blocks: fc.array(blockArb, { minLength: 2, maxLength: 5 }),
  })
  .map(({ base, blocks }) => {
    const baseLines = base.map(([unique, w], i) => (unique ? `line ${i}` : w));
    let cur = [...baseLines];
    const out: Block[] = [];
    let fresh = 0;
    for (const b of blocks) {
      if (cur.length === 0) break;
      const start = b.at % cur.length;
      const search = cur.slice(start, start + b.len);
      // A block must single out one place in the text it is written against, or no result is "the" result.
      if (search.every((l) => l.trim() === '') || occurrences(cur, search) !== 1) continue;
      const replace: string[] = [];
      let k = 0;
      for (const op of b.ops) {
        if (op.kind === 'insert') replace.push(`new ${fresh++} ${op.word}`);
        else if (k < search.length) {
          if (op.kind === 'keep') replace.push(search[k]);
          else if (op.kind === 'change') replace.push(`changed ${fresh++} ${op.word}`);
          k++;
        }
      }
      for (; k < search.length; k++) replace.push(search[k]);
      out.push({ search, replace, before: cur.slice(Math.max(0, start - 2), start), after: cur.slice(start + search.length, start + search.length + 2) });
      cur = [...cur.slice(0, start), ...replace, ...cur.slice(start + search.length)];
    }
    return { base: baseLines.join('\n') + '\n', blocks: out, expected: cur.length ? cur.join('\n') + '\n' : '' };
  })
  .filter(({ blocks }) => blocks.length >= 2);

function occurrences(lines: readonly string[], run: readonly string[]): number {
  let count = 0;
  for (let s = 0; s + run.length <= lines.length; s++) if (run.every((l, j) => lines[s + j] === l)) count++;
  return count;
}

function searchReplace(blocks: readonly Block[]): string {
  return blocks.map((b) => ['f.txt', '<<<<<<< SEARCH', ...b.search, '=======', ...b.replace, '>>>>>>> REPLACE', ''].join('\n')).join('\n');
}

function applyPatch(blocks: readonly Block[]): string {
  const chunks = blocks.map((b) => ['@@', ...b.before.map((l) => ` ${l}`), ...b.search.map((l) => `-${l}`), ...b.replace.map((l) => `+${l}`), ...b.after.map((l) => ` ${l}`)].join('\n'));
  return ['*** Begin Patch', '*** Update File: f.txt', ...chunks, '*** End Patch', ''].join('\n');
}

/** Whether some block's old side is not in the original text: only the sequential reading places it. */
function needsSequence(base: string, blocks: readonly Block[]): boolean {
  return blocks.some((b) => !`\n${base}`.includes(`\n${b.search.join('\n')}\n`));
}

function check(format: 'search-replace' | 'apply-patch', write: (b: readonly Block[]) => string) {
  let sequentialApplied = 0;
  let applied = 0;
  fc.assert(
    fc.property(scenarioArb, ({ base, blocks, expected }) => {
      const edit = write(blocks);
      const built = buildChangeSet(parseEdit(edit, { format }), new Map([['f.txt', base]]));
      if (!built.ok) return;
      applied++;
      const f = built.changeSet.files[0];
      const text = f ? renderFile(base, f) : base;
      assert.equal(text, expected, `the sequential result\n${edit}`);
      // The change set's invariants: sorted, non-overlapping hunks whose old lines are the base's.
      const lines = base.split('\n');
      let end = 0;
      for (const h of f?.hunks ?? []) {
        assert.ok(h.baseStart >= end, 'hunks sorted and non-overlapping');
        assert.deepEqual(h.oldLines, lines.slice(h.baseStart, h.baseStart + h.oldLines.length));
        end = h.baseStart + h.oldLines.length;
      }
      if (needsSequence(base, blocks)) sequentialApplied++;
    }),
    { numRuns: 400 },
  );
  if (process.env.SEQDEBUG) console.log(format, applied, sequentialApplied);
  assert.ok(applied >= 100, `only ${applied} of 400 sequences applied`);
  assert.ok(sequentialApplied >= 20, `only ${sequentialApplied} sequences that need the sequential reading applied`);
}

describe('edit engine: blocks written in sequence', function () {
  this.timeout(60_000);

  it('SEARCH/REPLACE blocks cut from the text after the previous ones apply to exactly the sequential result', () => {
    check('search-replace', searchReplace);
  });

  it('apply_patch chunks cut from the text after the previous ones apply to exactly the sequential result', () => {
    check('apply-patch', applyPatch);
  });
});
