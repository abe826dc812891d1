import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { diffLines } from '../../../src/core/edits/changeSet/lineDiff';
import { diffArrays } from 'diff';

describe('diffLines', () => {
  it('reconstructs both sides and is minimal like jsdiff', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', '', '  x');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const ops = diffLines(a, b);
        assert.deepEqual(ops.filter((o) => o.op !== '+').map((o) => o.text), a);
        assert.deepEqual(ops.filter((o) => o.op !== '-').map((o) => o.text), b);
        const changed = ops.filter((o) => o.op !== ' ').length;
        const ref = diffArrays(a, b).filter((p) => p.added || p.removed).reduce((n, p) => n + p.count!, 0);
        assert.equal(changed, ref);
      }),
      { numRuns: 500 },
    );
  });
  it('handles empty sides', () => {
    assert.deepEqual(diffLines([], ['x']), [{ op: '+', text: 'x' }]);
    assert.deepEqual(diffLines(['x'], []), [{ op: '-', text: 'x' }]);
    assert.deepEqual(diffLines([], []), []);
  });
});
