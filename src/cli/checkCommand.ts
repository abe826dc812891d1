/** `forge check-command [--root DIR] [--allow PREFIX]... [--no-defaults] [--json] "LINE"`: the command policy's verdict on a line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkCommand, DEFAULT_COMMAND_ALLOWLIST, KEY_ENV_NAMES } from '../core/policy/commandPolicy';
import { TreeSitterShellParser } from '../core/policy/bashParser';
import { nodeGrammarSource } from '../node/nodeGrammars';
import { NodeWorkspace } from '../node/nodeWorkspace';
import type { CliCommand } from './commands';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, cliOptions, UsageError, type CliIo } from './io';

export const CHECK_HELP = `Usage: forge check-command [--root DIR] [--allow PREFIX]... [--no-defaults] [--json] "LINE"

Tells whether Forge's agent would run a command line without asking, and why.

Options:
  --root DIR       the workspace the command would run in (default: the current folder)
  --allow PREFIX   also allow this command prefix (e.g. "npm run lint"); repeatable
  --no-defaults    allow only the --allow prefixes, not the default allowlist
  --json           print { verdict, reason, commands } as JSON
  -h, --help       show this help

Default allowlist: ${DEFAULT_COMMAND_ALLOWLIST.join(', ')}

Exit status: 0 it would run without asking, 1 it must ask, 2 usage error.
`;

interface CheckArgs {
  root: string;
  allow: string[];
  defaults: boolean;
  json: boolean;
  line?: string;
  help: boolean;
}

export function parseCheckArgs(args: string[], cwd: string): CheckArgs {
  const out: CheckArgs = { root: cwd, allow: [], defaults: true, json: false, help: false };
  for (const { name: a, value, rest } of cliOptions(args)) {
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = true;
    else if (a === '--no-defaults') out.defaults = false;
    else if (a === '--root') out.root = path.resolve(cwd, value());
    else if (a === '--allow') out.allow.push(value());
    else if (a === '--') {
      const after = rest();
      if (after.length > 0) out.line = after.join(' ');
      break;
    } else if (a.startsWith('-') && out.line === undefined) throw new UsageError(`unknown option ${a}`);
    else if (out.line !== undefined) throw new UsageError('give the command line as one argument (quote it)');
    else out.line = a;
  }
  return out;
}

export const checkCommandCommand: CliCommand = {
  name: 'check-command',
  summary: 'Tell whether the agent would run a command line without asking',
  help: CHECK_HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    let a: CheckArgs;
    try {
      a = parseCheckArgs(args, io.cwd);
      if (a.help) {
        io.stdout(CHECK_HELP);
        return EXIT_OK;
      }
      if (a.line === undefined) throw new UsageError('give the command line to check');
      if (!fs.existsSync(a.root) || !fs.statSync(a.root).isDirectory()) throw new UsageError(`--root ${a.root} is not a folder`);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr(`forge check-command: ${e.message}\nRun \`forge check-command --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    const grammars = nodeGrammarSource();
    const ws = new NodeWorkspace(a.root);
    const v = await checkCommand(grammars && new TreeSitterShellParser(grammars), a.line, {
      allowlist: [...(a.defaults ? DEFAULT_COMMAND_ALLOWLIST : []), ...a.allow], secretVars: [...KEY_ENV_NAMES], realPath: (p) => ws.realPath(p),
    });
    if (a.json) io.stdout(`${JSON.stringify(v, null, 2)}\n`);
    else io.stdout(`${v.verdict === 'allow' ? 'allow: runs without asking' : 'ask: needs approval'}\n${v.commands.map((c) => `  command: ${c}\n`).join('')}reason: ${v.reason}\n`);
    return v.verdict === 'allow' ? EXIT_OK : EXIT_REFUSED;
  },
};
