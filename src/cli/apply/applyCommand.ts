/** `forge apply [--root DIR] [--dry-run] [--json] [--format ...] [FILE|-]`: argument handling and output. */
import { parseEdit } from '../../core/edits/parse/parseEdit';
import { loadSyntaxOracle } from '../../core/edits/check/syntaxCheck';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EDIT_FORMAT_CHOICES, type EditFormat } from '../../core/edits/parse/parsedEdit';
import { applyEdit, type ApplyOutcome } from './applyEdit';
import { formatHuman, formatJson } from './applyReport';
import type { CliCommand } from '../commands';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, splitInlineValue, UsageError, type CliIo } from '../io';
import { interruptedWriteNotice, recoverWrites, type RecoverAction } from './recoverWrite';

const FORMATS = EDIT_FORMAT_CHOICES;

export const APPLY_HELP = `Usage: forge apply [--root DIR] [--dry-run] [--json] [--format FORMAT] [FILE|-]

Apply an edit written by a model (or a person) to the files under DIR, all or nothing.
The edit is read from FILE, or from standard input when FILE is "-" or missing.

Options:
  --root DIR       folder the edit's paths are relative to (default: the current folder);
                   paths outside it (absolute, "..", symbolic links) are refused
  --dry-run        only check that everything applies; write nothing
  --json           print a JSON report: { ok, files: [{ path, action, status, hunks: [...] }], error? }
  --format FORMAT  auto (default), unified, search-replace, apply-patch or whole
  --recover [finish|rollback]
                   an earlier write was interrupted (the process was killed): show which files
                   hold their old and which their new bytes; finish: complete it; rollback: put
                   every file back (until then, forge apply and forge run refuse to write)
  -h, --help       show this help

Exit status: 0 everything applied (or would), 1 something was refused (nothing written), 2 usage error.
`;

interface ApplyArgs {
  root: string;
  dryRun: boolean;
  json: boolean;
  format: EditFormat | 'auto';
  file?: string;
  help: boolean;
  recover?: RecoverAction;
}

export function parseApplyArgs(args: string[], cwd: string): ApplyArgs {
  const out: ApplyArgs = { root: cwd, dryRun: false, json: false, format: 'auto', help: false };
  const value = (i: number, flag: string): string => {
    const v = args[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const { name: a, inline } = splitInlineValue(args[i]);
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--dry-run') out.dryRun = true;
    else if (a === '--json') out.json = true;
    else if (a === '--recover') {
      const v = inline ?? (args[i + 1] === 'finish' || args[i + 1] === 'rollback' ? args[++i] : 'status');
      if (v !== 'status' && v !== 'finish' && v !== 'rollback') throw new UsageError(`--recover takes finish or rollback (got "${v}")`);
      out.recover = v;
    }
    else if (a === '--root') {
      out.root = path.resolve(cwd, inline ?? value(i, a));
      if (inline === undefined) i++;
    } else if (a === '--format') {
      const f = inline ?? value(i, a);
      if (inline === undefined) i++;
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${f}")`);
      out.format = f as ApplyArgs['format'];
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (out.file !== undefined) throw new UsageError(`only one edit file may be given (got "${out.file}" and "${a}")`);
    else out.file = a;
  }
  return out;
}

export async function runApply(args: string[], io: CliIo): Promise<number> {
  let parsed: ApplyArgs;
  try {
    parsed = parseApplyArgs(args, io.cwd);
  } catch (err) {
    return usage(io, args.includes('--json'), (err as Error).message);
  }
  if (parsed.help) {
    io.stdout(APPLY_HELP);
    return EXIT_OK;
  }
  if (!fs.existsSync(parsed.root) || !fs.statSync(parsed.root).isDirectory()) {
    return usage(io, parsed.json, `--root ${parsed.root} is not a folder`);
  }
  const root = fs.realpathSync(parsed.root);
  if (parsed.recover) return recoverWrites(root, parsed.recover, io.stdout, io.stderr);
  const interrupted = parsed.dryRun ? undefined : interruptedWriteNotice(root, 'forge apply');
  if (interrupted) {
    io.stderr(interrupted);
    return EXIT_REFUSED;
  }
  let text: string;
  try {
    text = parsed.file === undefined || parsed.file === '-' ? await io.readStdin() : fs.readFileSync(path.resolve(io.cwd, parsed.file), 'utf8');
  } catch (err) {
    return usage(io, parsed.json, `cannot read the edit: ${(err as Error).message}`);
  }
  // The grammars of the files the edit names, for the syntax check of non-exact hunks.
  const named = parseEdit(text, { format: parsed.format }).files.flatMap((f) => [f.path, ...(f.newPath ? [f.newPath] : [])]);
  const outcome: ApplyOutcome = applyEdit({
    root: parsed.root,
    text,
    syntax: await loadSyntaxOracle(named),
    format: parsed.format,
    dryRun: parsed.dryRun,
    title: parsed.file && parsed.file !== '-' ? path.basename(parsed.file) : undefined,
  });
  io.stdout(parsed.json ? formatJson(outcome) : formatHuman(outcome));
  return outcome.exitCode;
}

function usage(io: CliIo, json: boolean, message: string): number {
  if (json) io.stdout(JSON.stringify({ ok: false, files: [], error: message }) + '\n');
  io.stderr(`forge apply: ${message}\nRun \`forge apply --help\` for usage.\n`);
  return EXIT_USAGE;
}

export const applyCommand: CliCommand = {
  name: 'apply',
  summary: 'apply an edit (unified diff, SEARCH/REPLACE, apply_patch, whole file) all-or-nothing',
  help: APPLY_HELP,
  run: runApply,
};
