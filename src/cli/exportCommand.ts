/** `forge export`: the review decisions `forge run` recorded, as a JSON-lines dataset (docs/export.md). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IgnoreRules } from '../core/context/ignoreRules';
import { SecretRedactor } from '../core/context/redaction';
import { exportJsonLines, toExportLines, toPreferenceExportLines } from '../core/usage/decisionExport';
import { DecisionLog } from '../node/decisionLog';
import { NodeWorkspace } from '../node/nodeWorkspace';
import type { CliCommand } from './commands';
import { EXIT_OK, EXIT_USAGE, cliOptions, UsageError, type CliIo } from './io';

export const EXPORT_HELP = `Usage: forge export [--log FILE] [--out FILE] [--anonymize-paths [--salt S]] [--user NAME] [--team NAME]

Writes the review decisions that \`forge run\` recorded as a JSON-lines dataset (one line per
decided hunk: the task, the hunk with a few lines of its file, the decision, your edited lines,
your reason, model, endpoint, times). Schema and a worked example: docs/export.md. Secrets are
redacted, secret-looking files never appear.

Options:
  --log FILE          the decisions log to read (default: ~/.forge/tasks/decisions.jsonl, where
                      \`forge run\` records them)
  --out FILE          where to write (default: standard output)
  --anonymize-paths   replace every path by a stable hash of it (the extension is kept)
  --salt S            mixed into that hash (share one salt within a team to compare paths)
  --user NAME         who decided (default: your login name)
  --team NAME         your team, for \`forge report\`
  --since DATE        only decisions at or after DATE (ISO, e.g. 2026-12-01)
  --root DIR          also redact the values of DIR's .env files and leave out files DIR ignores
  -h, --help          show this help

Exit status: 0 written, 2 usage error.
`;

interface ExportArgs {
  help: boolean;
  log: string;
  out?: string;
  anonymize: boolean;
  salt?: string;
  user: string;
  team?: string;
  since?: string;
  root?: string;
}

function parseExportArgs(args: string[], cwd: string, env: NodeJS.ProcessEnv): ExportArgs {
  const out: ExportArgs = { help: false, log: path.join(os.homedir(), '.forge', 'tasks', 'decisions.jsonl'), anonymize: false, user: env.USER || env.USERNAME || os.userInfo().username };
  for (const { name, value } of cliOptions(args)) {
    switch (name) {
      case '-h': case '--help': out.help = true; break;
      case '--log': out.log = path.resolve(cwd, value()); break;
      case '--out': out.out = path.resolve(cwd, value()); break;
      case '--anonymize-paths': case '--anonymise-paths': out.anonymize = true; break;
      case '--salt': out.salt = value(); break;
      case '--user': out.user = value(); break;
      case '--team': out.team = value(); break;
      case '--since': {
        const v = value();
        if (Number.isNaN(Date.parse(v))) throw new UsageError(`--since ${v} is not a date (use e.g. 2026-12-01)`);
        out.since = new Date(v).toISOString();
        break;
      }
      case '--root': out.root = path.resolve(cwd, value()); break;
      default: throw new UsageError(name.startsWith('-') ? `unknown option ${name}` : `unexpected argument "${name}"`);
    }
  }
  return out;
}

export async function runExport(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let a: ExportArgs;
  try {
    a = parseExportArgs(args, io.cwd, env);
    if (a.root && !fs.existsSync(a.root)) throw new UsageError(`--root ${a.root} is not a folder`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge export: ${e.message}\nRun \`forge export --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  if (a.help) {
    io.stdout(EXPORT_HELP);
    return EXIT_OK;
  }
  const { records, preferences, skipped } = await new DecisionLog(a.log).read();
  let redact: ((t: string) => string) | undefined;
  const ignored = new Set<string>();
  if (a.root) {
    const ws = new NodeWorkspace(a.root);
    const r = await SecretRedactor.forWorkspace(ws);
    redact = (t) => r.redact(t);
    const rules = new IgnoreRules(ws);
    for (const p of new Set([...records.map((x) => x.path), ...preferences.flatMap((x) => x.taken.map((t) => t.path))])) if ((await rules.check(p)).ignored) ignored.add(p);
  }
  const o = { user: a.user, team: a.team, anonymizePaths: a.anonymize, salt: a.salt, since: a.since, redact, exclude: (p: string) => ignored.has(p) };
  const lines = toExportLines(records, o);
  const picks = toPreferenceExportLines(preferences, o);
  const text = exportJsonLines([...lines, ...picks]);
  if (a.out) {
    fs.mkdirSync(path.dirname(a.out), { recursive: true });
    fs.writeFileSync(a.out, text);
    io.stderr(`forge export: ${lines.length} decisions${picks.length ? ` and ${picks.length} best-of-N picks` : ''} written to ${a.out}${skipped ? ` (${skipped} unreadable lines of ${a.log} skipped)` : ''}\n`);
  } else {
    io.stdout(text);
    if (skipped) io.stderr(`forge export: ${skipped} unreadable lines of ${a.log} skipped\n`);
  }
  return EXIT_OK;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write your recorded review decisions as a JSON-lines dataset',
  help: EXPORT_HELP,
  run: (args, io) => runExport(args, io),
};
