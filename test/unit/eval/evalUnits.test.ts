/** Eval arithmetic and plumbing: pass@k, the summary and ranking, shard slices, arguments, task files. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEvalArgs, parseMergeArgs } from '../../../src/cli/eval/evalArgs';
import { loadSuites } from '../../../src/cli/eval/suite';
import type { EvalRun } from '../../../src/core/eval/results';
import { parseShard, shardSlice, workItems } from '../../../src/core/eval/shard';
import { passAtK, rankingTable, summarize } from '../../../src/core/eval/summary';

function run(task: string, contestant: string, repeat: number, passed: boolean, over: Partial<EvalRun> = {}): EvalRun {
  return { task, contestant, endpoint: 'http://e/v1', model: contestant, repeat, passed, steps: 2, tokens: { input: 10, output: 1 }, costUsd: null, wallMs: 1000, toolCalls: {}, editRefusals: 0, commands: [], diff: '', transcript: null, ended: 'finished', ...over };
}

describe('eval arithmetic', () => {
  it('pass@k is the unbiased estimator 1 - C(n-c,k)/C(n,k)', () => {
    assert.equal(passAtK(5, 0, 1), 0);
    assert.equal(passAtK(5, 5, 3), 1);
    assert.ok(Math.abs(passAtK(4, 1, 1) - 0.25) < 1e-12);
    assert.ok(Math.abs(passAtK(4, 1, 2) - 0.5) < 1e-12); // 1 - C(3,2)/C(4,2) = 1 - 3/6
    assert.ok(Math.abs(passAtK(10, 3, 5) - (1 - 21 / 252)) < 1e-12); // C(7,5)=21, C(10,5)=252
    assert.ok(Number.isNaN(passAtK(2, 1, 3)));
  });

  it('summarizes per contestant and task, and ranks by pass rate, then cost (unknown cost last)', () => {
    const runs = [
      run('a', 'cheap', 1, true, { costUsd: 0.01 }), run('a', 'cheap', 2, false, { costUsd: 0.01 }), run('b', 'cheap', 1, true, { costUsd: 0.01 }), run('b', 'cheap', 2, true, { costUsd: 0.01 }),
      run('a', 'dear', 1, true, { costUsd: 0.5 }), run('a', 'dear', 2, true, { costUsd: 0.5 }), run('b', 'dear', 1, false, { costUsd: 0.5 }), run('b', 'dear', 2, true, { costUsd: 0.5 }),
      run('a', 'free', 1, true), run('a', 'free', 2, false), run('b', 'free', 1, true), run('b', 'free', 2, true, { wallMs: 3000 }),
    ];
    const s = summarize([], runs);
    assert.deepEqual(s.contestants.map((c) => c.contestant), ['cheap', 'dear', 'free']);
    const cheap = s.contestants[0];
    assert.equal(cheap.passRate, 0.75);
    assert.ok(Math.abs(cheap.costUsd! - 0.04) < 1e-12);
    assert.equal(s.contestants[2].costUsd, null);
    assert.deepEqual(cheap.passAtK, [{ k: 1, value: 0.75 }, { k: 2, value: 1 }]);
    assert.deepEqual(s.tasks.find((t) => t.task === 'b')!.byContestant.free, { runs: 2, passed: 2, meanWallMs: 2000 });
    assert.equal(s.runs, 12);
    assert.equal(s.passed, 9);
    const table = rankingTable(s).split('\n');
    assert.match(table[0], /^#\s+contestant\s+passed\s+pass rate\s+cost/);
    assert.match(table[2], /^1\s+cheap\s+3\/4\s+75\.0%\s+\$0\.0400/);
    assert.match(table[4], /^3\s+free\s+3\/4\s+75\.0%\s+-/);
  });
});

describe('eval shards', () => {
  it('slices deterministically: the shards are disjoint and together are the whole', () => {
    const items = workItems(['t3', 't1', 't2', 't4', 't5'], ['a', 'b'], 3);
    assert.equal(items.length, 30);
    assert.deepEqual(items[0], { task: 't1', contestant: 'a', repeat: 1 });
    for (const n of [1, 2, 4, 7, 31]) {
      const parts = Array.from({ length: n }, (_, i) => shardSlice(items, { index: i + 1, count: n }));
      assert.deepEqual(parts.flat().sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))), [...items].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))));
      assert.ok(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length)) <= 1);
    }
    assert.deepEqual(shardSlice(items, { index: 2, count: 4 }), shardSlice(items, { index: 2, count: 4 }));
  });

  it('parses I/N', () => {
    assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
    assert.match(parseShard('0/5') as string, /between 1 and N/);
    assert.match(parseShard('6/5') as string, /between 1 and N/);
    assert.match(parseShard('x') as string, /must be I\/N/);
  });
});

describe('forge eval arguments and suites', () => {
  it('pairs --endpoint and --model into contestants, in order, beside --profile', () => {
    const a = parseEvalArgs(['suite', '--endpoint', 'http://a/v1', '--model', 'm1', '--profile', 'p.json', '--model=m2', '--endpoint=http://b/v1', '--repeat', '3', '--jobs', '2', '--shard', '1/2', '--out', 'o'], '/w');
    assert.deepEqual(a.contestants, [{ kind: 'pair', endpoint: 'http://a/v1', model: 'm1' }, { kind: 'profile', file: '/w/p.json' }, { kind: 'pair', endpoint: 'http://b/v1', model: 'm2' }]);
    assert.deepEqual([a.suites, a.repeat, a.jobs, a.shard, a.out], [['/w/suite'], 3, 2, { index: 1, count: 2 }, '/w/o']);
    assert.throws(() => parseEvalArgs(['--endpoint', 'http://a', '--endpoint', 'http://b', '--model', 'm'], '/w'), /--endpoint http:\/\/a has no --model/);
    assert.throws(() => parseEvalArgs(['--model', 'm'], '/w'), /--model m has no --endpoint/);
    assert.throws(() => parseEvalArgs([], '/w'), /name at least one contestant/);
    assert.throws(() => parseEvalArgs(['--profile', 'p', '--repeat', '0'], '/w'), /--repeat must be a positive whole number/);
    assert.throws(() => parseEvalArgs(['--profile', 'p', '--bogus'], '/w'), /unknown option --bogus/);
    assert.throws(() => parseMergeArgs(['a'], '/w'), /give --out DIR/);
  });

  it('reads SWE-bench-style instance files (JSON lines) against a local checkout', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-swe-'));
    try {
      fs.mkdirSync(path.join(tmp, 'proj', '.git'), { recursive: true });
      const line = (o: object) => JSON.stringify(o);
      fs.writeFileSync(path.join(tmp, 'inst.jsonl'), [
        line({ instance_id: 'org__proj-12', repo: 'org/proj', repo_path: 'proj', base_commit: 'abc1234', problem_statement: 'It breaks', test_command: 'python3 -m pytest', test_patch: 'diff --git a/x b/x\n' }),
      ].join('\n'));
      const [t] = loadSuites([path.join(tmp, 'inst.jsonl')]);
      assert.equal(t.id, 'org__proj-12');
      assert.equal(t.instruction, 'It breaks');
      assert.equal(t.check, 'python3 -m pytest');
      assert.deepEqual(t.source, { kind: 'git', repoPath: path.join(tmp, 'proj'), baseCommit: 'abc1234', testPatch: 'diff --git a/x b/x\n' });
      fs.writeFileSync(path.join(tmp, 'bad.json'), JSON.stringify([{ instance_id: 'x', repo_path: 'missing', base_commit: 'abc', problem_statement: 'p', test_command: 't' }]));
      assert.throws(() => loadSuites([path.join(tmp, 'bad.json')]), /no local git checkout at repo_path\/repo \(missing\)/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
