/**
 * The database of `forge report`: SQLite compiled to WebAssembly (sql.js, wasm inlined: no native
 * build, no file to locate at run time), loaded with exports and written to one .sqlite file.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { exportLineSchema, preferenceExportLineSchema } from '../core/usage/decisionExport';
import { preferenceOutcomes } from '../core/usage/preferenceRecord';
import { INSERT_DECISION_SQL, INSERT_PREFERENCE_SQL, INSERT_TEAM_SQL, REPORT_QUERIES, SCHEMA_SQL, type ReportData, type ReportQueryName, type Row } from '../core/report/reportQueries';

let sqlJs: Promise<SqlJsStatic> | undefined;
function loadSqlJs(): Promise<SqlJsStatic> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sqlJs ??= (require('sql.js/dist/sql-wasm-inline.js') as () => Promise<SqlJsStatic>)();
  return sqlJs;
}

export interface LoadResult {
  loaded: number;
  duplicates: number;
  /** Best-of-N picks (preference lines) loaded, and those already there. */
  picks: number;
  duplicatePicks: number;
  /** Lines that are not export lines of a version this Forge reads, with their file and line number. */
  skipped: { file: string; line: number; why: string }[];
}

export class ReportDb {
  private constructor(readonly db: Database) {}

  /** A new database, or the one in `bytes` (an earlier --db file: exports accumulate). */
  static async open(bytes?: Uint8Array): Promise<ReportDb> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(bytes);
    db.exec(SCHEMA_SQL);
    return new ReportDb(db);
  }

  setTeams(teams: ReadonlyMap<string, string>): void {
    const st = this.db.prepare(INSERT_TEAM_SQL);
    try {
      for (const [user, team] of teams) st.run([user, team]);
    } finally {
      st.free();
    }
  }

  /** Loads one export's text (JSON lines) in one transaction. */
  load(file: string, text: string): LoadResult {
    const res: LoadResult = { loaded: 0, duplicates: 0, picks: 0, duplicatePicks: 0, skipped: [] };
    const st = this.db.prepare(INSERT_DECISION_SQL);
    const pst = this.db.prepare(INSERT_PREFERENCE_SQL);
    this.db.exec('BEGIN');
    try {
      text.split('\n').forEach((raw, i) => {
        if (!raw.trim()) return;
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          res.skipped.push({ file, line: i + 1, why: 'not JSON' });
          return;
        }
        if ((json as { kind?: unknown } | null)?.kind === 'preference') {
          const q = preferenceExportLineSchema.safeParse(json);
          if (!q.success) {
            res.skipped.push({ file, line: i + 1, why: q.error.issues[0] ? `${q.error.issues[0].path.join('.')}: ${q.error.issues[0].message}` : 'not a preference line' });
            return;
          }
          const l = q.data;
          let added = 0;
          for (const [k, o] of preferenceOutcomes(l).entries()) {
            const c = l.candidates[k]!;
            pst.run([l.user, l.team, l.groupId, l.decidedAt, l.candidates.length, c.id, c.endpoint, c.model, o.won ? 1 : 0, o.hunksTaken, c.check, c.costUsd, c.tokens, c.durationMs, l.exportVersion, raw]);
            added += this.db.getRowsModified();
          }
          if (added) res.picks++;
          else res.duplicatePicks++;
          return;
        }
        const p = exportLineSchema.safeParse(json);
        if (!p.success) {
          res.skipped.push({ file, line: i + 1, why: p.error.issues[0] ? `${p.error.issues[0].path.join('.')}: ${p.error.issues[0].message}` : 'not an export line' });
          return;
        }
        const l = p.data;
        st.run([l.user, l.team, l.taskId, l.task, l.endpoint, l.model, l.changeSetId, l.proposedAt, l.decidedAt, l.decideMs, l.path, l.action, l.language, l.hunkIndex, l.decision, l.reason, l.exportVersion, raw]);
        if (this.db.getRowsModified() === 1) res.loaded++;
        else res.duplicates++;
      });
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    } finally {
      st.free();
      pst.free();
    }
    return res;
  }

  query(sql: string): Row[] {
    const out: Row[] = [];
    const st = this.db.prepare(sql);
    try {
      while (st.step()) out.push(st.getAsObject() as Row);
    } finally {
      st.free();
    }
    return out;
  }

  /** Runs every query of the report. */
  reportData(): ReportData {
    const data = {} as ReportData;
    for (const name of Object.keys(REPORT_QUERIES) as ReportQueryName[]) data[name] = this.query(REPORT_QUERIES[name]);
    return data;
  }

  bytes(): Uint8Array {
    return this.db.export();
  }

  close(): void {
    this.db.close();
  }
}
