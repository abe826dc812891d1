import { strict as assert } from 'node:assert';
import { changeSetFromTexts } from '../../../src/core/edits/changeSet/textChanges';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';
import { candidateEndpoints, candidateLetter, restoreGroups, type BestOfGroup } from '../../../src/core/tasks/bestOfGroup';
import { preferenceInput } from '../../../src/core/tasks/bestOfPreference';
import { takenHunks } from '../../../src/core/tasks/hunkPicks';
import { combineHunks } from '../../../src/core/edits/changeSet/combineHunks';
import { buildPreferenceRecord, preferenceRecordSchema } from '../../../src/core/usage/preferenceRecord';
import { parseDecisionLog } from '../../../src/core/usage/decisionRecord';
import { compareView } from '../../../src/vscode/tasks/compareView';
import { parseCompareHostMessage, parseCompareWebviewMessage } from '../../../src/protocol/compare';

const BASE = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', ''].join('\n');
const edit = (id: string, from: string, to: string) => changeSetFromTexts(id, id, [{ path: 'n.txt', before: BASE, after: BASE.replace(from, to) }]).changeSet;
const A = changeSetFromTexts('a', 'a', [{ path: 'n.txt', before: BASE, after: BASE.replace('two', 'TWO').replace('six', 'SIX') }, { path: 'new.txt', before: null, after: 'hello\n' }]).changeSet;
const B = edit('b', 'two', 'deux');
const C = edit('c', 'four', 'FOUR');
const sets = [{ candidateId: 'A', changeSet: A }, { candidateId: 'B', changeSet: B }, { candidateId: 'C', changeSet: C }];

