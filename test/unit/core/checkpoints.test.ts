import { strict as assert } from 'node:assert';
import { fromB64, recordBatch } from '../../../src/core/review/checkpoints';
import { markReverted, planReverts, revertNote, revertState } from '../../../src/core/review/revertPlan';

const bytes = (s: string) => new TextEncoder().encode(s);
const ids = { changeSetId: 'cs', title: 'T' };

describe('checkpoints', () => {
  it('keeps the first before and the last after across batches', () => {
    let cp = recordBatch(undefined, ids, [{ path: 'a', before: bytes('v1'), after: bytes('v2') }], 1);
    cp = recordBatch(cp, ids, [{ path: 'a', before: bytes('v2'), after: bytes('v3') }, { path: 'n', before: null, after: bytes('new') }], 2);
    assert.deepEqual(fromB64(cp.files[0].before), bytes('v1'));
    assert.deepEqual(fromB64(cp.files[0].after), bytes('v3'));
    assert.equal(cp.files[1].before, null);
    assert.equal(cp.createdAt, 1);
    assert.equal(cp.updatedAt, 2);
  });

  it('plans a byte-exact restore, deleting files Forge created and recreating ones it deleted', () => {
    const cp = recordBatch(undefined, ids, [
      { path: 'a', before: bytes('\uFEFFold\r\n'), after: bytes('new\r\n') },
      { path: 'n', before: null, after: bytes('x') },
      { path: 'd', before: bytes('gone'), after: null },
    ], 1);
    const plan = planReverts(cp, new Map([['a', bytes('new\r\n')], ['n', bytes('x')], ['d', null]]), 'revert');
    assert.deepEqual(plan.map((r) => r.conflicts.length), [0, 0, 0]);
    assert.deepEqual(plan.map((r) => [r.path, r.next]), [['a', '\uFEFFold\r\n'], ['n', null], ['d', 'gone']]);
    const done = markReverted(cp, plan, 'revert', 2);
    assert.equal(revertState(done), 'reverted');
    assert.deepEqual(planReverts(done, new Map(), 'revert'), [], 'nothing is left to revert');
    const again = planReverts(done, new Map([['a', bytes('\uFEFFold\r\n')], ['n', null], ['d', bytes('gone')]]), 'reapply');
    assert.deepEqual(again.map((r) => [r.path, r.next]), [['a', 'new\r\n'], ['n', 'x'], ['d', null]]);
  });

  it('reverts per hunk around the engineer\'s own edit and tells the model which hunks moved', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nB\nc\nd\ne\nF\ng\n';
    const cp = recordBatch(undefined, ids, [{ path: 'src/x.ts', before: bytes(before), after: bytes(after) }], 1);
    const now = new Map([['src/x.ts', bytes('a\nB\nc\nd\ne\nF!\ng\n')]]);
    const [r] = planReverts(cp, now, 'revert');
    assert.equal(r.next, 'a\nb\nc\nd\ne\nF!\ng\n');
    assert.deepEqual(r.applied.map((h) => h.index), [0]);
    assert.deepEqual(r.conflicts.map((h) => h.index), [1]);
    assert.equal(r.proposal, 'a\nb\nc\nd\ne\nf\ng\n');
    const note = revertNote('T', [r], 'revert');
    assert.match(note, /src\/x\.ts: hunk 1 \(line 2 of Forge's text: "B"\) removed/);
    assert.match(note, /hunk 2 \(line 6 of Forge's text: "F"\) left as the user has it/);
    const cp2 = markReverted(cp, [r], 'revert', 2);
    assert.equal(revertState(cp2), 'partly reverted');
    // Only hunk 2 is left; hunk 1 can be reapplied alone.
    const [re] = planReverts(cp2, new Map([['src/x.ts', bytes(r.next!)]]), 'reapply', { path: 'src/x.ts', hunk: 0 });
    assert.equal(re.next, 'a\nB\nc\nd\ne\nF!\ng\n');
  });

  it('moves a file that is not UTF-8 text only as a whole', () => {
    const cp = recordBatch(undefined, ids, [{ path: 'bin', before: new Uint8Array([0xff, 1]), after: new Uint8Array([0xff, 2]) }], 1);
    const [r] = planReverts(cp, new Map([['bin', new Uint8Array([0xff, 2])]]), 'revert');
    assert.match(r.problem!, /not UTF-8 text/);
  });
});
