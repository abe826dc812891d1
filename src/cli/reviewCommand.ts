/**
 * `forge review [--json] [--title T] [--agent NAME] [--format F] [FILE|-]`: sends an edit to the review panel
 * of the VS Code window that has this folder open and waits for the engineer's decisions. Any script, git
 * hook or terminal agent can use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EDIT_FORMAT_CHOICES } from '../core/edits/parse/parsedEdit';
import { callBridge } from '../node/bridge/bridgeClient';
import { findWindow } from '../node/bridge/bridgeDiscovery';
import type { ProposeParams, ProposeResult } from '../node/bridge/bridgeProtocol';
import { summarizeResult } from '../node/bridge/proposeVerdicts';
import type { CliCommand } from './commands';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, cliOptions, UsageError, type CliIo } from './io';

const FORMATS = EDIT_FORMAT_CHOICES;

export const REVIEW_HELP = `Usage: forge review [--json] [--title TITLE] [--agent NAME] [--format FORMAT] [FILE|-]

Send an edit (unified diff, SEARCH/REPLACE, apply_patch or whole file) to the review panel of the VS Code
window that has this folder open (or the window whose terminal this is), and wait until the engineer has
decided every hunk. Only what they accept is written, by VS Code, as they edited it.

Options:
  --json           print the decisions as JSON: { changeSetId, allAccepted, files: [{ path, hunks: [{ hunkIndex,
                   decision: accepted|rejected|edited|undecided, reason?, editedLines?, line, oldLines, newLines }] }] }
  --title TITLE    a title for the review panel
  --agent NAME     who proposes the edit (shown in the panel), e.g. "Claude Code"
  --format FORMAT  auto (default), unified, search-replace, apply-patch or whole
  -h, --help       show this help

Exit status: 0 every hunk accepted as proposed, 1 something was rejected, edited, left undecided or could
not be written, 2 usage error or no Forge window for this folder.
`;

interface ReviewArgs {
  json: boolean;
  help: boolean;
  file?: string;
  title?: string;
  agent?: string;
  format: ProposeParams['format'];
}

export function parseReviewArgs(args: string[]): ReviewArgs {
  const out: ReviewArgs = { json: false, help: false, format: 'auto' };
  for (const { name: a, value } of cliOptions(args)) {
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = true;
    else if (a === '--title') out.title = value();
    else if (a === '--agent') out.agent = value();
    else if (a === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${f}")`);
      out.format = f as ReviewArgs['format'];
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (out.file !== undefined) throw new UsageError(`only one edit file may be given (got "${out.file}" and "${a}")`);
    else out.file = a;
  }
  return out;
}

export const reviewCommand: CliCommand = {
  name: 'review',
  summary: 'send an edit to the VS Code window of this folder for per-hunk review; wait for the decisions',
  help: REVIEW_HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    let args: ReviewArgs;
    try {
      args = parseReviewArgs(argv);
    } catch (err) {
      io.stderr(`forge review: ${(err as Error).message}\n\n${REVIEW_HELP}`);
      return EXIT_USAGE;
    }
    if (args.help) return io.stdout(REVIEW_HELP), EXIT_OK;
    let edit: string;
    try {
      edit = args.file === undefined || args.file === '-' ? await io.readStdin() : fs.readFileSync(path.resolve(io.cwd, args.file), 'utf8');
    } catch (err) {
      io.stderr(`forge review: cannot read ${args.file}: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (edit.trim() === '') return io.stderr('forge review: the edit is empty\n'), EXIT_USAGE;
    const window = findWindow(io.cwd);
    if ('error' in window) return io.stderr(`forge review: ${window.error}\n`), EXIT_USAGE;
    const title = args.title ?? (args.file && args.file !== '-' ? path.basename(args.file) : undefined);
    let result: ProposeResult;
    try {
      result = await callBridge<ProposeResult>(window, 'proposeChanges', { edit, format: args.format, ...(title ? { title } : {}), ...(args.agent ? { agent: args.agent } : {}) });
    } catch (err) {
      // The window answered with a refusal (the edit does not apply): nothing was written.
      const message = (err as Error).message;
      if (args.json) io.stdout(JSON.stringify({ allAccepted: false, files: [], error: message }, null, 2) + '\n');
      io.stderr(`forge review: ${message}\n`);
      return /cannot reach|closed the connection/.test(message) ? EXIT_USAGE : EXIT_REFUSED;
    }
    if (args.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else io.stdout(summarizeResult(result) + '\n');
    return result.allAccepted ? EXIT_OK : EXIT_REFUSED;
  },
};