describe('best of N: candidates, hunk picks, preference input', () => {
  it('asks for two or more endpoints, or one and 2..8 samples', () => {
    assert.deepEqual(candidateEndpoints(['x', 'y', 'z']), { ok: true, endpoints: ['x', 'y', 'z'] });
    assert.deepEqual(candidateEndpoints(['x'], 3), { ok: true, endpoints: ['x', 'x', 'x'] });
    assert.equal(candidateEndpoints(['x']).ok, false);
    assert.equal(candidateEndpoints(['x'], 1).ok, false);
    assert.equal(candidateEndpoints(['x'], 9).ok, false);
    assert.equal(candidateEndpoints(['x', 'y'], 3).ok, false);
    assert.deepEqual([0, 1, 25, 26].map(candidateLetter), ['A', 'B', 'Z', 'A1']);
  });

  it('a candidate that was running when the window closed comes back stopped', () => {
    const g = restoreGroups([{ id: 'g', task: 't', proposedAt: 1, candidates: [{ id: 'g-a', state: 'running', startedAt: 1 }, { id: 'g-b', state: 'ended', startedAt: 1 }] }, { nonsense: true }], 50);
    assert.equal(g.length, 1);
    assert.deepEqual(g[0]!.candidates.map((c) => [c.state, c.note, c.endedAt]), [['stopped', 'window reloaded', 50], ['ended', undefined, undefined]]);
    assert.deepEqual(restoreGroups(undefined, 1), []);
  });

  it('hunks taken from several candidates (combineHunks) render to exactly those edits, and what the review took maps back to them', () => {
    const r = combineHunks('g-taken', 'Best of 3', sets, [
      { candidateId: 'A', path: 'n.txt', hunkIndex: 1 }, // six -> SIX
      { candidateId: 'B', path: 'n.txt', hunkIndex: 0 }, // two -> deux
      { candidateId: 'C', path: 'n.txt', hunkIndex: 0 }, // four -> FOUR
      { candidateId: 'A', path: 'new.txt', hunkIndex: 0 },
    ]);
    assert.ok(r.ok);
    const n = r.changeSet.files.find((f) => f.path === 'n.txt')!;
    assert.deepEqual(n.hunks.map((h) => h.index), [0, 1, 2], 're-indexed in base order');
    assert.equal(renderFile(BASE, n), BASE.replace('two', 'deux').replace('four', 'FOUR').replace('six', 'SIX'));
    assert.equal(renderFile(null, r.changeSet.files.find((f) => f.path === 'new.txt')!), 'hello\n');
    const outcome = { changeSetId: r.changeSet.id, completed: true, files: [
      { path: 'n.txt', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' as const } }, { hunkIndex: 1, decision: { kind: 'reject' as const } }, { hunkIndex: 2, decision: { kind: 'edit' as const, newLines: ['6'] } }] },
      { path: 'new.txt', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' as const }, pending: true }] },
    ] };
    assert.deepEqual(takenHunks(outcome, r.origin), [{ candidateId: 'B', path: 'n.txt', hunkIndex: 0 }, { candidateId: 'A', path: 'n.txt', hunkIndex: 1 }], 'accepted and edited, not rejected or pending');
  });

  it('overlapping picks are refused with one sentence naming both hunks by the letters the page shows', () => {
    const r = combineHunks('g', 't', sets, [{ candidateId: 'A', path: 'n.txt', hunkIndex: 0 }, { candidateId: 'B', path: 'n.txt', hunkIndex: 0 }]);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /^Not taken: B's hunk 1 of n\.txt \(lines 2-2\) overlaps A's hunk 1 of n\.txt \(lines 2-2\), which you took/);
  });

  it('the review of one candidate\'s own change set: its accepted hunks as they are', () => {
    const outcome = { changeSetId: 'x', completed: true, files: [{ path: 'n.txt', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' as const } }, { hunkIndex: 1, decision: { kind: 'reject' as const } }] }] };
    assert.deepEqual(takenHunks(outcome, { candidateId: 'best-1-a' }), [{ candidateId: 'best-1-a', path: 'n.txt', hunkIndex: 0 }]);
  });

  const group = (): BestOfGroup => ({
    id: 'best-1', task: 'Make it friendlier', proposedAt: Date.parse('2026-12-07T05:00:00Z'),
    candidates: [
      { id: 'best-1-a', letter: 'A', endpoint: 'a', endpointLabel: 'Endpoint A', model: 'm-a', state: 'ended', startedAt: 1000, endedAt: 4000, changeSetId: 'best-1-a-worktree', files: 2, linesAdded: 3, linesRemoved: 2, tokens: 1500, costUsd: 0.012, check: { passed: true, command: 'npm test', exitCode: 0, outputTail: 'ok' } },
      { id: 'best-1-b', letter: 'B', endpoint: 'b', endpointLabel: 'Endpoint B', model: 'm-b', state: 'failed', note: 'boom', startedAt: 1000, endedAt: 2000, files: 0, linesAdded: 0, linesRemoved: 0, tokens: 0 },
      { id: 'best-1-c', letter: 'C', endpoint: 'c', endpointLabel: 'Endpoint C', model: 'm-c', state: 'running', startedAt: 1000, files: 0, linesAdded: 0, linesRemoved: 0, tokens: 10 },
    ],
  });

  it('the preference record of a pick names every candidate by letter with its endpoint, and what was taken', () => {
    const rec = buildPreferenceRecord(preferenceInput({ group: group(), decidedAt: Date.parse('2026-12-07T05:10:00Z'), picked: 'best-1-a', taken: [{ candidateId: 'best-1-a', path: 'n.txt', hunkIndex: 0 }], reason: 'shortest' }));
    assert.ok(preferenceRecordSchema.safeParse(rec).success);
    assert.equal(rec.chosen, 'A');
    assert.deepEqual(rec.candidates.map((c) => [c.id, c.endpoint, c.model, c.check, c.outcome, c.changeSetId]), [
      ['A', 'a', 'm-a', 'passed', 'done', 'best-1-a-worktree'],
      ['B', 'b', 'm-b', 'none', 'failed (boom)', null],
      ['C', 'c', 'm-c', 'none', 'stopped', null],
    ]);
    assert.deepEqual(rec.taken, [{ candidateId: 'A', path: 'n.txt', hunkIndex: 0 }]);
    assert.equal(rec.reason, 'shortest');
    assert.equal(rec.candidates[0]!.durationMs, 3000);
    assert.equal(rec.candidates[1]!.tokens, null);
    const parsed = parseDecisionLog(`${JSON.stringify(rec)}\n`);
    assert.equal(parsed.preferences.length, 1);
  });

  it('hunks taken from several: no single pick, so chosen is null', () => {
    const rec = buildPreferenceRecord(preferenceInput({ group: group(), decidedAt: 2, taken: [{ candidateId: 'best-1-a', path: 'n.txt', hunkIndex: 0 }, { candidateId: 'best-1-b', path: 'n.txt', hunkIndex: 1 }] }));
    assert.equal(rec.chosen, null);
    assert.equal(rec.reason, null);
  });

  it('the comparison view: figures per candidate, -/+ lines per hunk, and only ended candidates with changes can be picked', () => {
    const v = compareView(group(), new Map([['best-1-a', A]]), 9000);
    assert.ok(parseCompareHostMessage({ type: 'show', view: v }).ok);
    const [a, b, c] = v.candidates;
    assert.equal(a!.pickable, true);
    assert.equal(b!.pickable, false);
    assert.equal(c!.pickable, false);
    assert.equal(c!.durationMs, 8000, 'a running candidate counts until now');
    assert.deepEqual(a!.files[0]!.hunks[0], { index: 0, line: 2, lines: [{ op: '-', text: 'two' }, { op: '+', text: 'TWO' }] });
    assert.deepEqual(a!.check, { passed: true, command: 'npm test', outputTail: 'ok' });
    const decided = compareView(group(), new Map([['best-1-a', A]]), 9000, 'done');
    assert.equal(decided.candidates[0]!.pickable, false, 'nothing to pick once decided');
  });

  it('the page\'s messages are parsed: pick and takeHunks with an optional reason; anything else refused', () => {
    assert.ok(parseCompareWebviewMessage({ type: 'pick', candidateId: 'x', reason: 'r' }).ok);
    assert.ok(parseCompareWebviewMessage({ type: 'takeHunks', picks: [{ candidateId: 'x', path: 'p', hunkIndex: 0 }] }).ok);
    assert.equal(parseCompareWebviewMessage({ type: 'takeHunks', picks: [] }).ok, false);
    assert.equal(parseCompareWebviewMessage({ type: 'applyAll' }).ok, false);
  });
});
