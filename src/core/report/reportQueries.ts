/**
 * The SQL of `forge report`: the tables an export is loaded into and the queries the report runs,
 * word for word (docs/export.md prints them so teams can run their own on the --db file). Plain
 * SQLite: the report opens the database with sql.js; the sqlite3 shell or any SQLite driver reads it.
 */

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS decisions (
  user TEXT NOT NULL, team TEXT, task_id TEXT NOT NULL, task TEXT NOT NULL, endpoint TEXT NOT NULL, model TEXT NOT NULL,
  change_set_id TEXT NOT NULL, proposed_at TEXT NOT NULL, decided_at TEXT, decide_ms REAL,
  path TEXT NOT NULL, action TEXT NOT NULL, language TEXT NOT NULL, hunk_index INTEGER NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'edit')), reason TEXT, export_version INTEGER NOT NULL,
  line TEXT NOT NULL,
  UNIQUE (user, change_set_id, path, hunk_index)
);
CREATE TABLE IF NOT EXISTS teams (user TEXT PRIMARY KEY, team TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS preferences (
  user TEXT NOT NULL, team TEXT, group_id TEXT NOT NULL, decided_at TEXT NOT NULL, candidates INTEGER NOT NULL,
  candidate_id TEXT NOT NULL, endpoint TEXT NOT NULL, model TEXT NOT NULL, won INTEGER NOT NULL CHECK (won IN (0, 1)),
  hunks_taken INTEGER NOT NULL, check_result TEXT NOT NULL, cost_usd REAL, tokens INTEGER, duration_ms REAL NOT NULL,
  export_version INTEGER NOT NULL, line TEXT NOT NULL,
  UNIQUE (user, group_id, candidate_id)
);
CREATE VIEW IF NOT EXISTS decided AS
  SELECT d.*, COALESCE(t.team, d.team, '(no team)') AS team_name, COALESCE(d.decided_at, d.proposed_at) AS at,
         date(COALESCE(d.decided_at, d.proposed_at), '-6 days', 'weekday 1') AS week
  FROM decisions d LEFT JOIN teams t ON t.user = d.user;
`;

export const INSERT_DECISION_SQL = `INSERT OR IGNORE INTO decisions
  (user, team, task_id, task, endpoint, model, change_set_id, proposed_at, decided_at, decide_ms, path, action, language, hunk_index, decision, reason, export_version, line)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** One row per candidate of a best-of-N pick (preference record); `won`: it was chosen, or hunks of it were taken from several. */
export const INSERT_PREFERENCE_SQL = `INSERT OR IGNORE INTO preferences
  (user, team, group_id, decided_at, candidates, candidate_id, endpoint, model, won, hunks_taken, check_result, cost_usd, tokens, duration_ms, export_version, line)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const INSERT_TEAM_SQL = 'INSERT OR REPLACE INTO teams (user, team) VALUES (?, ?)';

/** Acceptance grouped by one column of the `decided` view: an edited hunk counts as accepted. */
const acceptanceBy = (column: string) => `SELECT ${column} AS key,
  SUM(decision <> 'reject') AS accepted, SUM(decision = 'reject') AS rejected, SUM(decision = 'edit') AS edited,
  COUNT(*) AS hunks, ROUND(1.0 * SUM(decision <> 'reject') / COUNT(*), 4) AS acceptance
FROM decided GROUP BY ${column} ORDER BY acceptance DESC, key`;

/** Every query the report runs, by name. */
export const REPORT_QUERIES = {
  totals: `SELECT COUNT(DISTINCT user) AS engineers, COUNT(DISTINCT task_id) AS tasks, COUNT(*) AS hunks,
  SUM(decision <> 'reject') AS accepted, MIN(at) AS first, MAX(at) AS last FROM decided`,
  activeEngineersPerWeek: `SELECT week, COUNT(DISTINCT user) AS engineers FROM decided GROUP BY week ORDER BY week`,
  tasksPerPersonPerWeek: `SELECT user, week, COUNT(DISTINCT task_id) AS tasks, COUNT(*) AS hunks FROM decided GROUP BY user, week ORDER BY week, user`,
  acceptancePerPerson: acceptanceBy('user'),
  acceptancePerTeam: acceptanceBy('team_name'),
  acceptancePerModel: acceptanceBy('model'),
  acceptancePerLanguage: acceptanceBy('language'),
  /** Adoption: engineers with decisions / the team's members (the --teams file's; without one, the engineers seen). */
  teamsByAdoption: `WITH seen AS (SELECT team_name, COUNT(DISTINCT user) AS active, COUNT(DISTINCT task_id) AS tasks FROM decided GROUP BY team_name),
  members AS (SELECT team, COUNT(*) AS members FROM teams GROUP BY team)
SELECT seen.team_name AS team, seen.active, MAX(COALESCE(members.members, 0), seen.active) AS members,
  ROUND(1.0 * seen.active / MAX(COALESCE(members.members, 0), seen.active), 4) AS adoption, seen.tasks,
  ROUND(1.0 * seen.tasks / seen.active, 2) AS tasks_per_engineer
FROM seen LEFT JOIN members ON members.team = seen.team_name ORDER BY adoption DESC, tasks_per_engineer DESC, team`,
  teamsByAcceptance: `SELECT team_name AS team, COUNT(*) AS hunks, ROUND(1.0 * SUM(decision <> 'reject') / COUNT(*), 4) AS acceptance
FROM decided GROUP BY team_name ORDER BY acceptance DESC, hunks DESC, team`,
  /** Endpoints ranked by the engineers' best-of-N picks: how often each was a candidate and how often it won. */
  endpointsByWins: `SELECT endpoint AS key, COUNT(*) AS candidacies, SUM(won) AS wins, ROUND(1.0 * SUM(won) / COUNT(*), 4) AS win_rate,
  SUM(check_result = 'passed') AS checks_passed, ROUND(AVG(cost_usd), 4) AS avg_cost_usd, ROUND(AVG(duration_ms) / 1000.0, 1) AS avg_seconds
FROM preferences GROUP BY endpoint ORDER BY wins DESC, win_rate DESC, key`,
} as const;

export type ReportQueryName = keyof typeof REPORT_QUERIES;
export type Row = Record<string, string | number | null>;
export type ReportData = Record<ReportQueryName, Row[]>;
