/** `forge report`: many engineers' exports in one SQLite file and a self-contained HTML report (docs/export.md). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderTeamReport } from '../core/report/teamReportHtml';
import { ReportDb } from '../node/reportDb';
import type { CliCommand } from './commands';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, cliOptions, UsageError, type CliIo } from './io';

export const REPORT_HELP = `Usage: forge report EXPORT... [--teams FILE] [--db FILE] [--out DIR]

Loads exports of review decisions (\`forge export\`, "Forge: Export Review Decisions...") into an
SQLite database and writes DIR/report.html: active engineers, tasks per person per week,
acceptance per person, team, model and language, teams ranked by adoption and by acceptance.
The queries it runs are in docs/export.md: run your own on the database with any SQLite client.

Options:
  --teams FILE   who is in which team: JSON {"alice": "payments", ...} or lines "alice,payments"
                 (default: each export line's team field)
  --db FILE      the database file (default: DIR/decisions.sqlite); an existing one is added to
                 (a decision loaded twice counts once)
  --out DIR      where report.html goes (default: forge-report)
  -h, --help     show this help

Exit status: 0 written, 1 nothing could be loaded, 2 usage error.
`;

interface ReportArgs {
  help: boolean;
  exports: string[];
  teams?: string;
  db?: string;
  out: string;
}

function parseReportArgs(args: string[], cwd: string): ReportArgs {
  const out: ReportArgs = { help: false, exports: [], out: path.resolve(cwd, 'forge-report') };
  for (const { name, value } of cliOptions(args)) {
    switch (name) {
      case '-h': case '--help': out.help = true; break;
      case '--teams': out.teams = path.resolve(cwd, value()); break;
      case '--db': out.db = path.resolve(cwd, value()); break;
      case '--out': out.out = path.resolve(cwd, value()); break;
      default:
        if (name.startsWith('-')) throw new UsageError(`unknown option ${name}`);
        out.exports.push(path.resolve(cwd, name));
    }
  }
  if (!out.help && out.exports.length === 0) throw new UsageError('name at least one export file');
  return out;
}

/** A teams file: JSON object user -> team, or "user,team" lines (# comments, a "user,team" header allowed). */
export function parseTeams(text: string, file: string): Map<string, string> {
  const m = new Map<string, string>();
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    for (const [user, team] of Object.entries(json as Record<string, unknown>)) {
      if (typeof team !== 'string') throw new UsageError(`${file}: the team of "${user}" must be a string`);
      m.set(user, team);
    }
    return m;
  }
  trimmed.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (!l || l.startsWith('#') || (i === 0 && /^user\s*,\s*team$/i.test(l))) return;
    const [user, team, ...rest] = l.split(',').map((s) => s.trim());
    if (!user || !team || rest.length) throw new UsageError(`${file}:${i + 1}: expected "user,team", got "${l}"`);
    m.set(user, team);
  });
  return m;
}

export async function runReport(args: string[], io: CliIo): Promise<number> {
  let a: ReportArgs;
  let teams: Map<string, string> | undefined;
  const texts: [string, string][] = [];
  try {
    a = parseReportArgs(args, io.cwd);
    if (a.help) {
      io.stdout(REPORT_HELP);
      return EXIT_OK;
    }
    const read = (f: string) => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${f}: ${(e as Error).message}`);
      }
    };
    if (a.teams) teams = parseTeams(read(a.teams), a.teams);
    for (const f of a.exports) texts.push([f, read(f)]);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge report: ${e.message}\nRun \`forge report --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const dbFile = a.db ?? path.join(a.out, 'decisions.sqlite');
  const db = await ReportDb.open(fs.existsSync(dbFile) ? fs.readFileSync(dbFile) : undefined);
  try {
    if (teams) db.setTeams(teams);
    let loaded = 0;
    for (const [file, text] of texts) {
      const r = db.load(file, text);
      loaded += r.loaded;
      const shown = path.relative(io.cwd, file).startsWith('..') ? file : path.relative(io.cwd, file);
      for (const s of r.skipped.slice(0, 5)) io.stderr(`forge report: skipped ${shown}:${s.line}: ${s.why}\n`);
      if (r.skipped.length > 5) io.stderr(`forge report: skipped ${r.skipped.length - 5} more lines of ${file}\n`);
      io.stderr(`forge report: ${file}: ${r.loaded} decisions loaded${r.duplicates ? `, ${r.duplicates} already there` : ''}${r.picks || r.duplicatePicks ? `; ${r.picks} best-of-N picks${r.duplicatePicks ? `, ${r.duplicatePicks} already there` : ''}` : ''}\n`);
    }
    const data = db.reportData();
    if (Number(data.totals[0]?.hunks ?? 0) === 0 && data.endpointsByWins.length === 0) {
      io.stderr(`forge report: no decisions to report on (${loaded} loaded).\n`);
      return EXIT_REFUSED;
    }
    fs.mkdirSync(a.out, { recursive: true });
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    fs.writeFileSync(dbFile, db.bytes());
    const html = renderTeamReport(data, { sources: texts.length, dbFile: path.basename(dbFile) });
    fs.writeFileSync(path.join(a.out, 'report.html'), html);
    io.stdout(`${path.join(a.out, 'report.html')}\n${dbFile}\n`);
    return EXIT_OK;
  } finally {
    db.close();
  }
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "load engineers' exported review decisions into SQLite and write an HTML team report",
  help: REPORT_HELP,
  run: (args, io) => runReport(args, io),
};
