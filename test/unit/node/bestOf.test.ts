/** The host-neutral best-of-N adapter (src/node/worktrees/bestOf.ts) on real git repositories in temp folders. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentEvent } from '../../../src/core/agent/events';
import { createCandidateWorktrees, discardCandidates, listTaskWorktrees, preferenceCandidate, runCandidates } from '../../../src/node/worktrees';
import { GREET, makeRepo, sh } from '../../support/gitRepo';

describe('best of N worktrees', function () {
  this.timeout(30_000);
  let repo: string;
  beforeEach(() => { repo = makeRepo(); });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));
  const specs = (...ids: string[]) => ids.map((id) => ({ id, endpoint: `ep-${id}`, model: 'm' }));

  it('makes one worktree per candidate from one commit, all or nothing', async () => {
    const head = sh(repo, 'rev-parse', 'HEAD').trim();
    const cands = await createCandidateWorktrees({ folder: repo, groupId: 'bo-t1', specs: specs('c1', 'c2') });
    assert.deepEqual(cands.map((c) => [c.wt.taskId, c.wt.branch, c.wt.baseCommit]), [['bo-t1-c1', 'forge/bo-t1-c1', head], ['bo-t1-c2', 'forge/bo-t1-c2', head]]);
    assert.deepEqual((await listTaskWorktrees(repo)).map((w) => w.taskId), ['bo-t1-c1', 'bo-t1-c2']);
    await discardCandidates(cands.map((c) => c.wt));
    // The second candidate cannot be made (its id cannot name a branch): the first goes again.
    await assert.rejects(createCandidateWorktrees({ folder: repo, groupId: 'bo-t2', specs: specs('c1', 'c 2') }), /cannot name a task branch/);
    assert.deepEqual(await listTaskWorktrees(repo), []);
    assert.equal(sh(repo, 'branch', '--list', 'forge/*'), '');
    await assert.rejects(createCandidateWorktrees({ folder: repo, groupId: 'bo-t3', specs: specs('c1', 'c1') }), /its own id/);
  });

  it('runs the candidates at once; one that throws is failed, the others are measured', async () => {
    const cands = await createCandidateWorktrees({ folder: repo, groupId: 'bo-t4', specs: specs('c1', 'c2') });
    let t = 1000;
    let running = 0;
    let together = 0;
    const results = await runCandidates(cands, async function* (c): AsyncIterable<AgentEvent> {
      running++;
      await new Promise((r) => setTimeout(r, 30));
      together = Math.max(together, running);
      running--;
      if (c.spec.id === 'c2') throw new Error('endpoint gone');
      fs.writeFileSync(path.join(c.wt.path, 'greet.js'), GREET.replace('hi', 'hello'));
      yield { type: 'usage', request: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, totalTokens: 15, costUsd: 0.5 } as never, total: { requests: 1, estimatedRequests: 0, promptTokens: 10, completionTokens: 5, cachedTokens: 0, totalTokens: 15, costUsd: 0.5 }, contextTokens: 0, contextWindow: 1, contextFill: 0 };
      yield { type: 'check', result: { passed: true, exitCode: 0, outputTail: '', durationMs: 1, command: 'true', attempt: 1, at: 0 }, sentBack: false };
      yield { type: 'finished', summary: 'said hello' };
    }, { now: () => (t += 500) });
    assert.equal(together, 2, 'both ran at once');
    const [a, b] = results.map(preferenceCandidate).map((c) => {
      assert.ok(c.durationMs > 0 && c.durationMs % 500 === 0, 'timed by the clock given');
      return { ...c, durationMs: 0 };
    });
    assert.deepEqual(a, { id: 'c1', endpoint: 'ep-c1', model: 'm', changeSetId: 'bo-t4-c1-worktree', files: 1, linesAdded: 1, linesRemoved: 1, check: 'passed', costUsd: 0.5, tokens: 15, durationMs: 0, outcome: 'done' });
    assert.deepEqual(b, { id: 'c2', endpoint: 'ep-c2', model: 'm', changeSetId: null, files: 0, linesAdded: 0, linesRemoved: 0, check: 'none', costUsd: null, tokens: null, durationMs: 0, outcome: 'failed' });
    assert.equal(results[1]!.stats.message, 'endpoint gone');
    // Without force, a candidate with unreviewed work stays (the discard rule).
    const gone = await discardCandidates(cands.map((c) => c.wt), { force: false });
    assert.deepEqual(gone.removed, ['bo-t4-c2']);
    assert.match(gone.kept[0]!.why, /unreviewed work/);
    await discardCandidates([cands[0]!.wt]);
    assert.deepEqual(await listTaskWorktrees(repo), []);
  });
});
