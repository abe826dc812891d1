/** `forge worktrees`: the task worktrees of a repository (left by --keep-worktree, a refused write or a killed run): list them, discard one. */
import * as path from 'node:path';
import { discardTaskWorktree, listTaskWorktrees, unreviewedWork } from '../../node/worktrees';
import type { CliCommand } from '../commands';
import type { Prompt } from './consoleApproval';
import { wantsColor } from './consoleDiff';
import { cliOptions, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type CliIo } from '../io';
import { ttyPrompt } from './runTaskCommand';
import { finishWorktree } from './worktreeRun';

export const WORKTREES_HELP = `Usage: forge worktrees [list] [--root DIR]
       forge worktrees review TASK-ID [--yes] [--commit] [--keep-branch] [--keep-worktree] [--root DIR]
       forge worktrees discard TASK-ID [--force] [--keep-branch] [--root DIR]

The task worktrees (forge run --worktree) of the repository that holds DIR (default: the current folder).
list (default) prints each task's id, branch, base, folder and its unreviewed work.
review shows a task's change set against your checkout, hunk by hunk, and writes what you accept
(--yes: all; --commit: keep it as a commit on the task's branch instead), then removes the worktree
as \`forge run --worktree\` does at the end of a task.
discard removes a task's worktree and its branch; with unreviewed work (changed files, or commits on
its branch) it refuses and says what would be lost, unless --force. --keep-branch keeps the branch.
Exit status: 0 done, 1 refused or failed, 2 usage error.
`;

export async function worktrees(args: string[], io: CliIo, host: { prompt?: Prompt; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  let root = io.cwd;
  let force = false;
  let keepBranch = false;
  let yes = false;
  let commit = false;
  let keepWorktree = false;
  const words: string[] = [];
  try {
    for (const { name, value } of cliOptions(args)) {
      if (name === '-h' || name === '--help') {
        io.stdout(WORKTREES_HELP);
        return EXIT_OK;
      } else if (name === '--root') root = path.resolve(io.cwd, value());
      else if (name === '--force') force = true;
      else if (name === '--keep-branch') keepBranch = true;
      else if (name === '--yes' || name === '-y') yes = true;
      else if (name === '--commit') commit = true;
      else if (name === '--keep-worktree') keepWorktree = true;
      else if (name.startsWith('-') && name.length > 1) throw new UsageError(`unknown option ${name}`);
      else words.push(name);
    }
    const [sub = 'list', id, ...extra] = words;
    if (sub !== 'list' && sub !== 'discard' && sub !== 'review') throw new UsageError(`unknown subcommand "${sub}" (list, review or discard)`);
    if (sub !== 'list' && !id) throw new UsageError(`name the task: forge worktrees ${sub} TASK-ID`);
    if (extra.length || (sub === 'list' && id)) throw new UsageError(`unexpected argument "${extra[0] ?? id}"`);
    const all = await listTaskWorktrees(root).catch((e: Error) => {
      throw new RefusedError(e.message);
    });
    if (sub === 'list') {
      if (all.length === 0) io.stdout('No task worktrees.\n');
      for (const wt of all) {
        const { files, commits } = await unreviewedWork(wt);
        const work = files.length || commits ? `${files.length} changed file${files.length === 1 ? '' : 's'}, ${commits} commit${commits === 1 ? '' : 's'}` : 'no unreviewed work';
        io.stdout(`${wt.taskId}  ${wt.branch}  from ${wt.base} (${wt.baseCommit.slice(0, 12)})  ${work}\n  ${wt.path}\n`);
      }
      return EXIT_OK;
    }
    const wt = all.find((w) => w.taskId === id);
    if (!wt) throw new RefusedError(`There is no task worktree "${id}" in this repository (forge worktrees list shows them).`);
    if (sub === 'review') {
      const prompt = host.prompt ?? ttyPrompt(io);
      const color = wantsColor(process.stdout.isTTY, host.env ?? process.env);
      return await finishWorktree(wt, `Task ${wt.taskId}`, { w: { sparse: [], copy: [], commit, keepBranch, keepWorktree }, yes, prompt, out: io.stdout, color });
    }
    await discardTaskWorktree(wt, { force, keepBranch }).catch((e: Error) => {
      throw new RefusedError(e.message.replace('discard with force', 'run it again with --force'));
    });
    io.stdout(`Removed the worktree of ${wt.taskId}${keepBranch ? ` (branch ${wt.branch} kept)` : ` and branch ${wt.branch}`}.\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`forge worktrees: ${e.message}\nRun \`forge worktrees --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof RefusedError) {
      io.stderr(`forge worktrees: ${e.message}\n`);
      return EXIT_REFUSED;
    }
    throw e;
  }
}

class RefusedError extends Error {}

export const worktreesCommand: CliCommand = {
  name: 'worktrees',
  summary: 'list the task worktrees of a repository, review one into your checkout, or discard one',
  help: WORKTREES_HELP,
  run: (args, io) => worktrees(args, io),
};
