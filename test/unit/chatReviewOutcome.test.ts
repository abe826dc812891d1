import { strict as assert } from 'node:assert';
import { buildChangeSet } from '../../src/core/edits/buildChangeSet';
import { parseEdit } from '../../src/core/edits/parseEdit';
import { ReviewSession } from '../../src/core/review/reviewSession';
import { CLOSED_WITHOUT_DECIDING, closedOutcome } from '../../src/vscode/agent/closedOutcome';

const BASE = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n';
const EDIT = '--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -11,2 +11,2 @@\n k\n-l\n+L\n';

function session(): ReviewSession {
  const bases = new Map([['x.txt', BASE]]);
  const built = buildChangeSet(parseEdit(EDIT), bases, { id: 'cs1' });
  assert.ok(built.ok, 'the edit applies');
  assert.equal(built.changeSet.files[0]!.hunks.length, 2);
  return new ReviewSession(built.changeSet, bases);
}

describe('chat: the outcome of a closed review panel', () => {
  it('pending hunks count as rejected "closed without deciding"; decided ones keep their decision; the pending copy is forgotten', async () => {
    const s = session();
    s.decide('x.txt', 0, { kind: 'accept' });
    const forgotten: string[] = [];
    const o = await closedOutcome(s, async (id) => void forgotten.push(id));
    assert.equal(o.completed, true);
    assert.deepEqual(o.files[0]!.decisions, [
      { hunkIndex: 0, decision: { kind: 'accept' }, reason: undefined },
      { hunkIndex: 1, decision: { kind: 'reject' }, reason: CLOSED_WITHOUT_DECIDING },
    ]);
    assert.deepEqual(forgotten, ['cs1']);
  });

  it('a panel closed with no decision at all is not a completed review', async () => {
    const o = await closedOutcome(session(), async () => undefined);
    assert.equal(o.completed, false);
    assert.ok(o.files[0]!.decisions.every((d) => d.decision.kind === 'reject' && d.reason === CLOSED_WITHOUT_DECIDING));
  });

  it('a fully decided review (Done, or every hunk) keeps the reasons the user gave and forgets nothing', async () => {
    const s = session();
    s.decide('x.txt', 0, { kind: 'reject' }, 'keep lowercase');
    s.decide('x.txt', 1, { kind: 'accept' });
    const forgotten: string[] = [];
    const o = await closedOutcome(s, async (id) => void forgotten.push(id));
    assert.equal(o.completed, true);
    assert.equal(o.files[0]!.decisions[0]!.reason, 'keep lowercase');
    assert.deepEqual(forgotten, []);
  });
});
