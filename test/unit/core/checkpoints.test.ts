import { strict as assert } from 'node:assert';
import { fromB64, planRevert, recordBatch } from '../../../src/core/review/checkpoints';

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

  it('plans a byte-exact restore, deleting files Forge created', () => {
    const cp = recordBatch(undefined, ids, [
      { path: 'a', before: bytes('\uFEFFold\r\n'), after: bytes('new\r\n') },
      { path: 'n', before: null, after: bytes('x') },
      { path: 'd', before: bytes('gone'), after: null },
    ], 1);
    const plan = planRevert(cp, new Map([['a', bytes('new\r\n')], ['n', bytes('x')], ['d', null]]));
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(plan.restores.map((r) => [r.path, r.bytes && new TextDecoder('utf-8', { ignoreBOM: true }).decode(r.bytes)]), [
      ['a', '\uFEFFold\r\n'],
      ['n', null],
      ['d', 'gone'],
    ]);
  });

  it('refuses a file changed after Forge wrote it', () => {
    const cp = recordBatch(undefined, ids, [{ path: 'a', before: bytes('old'), after: bytes('new') }], 1);
    const plan = planRevert(cp, new Map([['a', bytes('new, then edited by hand')]]));
    assert.equal(plan.restores.length, 0);
    assert.match(plan.conflicts[0].reason, /a changed after Forge wrote it/);
    assert.match(planRevert(cp, new Map([['a', null]])).conflicts[0].reason, /deleted after Forge wrote it/);
  });
});
