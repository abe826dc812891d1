/**
 * `forge run` records review decisions, `forge export` writes them as a dataset, `forge report`
 * loads two engineers' exports into SQLite and writes the HTML report: real files, the scripted
 * model server, numbers checked by hand and against a direct SQL query of the database file.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/commands';
import { parseTeams } from '../../../src/cli/reportCommand';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { REPORT_QUERIES } from '../../../src/core/report/reportQueries';
import { anonymizePath, exportLineSchema } from '../../../src/core/usage/decisionExport';
import { DecisionLog } from '../../../src/node/decisionLog';
import { ReportDb } from '../../../src/node/reportDb';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { call } from '../agent/harness';
import { decisionsWorkspace, recordTask } from '../../support/decisionsFixture';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

/** The cells of one column of a report table, in row order. */
function column(html: string, table: string, k: string): string[] {
  const t = new RegExp(`<table data-table="${table}">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(t, `table ${table}`);
  return [...t[1].matchAll(new RegExp(`<td data-k="${k}"[^>]*>([^<]*)</td>`, 'g'))].map((m) => m[1]);
}

describe('forge export and forge report', function () {
  this.timeout(60_000);
  let srv: ModelServer;
  let tmp: string;
  let root: string;
  beforeEach(async () => {
    srv = await startModelServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-export-'));
    root = path.join(tmp, 'repo');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'greet.js'), "const a = 'hello';\nconst pad = 1;\nconst pad2 = 2;\nconst pad3 = 3;\nconst pad4 = 4;\nconst b = 'bye';\n");
  });
  afterEach(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('records what forge run asked, exports it, and reports two engineers with numbers equal to SQL', async () => {
    srv.script([
      call('propose_edits', { edit: "greet.js\n<<<<<<< SEARCH\nconst a = 'hello';\n=======\nconst a = 'hi';\n>>>>>>> REPLACE\ngreet.js\n<<<<<<< SEARCH\nconst b = 'bye';\n=======\nconst b = 'ciao';\n>>>>>>> REPLACE\n" }),
      call('finish', { summary: 'done' }),
    ]);
    const state = path.join(tmp, 'state');
    const answers = ['y', 'n: keep bye'];
    const run = captureIo(root);
    const code = await runTask(['--endpoint', srv.url, '--model', 'test-model', '--state', state, 'Say hi'], run.io, { env: {}, prompt: async () => answers.shift() ?? null });
    assert.equal(code, 0, run.out.join(''));
    const logged = (await new DecisionLog(path.join(state, 'decisions.jsonl')).read()).records;
    assert.deepEqual(logged.map((r) => [r.path, r.decision, r.reason, r.task, r.model]), [['greet.js', 'accept', null, 'Say hi', 'test-model'], ['greet.js', 'reject', 'keep bye', 'Say hi', 'test-model']]);
    assert.deepEqual(logged[1].before, ['const pad2 = 2;', 'const pad3 = 3;', 'const pad4 = 4;']);
    assert.ok(logged.every((r) => r.decideMs !== null && r.decideMs >= 0), 'each hunk was timed');

    // forge export: alice's decisions (from forge run) and bob's (recorded in another workspace, two weeks).
    const alice = path.join(tmp, 'alice.jsonl');
    const e1 = captureIo(tmp);
    assert.equal(await runCli(['export', '--log', path.join(state, 'decisions.jsonl'), '--user', 'alice', '--team', 'ignored-by-teams-file', '--out', alice], e1.io), 0, e1.err.join(''));
    assert.match(e1.err.join(''), /2 decisions written to/);
    const bobWs = decisionsWorkspace();
    const bobLog = new DecisionLog(path.join(tmp, 'bob-decisions.jsonl'));
    await bobLog.append(await recordTask(bobWs, Date.parse('2026-12-01T10:00:00Z'), 'b1', 'm2'));
    await bobLog.append(await recordTask(bobWs, Date.parse('2026-12-08T10:00:00Z'), 'b2', 'm2'));
    const bob = path.join(tmp, 'bob.jsonl');
    const e2 = captureIo(tmp);
    assert.equal(await runCli(['export', '--log', bobLog.file, '--user', 'bob', '--anonymize-paths', '--salt', 'team-salt', '--root', bobWs, '--out', bob], e2.io), 0);
    fs.rmSync(bobWs, { recursive: true, force: true });
    const bobLines = fs.readFileSync(bob, 'utf8').trim().split('\n').map((l) => exportLineSchema.parse(JSON.parse(l)));
    assert.equal(bobLines.length, 6);
    assert.ok(bobLines.every((l) => l.path === anonymizePath('src/app.ts', 'team-salt')));
    const stdout = captureIo(tmp);
    assert.equal(await runCli(['export', '--log', bobLog.file, '--user', 'bob', '--since', '2026-12-05'], stdout.io), 0);
    assert.equal(stdout.out.join('').trim().split('\n').length, 3, 'only the second week');

    // forge report
    const teams = path.join(tmp, 'teams.csv');
    fs.writeFileSync(teams, 'user,team\nalice,payments\nbob,search\ncarol,search\n');
    const out = path.join(tmp, 'report');
    const r = captureIo(tmp);
    assert.equal(await runCli(['report', alice, bob, '--teams', teams, '--out', out], r.io), 0, r.err.join(''));
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /<script|https?:\/\//);
    // By hand: alice 1 of 2 accepted; bob per task accept + edit of 3 -> 4 of 6; payments has 1 of 1 member active, search 1 of 2.
    assert.deepEqual(column(html, 'acceptancePerPerson', 'key'), ['bob', 'alice']);
    assert.deepEqual(column(html, 'acceptancePerPerson', 'acceptance'), ['66.7%', '50.0%']);
    assert.deepEqual(column(html, 'acceptancePerPerson', 'edited'), ['2', '0']);
    assert.deepEqual(column(html, 'teamsByAdoption', 'team'), ['payments', 'search']);
    assert.deepEqual(column(html, 'teamsByAdoption', 'adoption'), ['100.0%', '50.0%']);
    assert.deepEqual(column(html, 'teamsByAcceptance', 'team'), ['search', 'payments']);
    assert.deepEqual(column(html, 'acceptancePerModel', 'key'), ['m2', 'test-model']);
    assert.deepEqual(column(html, 'acceptancePerLanguage', 'key'), ['typescript', 'javascript']);
    const bobWeeks = column(html, 'tasksPerPersonPerWeek', 'user').map((u, i) => [u, column(html, 'tasksPerPersonPerWeek', 'week')[i], column(html, 'tasksPerPersonPerWeek', 'tasks')[i]]).filter((x) => x[0] === 'bob');
    assert.deepEqual(bobWeeks, [['bob', '2026-11-30', '1'], ['bob', '2026-12-07', '1']]);
    const bobRow = /<tr><td class="l">bob<\/td>((?:<td>[^<]*<\/td>)+)<\/tr>/.exec(html);
    assert.ok(bobRow && bobRow[1].includes('<td>1</td>'), 'the pivot has bob\'s weeks');

    // The report's numbers equal a direct query of the database file.
    const db = await ReportDb.open(fs.readFileSync(path.join(out, 'decisions.sqlite')));
    try {
      const direct = db.query("SELECT user, printf('%.1f%%', 100.0 * SUM(decision IN ('accept', 'edit')) / COUNT(*)) AS pct FROM decisions GROUP BY user ORDER BY user");
      assert.deepEqual(direct.map((x) => x.pct), [column(html, 'acceptancePerPerson', 'acceptance')[1], column(html, 'acceptancePerPerson', 'acceptance')[0]]);
      const weeks = db.query(REPORT_QUERIES.activeEngineersPerWeek);
      assert.deepEqual(column(html, 'activeEngineersPerWeek', 'engineers'), weeks.map((w) => String(w.engineers)));
      assert.deepEqual(db.query('SELECT COUNT(*) AS n FROM decisions')[0].n, 8);
    } finally {
      db.close();
    }

    // Loading the same exports again into the same database counts nothing twice.
    const again = captureIo(tmp);
    assert.equal(await runCli(['report', alice, bob, '--teams', teams, '--out', out], again.io), 0);
    assert.match(again.err.join(''), /0 decisions loaded, 6 already there/);
    assert.deepEqual(column(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), 'acceptancePerPerson', 'acceptance'), ['66.7%', '50.0%']);
  });

  it('usage errors, bad lines, teams files', async () => {
    const io = captureIo(tmp);
    assert.equal(await runCli(['report'], io.io), 2);
    assert.match(io.err.join(''), /name at least one export file/);
    assert.equal(await runCli(['export', '--since', 'someday'], io.io), 2);
    assert.match(io.err.join(''), /--since someday is not a date/);
    const bad = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(bad, 'not json\n{"schema":"forge.review-decision","exportVersion":2}\n');
    assert.equal(await runCli(['report', bad, '--out', path.join(tmp, 'r')], io.io), 1);
    assert.match(io.err.join(''), /skipped bad\.jsonl:1: not JSON/);
    assert.match(io.err.join(''), /skipped bad\.jsonl:2: /);
    assert.match(io.err.join(''), /no decisions to report on/);
    assert.deepEqual([...parseTeams('{"a":"x","b":"y"}', 't.json')], [['a', 'x'], ['b', 'y']]);
    assert.deepEqual([...parseTeams('# who\na, x\n\nb,y\n', 't.csv')], [['a', 'x'], ['b', 'y']]);
    assert.throws(() => parseTeams('a\n', 't.csv'), /t\.csv:1: expected "user,team"/);
  });
});
