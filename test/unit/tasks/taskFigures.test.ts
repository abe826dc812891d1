import { strict as assert } from 'node:assert';
import { CHECK_TAIL_LINES, checkSummary, followRun, formatCost, formatTokens, totalTokens } from '../../../src/core/tasks/taskFigures';
import type { WorktreeTaskRecord } from '../../../src/core/tasks/worktreeTaskList';

describe('worktree task figures', () => {
  it('formats tokens and cost short', () => {
    assert.equal(formatTokens(950), '950');
    assert.equal(formatTokens(1_250), '1.3k');
    assert.equal(formatTokens(12_345), '12k');
    assert.equal(formatTokens(4_500_000), '4.5M');
    assert.equal(formatCost(0.00421), '$0.0042');
    assert.equal(formatCost(3.4), '$3.40');
    assert.equal(formatCost(null), undefined);
    assert.equal(formatCost(undefined), undefined);
    assert.equal(totalTokens({}), undefined);
    assert.equal(totalTokens({ tokensIn: 900, tokensOut: 20 }), 920);
  });

  it('takes steps, tokens and cost from the agent events into the record', () => {
    const r = { id: 't', title: 't', state: 'running', startedAt: 0, repo: '/r', branch: 'forge/t' } as WorktreeTaskRecord;
    assert.equal(followRun(r, { type: 'step', step: 3, maxSteps: 100 }), true);
    assert.equal(r.steps, 3);
    const total = { promptTokens: 1200, completionTokens: 80, costUsd: 0.002, requests: 2 };
    assert.equal(followRun(r, { type: 'usage', request: total, total, contextTokens: 0, contextWindow: 0, contextFill: 0 } as never), true);
    assert.deepEqual([r.tokensIn, r.tokensOut, r.costUsd], [1200, 80, 0.002]);
    assert.equal(followRun(r, { type: 'text', delta: 'x' } as never), false);
  });

  it('keeps the last check run with the end of its output (check before done)', () => {
    const r = { id: 't', title: 't', state: 'running', startedAt: 0, repo: '/r', branch: 'forge/t' } as WorktreeTaskRecord;
    const out = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    const failed = { passed: false, exitCode: 1, outputTail: `${out}\n\n`, durationMs: 10, command: 'npm test', attempt: 1, at: 0 };
    assert.equal(followRun(r, { type: 'check', result: failed, sentBack: true }), true);
    assert.deepEqual({ ...r.check, outputTail: undefined }, { command: 'npm test', passed: false, exitCode: 1, attempt: 1, outputTail: undefined });
    assert.equal(r.check!.outputTail.split('\n').length, CHECK_TAIL_LINES);
    assert.match(r.check!.outputTail, /^line 31\n[\s\S]*line 50$/);
    followRun(r, { type: 'check', result: { ...failed, passed: true, exitCode: 0, outputTail: 'ok', attempt: 2 }, sentBack: false });
    assert.deepEqual(r.check, { command: 'npm test', passed: true, exitCode: 0, attempt: 2, outputTail: 'ok' });
    assert.equal(checkSummary(r.check!), 'check `npm test` passed');
    assert.equal(checkSummary({ ...r.check!, passed: false, exitCode: null }), 'check `npm test` failed (killed)');
  });
});
