/** Best-of-N picks as data: the preference record, its place in the decisions log next to hunk records, its export lines. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/commands';
import { REPORT_QUERIES } from '../../../src/core/report/reportQueries';
import { ReportDb } from '../../../src/node/reportDb';
import { anonymizePath, exportJsonLines, exportLineSchema, preferenceExportLineSchema, toExportLines, toPreferenceExportLines } from '../../../src/core/usage/decisionExport';
import { parseDecisionLog } from '../../../src/core/usage/decisionRecord';
import { buildPreferenceRecord, preferenceOutcomes, type PreferenceCandidate } from '../../../src/core/usage/preferenceRecord';
import { DecisionLog } from '../../../src/node/decisionLog';
import { decisionsWorkspace, recordTask } from '../../support/decisionsFixture';

const cand = (id: string, endpoint: string, extra: Partial<PreferenceCandidate> = {}): PreferenceCandidate => ({
  id, endpoint, model: `model-${id}`, changeSetId: `${id}-cs1`, files: 1, linesAdded: 2, linesRemoved: 1, check: 'passed', costUsd: 0.01, tokens: 1200, durationMs: 4000, outcome: 'done', ...extra,
});
const T0 = Date.parse('2026-12-01T10:00:00Z');
const three = [cand('c1', 'alpha'), cand('c2', 'beta', { check: 'failed', costUsd: null, tokens: null }), cand('c3', 'gamma', { changeSetId: null, files: 0, linesAdded: 0, linesRemoved: 0, check: 'none', outcome: 'failed' })];

describe('preference records (best of N)', () => {
  it('builds a pick of one candidate: chosen, its hunks taken, reason and task redacted', () => {
    const r = buildPreferenceRecord({
      groupId: 'g1', task: 'Fix it (token s3cr3t)', proposedAt: T0, decidedAt: T0 + 5000, candidates: three, picked: 'c1',
      taken: [{ candidateId: 'c1', path: 'src/a.ts', hunkIndex: 0 }], reason: '  shorter, s3cr3t-free ', redact: (t) => t.replaceAll('s3cr3t', '[redacted secret]'),
    });
    assert.deepEqual({ ...r, candidates: r.candidates.length }, {
      v: 1, kind: 'preference', groupId: 'g1', task: 'Fix it (token [redacted secret])', proposedAt: '2026-12-01T10:00:00.000Z', decidedAt: '2026-12-01T10:00:05.000Z',
      candidates: 3, chosen: 'c1', taken: [{ candidateId: 'c1', path: 'src/a.ts', hunkIndex: 0 }], reason: 'shorter, [redacted secret]-free',
    });
    assert.deepEqual(r.candidates[2], three[2]);
    assert.deepEqual(preferenceOutcomes(r).map((o) => [o.endpoint, o.won, o.hunksTaken]), [['alpha', true, 1], ['beta', false, 0], ['gamma', false, 0]]);
  });

  it('derives chosen from the taken hunks: one candidate -> it, several -> null (both win), none -> null', () => {
    const base = { groupId: 'g', task: 't', proposedAt: T0, decidedAt: T0, candidates: three };
    assert.equal(buildPreferenceRecord({ ...base, taken: [{ candidateId: 'c2', path: 'a', hunkIndex: 0 }, { candidateId: 'c2', path: 'a', hunkIndex: 1 }] }).chosen, 'c2');
    const mixed = buildPreferenceRecord({ ...base, taken: [{ candidateId: 'c1', path: 'a', hunkIndex: 0 }, { candidateId: 'c2', path: 'b', hunkIndex: 0 }] });
    assert.equal(mixed.chosen, null);
    assert.deepEqual(preferenceOutcomes(mixed).map((o) => o.won), [true, true, false]);
    const none = buildPreferenceRecord({ ...base, taken: [], reason: '   ' });
    assert.deepEqual([none.chosen, none.reason, preferenceOutcomes(none).some((o) => o.won)], [null, null, false]);
  });

  it('refuses input that contradicts itself', () => {
    const base = { groupId: 'g', task: 't', proposedAt: T0, decidedAt: T0, candidates: three };
    assert.throws(() => buildPreferenceRecord({ ...base, candidates: [three[0], three[0]], taken: [] }), /c1 appears twice/);
    assert.throws(() => buildPreferenceRecord({ ...base, taken: [{ candidateId: 'c9', path: 'a', hunkIndex: 0 }] }), /unknown candidate c9/);
    assert.throws(() => buildPreferenceRecord({ ...base, taken: [{ candidateId: 'c1', path: 'a', hunkIndex: 0 }, { candidateId: 'c1', path: 'a', hunkIndex: 0 }] }), /taken twice/);
    assert.throws(() => buildPreferenceRecord({ ...base, picked: 'c1', taken: [{ candidateId: 'c2', path: 'a', hunkIndex: 0 }] }), /other candidates/);
    assert.throws(() => buildPreferenceRecord({ ...base, picked: 'c7', taken: [] }), /not a candidate/);
  });

  it('shares the decisions log with hunk records: each kind read back in order, unknown kinds skipped', async () => {
    const dir = decisionsWorkspace();
    try {
      const hunks = await recordTask(dir, T0);
      const pick = buildPreferenceRecord({ groupId: 'g1', task: 't', proposedAt: T0, decidedAt: T0 + 1, candidates: three, taken: [{ candidateId: 'c1', path: 'src/app.ts', hunkIndex: 0 }] });
      const log = new DecisionLog(path.join(dir, 'data', 'decisions.jsonl'));
      await Promise.all([log.append(hunks.slice(0, 1)), log.append([pick]), log.append(hunks.slice(1))]);
      fs.appendFileSync(log.file, '{"v":1,"kind":"preference","groupId":"broken"}\n{"v":1,"kind":"vote"}\n');
      const read = await log.read();
      assert.deepEqual(read.records, hunks);
      assert.deepEqual(read.preferences, [pick]);
      assert.equal(read.skipped, 2);
      const parsed = parseDecisionLog(fs.readFileSync(log.file, 'utf8'));
      assert.deepEqual([parsed.records.length, parsed.preferences.length, parsed.skipped], [3, 1, 2]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports a pick as a line of the same schema and version, told apart by kind; hunk lines are unchanged', async () => {
    const dir = decisionsWorkspace();
    try {
      const hunks = await recordTask(dir, T0);
      const pick = buildPreferenceRecord({
        groupId: 'g1', task: 'Fix (token XYZ)', proposedAt: T0, decidedAt: T0 + 1, candidates: three, reason: 'XYZ is cleaner',
        taken: [{ candidateId: 'c1', path: 'src/app.ts', hunkIndex: 0 }, { candidateId: 'c2', path: '.env', hunkIndex: 0 }, { candidateId: 'c2', path: 'dist/x.js', hunkIndex: 0 }],
      });
      const o = { user: 'alice', team: 'payments', anonymizePaths: true, salt: 's', redact: (t: string) => t.replaceAll('XYZ', '[redacted secret]'), exclude: (p: string) => p.startsWith('dist/') };
      const [line] = toPreferenceExportLines([pick], o);
      assert.deepEqual(preferenceExportLineSchema.parse(JSON.parse(JSON.stringify(line))), line);
      assert.deepEqual([line.schema, line.exportVersion, line.kind, line.user, line.team, line.chosen], ['forge.review-decision', 1, 'preference', 'alice', 'payments', null]);
      assert.deepEqual(line.taken, [{ candidateId: 'c1', path: anonymizePath('src/app.ts', 's'), hunkIndex: 0 }], 'secret-looking and excluded paths are left out');
      assert.deepEqual([line.task, line.reason], ['Fix (token [redacted secret])', '[redacted secret] is cleaner']);
      assert.deepEqual(line.candidates.map((c) => c.endpoint), ['alpha', 'beta', 'gamma']);
      assert.equal(exportLineSchema.safeParse(line).success, false, 'a reader of hunk lines does not take a pick for one');
      assert.equal(toPreferenceExportLines([pick], { user: 'a', since: '2026-12-02T00:00:00Z' }).length, 0);
      assert.deepEqual(toExportLines(hunks, { user: 'alice' }).map((l) => exportLineSchema.parse(l).kind), ['hunk', 'hunk', 'hunk']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('docs/export.md has a pick example that is a valid export line', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../../docs/export.md'), 'utf8');
    const example = /```json\n(\{\n[^`]*"kind": "preference"[\s\S]*?)\n```/.exec(doc);
    assert.ok(example, 'a json block of kind preference');
    const line = preferenceExportLineSchema.parse(JSON.parse(example[1]));
    assert.deepEqual(preferenceOutcomes(line).map((o) => o.won), [true, false, false]);
  });

  it('forge report ranks endpoints by best-of-N wins, equal to a direct query, each pick loaded once', async () => {
    const dir = decisionsWorkspace();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-prefs-'));
    try {
      const hunks = await recordTask(dir, T0);
      const picks = [
        buildPreferenceRecord({ groupId: 'g1', task: 't', proposedAt: T0, decidedAt: T0 + 1, candidates: three, picked: 'c1', taken: [] }),
        buildPreferenceRecord({ groupId: 'g2', task: 't', proposedAt: T0, decidedAt: T0 + 2, candidates: three, taken: [{ candidateId: 'c2', path: 'a', hunkIndex: 0 }, { candidateId: 'c3', path: 'b', hunkIndex: 0 }] }),
        buildPreferenceRecord({ groupId: 'g3', task: 't', proposedAt: T0, decidedAt: T0 + 3, candidates: [{ ...three[1]!, id: 'c1' }, cand('c2', 'alpha')], taken: [{ candidateId: 'c1', path: 'a', hunkIndex: 0 }] }),
      ];
      const file = path.join(tmp, 'alice.jsonl');
      fs.writeFileSync(file, exportJsonLines([...toExportLines(hunks, { user: 'alice' }), ...toPreferenceExportLines(picks, { user: 'alice' })]));
      const out = path.join(tmp, 'report');
      const err: string[] = [];
      const io = { cwd: tmp, stdout: () => undefined, stderr: (t: string) => void err.push(t), readStdin: async () => '' };
      assert.equal(await runCli(['report', file, '--out', out], io), 0, err.join(''));
      assert.match(err.join(''), /3 decisions loaded; 3 best-of-N picks\n/);
      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      const col = (k: string) => [...new RegExp('<table data-table="endpointsByWins">([\\s\\S]*?)</table>').exec(html)![1]!.matchAll(new RegExp(`<td data-k="${k}"[^>]*>([^<]*)</td>`, 'g'))].map((m) => m[1]);
      // By hand: beta won g2 and g3 (2 of 3), alpha won g1 (1 of 3), gamma won g2 (1 of 2).
      // Ranked by wins, then win rate.
      assert.deepEqual(col('key'), ['beta', 'gamma', 'alpha']);
      assert.deepEqual(col('wins'), ['2', '1', '1']);
      assert.deepEqual(col('candidacies'), ['3', '2', '3']);
      assert.deepEqual(col('win_rate'), ['66.7%', '50.0%', '33.3%']);
      const db = await ReportDb.open(fs.readFileSync(path.join(out, 'decisions.sqlite')));
      try {
        assert.deepEqual(db.query("SELECT endpoint, SUM(won) AS w FROM preferences GROUP BY endpoint ORDER BY w DESC, endpoint").map((r) => `${r.endpoint}:${r.w}`), ['beta:2', 'alpha:1', 'gamma:1']);
        assert.deepEqual(db.query(REPORT_QUERIES.endpointsByWins).map((r) => r.key), col('key'));
      } finally {
        db.close();
      }
      err.length = 0;
      assert.equal(await runCli(['report', file, '--out', out], io), 0);
      assert.match(err.join(''), /0 decisions loaded, 3 already there; 0 best-of-N picks, 3 already there/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
