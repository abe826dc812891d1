/** The command table of the headless `forge` CLI. Each command: a name, a one-line summary, help, run. */
import { applyCommand } from './apply/applyCommand';
import { checkCommandCommand } from './checkCommand';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import { mcpCommand } from './mcpCommand';
import { reviewCommand } from './reviewCommand';
import { probeCommand } from './probeCommand';
import { runTaskCommand } from './run/runTaskCommand';
import { evalCommand } from './eval/evalCommand';
import { exportCommand } from './exportCommand';
import { reportCommand } from './reportCommand';
import { worktreesCommand } from './run/worktreesCommand';

export interface CliCommand {
  name: string;
  summary: string;
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: readonly CliCommand[] = [applyCommand, runTaskCommand, evalCommand, exportCommand, reportCommand, probeCommand, checkCommandCommand, reviewCommand, mcpCommand, worktreesCommand];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: forge <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `forge <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(target ? target.help : mainHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`forge: unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT_USAGE;
  }
  return cmd.run(rest, io);
}
