/**
 * `forge run --worktree`: the task gets its own git worktree (src/node/worktrees), works there
 * with its edits written straight into that private folder, and when it ends its whole change set
 * is reviewed hunk by hunk against the engineer's checkout; what is accepted is written there
 * through the change-set writer (all or nothing, byte for byte), or the work is kept as a commit
 * on the task's branch (--commit). Then the worktree goes, unless --keep-worktree, or unless
 * something was left unreviewed (it stays, and the message says where).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentEvent } from '../../core/agent/events';
import { SANDBOX_DEFAULTS, type SandboxSettings } from '../../core/settings/sandboxSettings';
import { ShellSandbox } from '../../node/sandbox/shellSandbox';
import { commitTaskWork, createTaskWorktree, discardTaskWorktree, staleInCheckout, worktreeChanges, type TaskWorktree } from '../../node/worktrees';
import { ConsoleApproval, type Prompt } from './consoleApproval';
import type { WorktreeArgs } from './runTaskArgs';
import { EXIT_OK, EXIT_REFUSED } from '../io';

export function newTaskId(): string {
  return `task-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Creates the task's worktree; the folder the agent works in (the same subfolder of it as `root` is of the checkout). */
export async function startWorktree(root: string, taskId: string, w: WorktreeArgs, sandbox: Partial<SandboxSettings>, env: NodeJS.ProcessEnv, keyNames: string[], signal?: AbortSignal): Promise<{ wt: TaskWorktree; agentRoot: string }> {
  const runner = (cwd: string) => new ShellSandbox({ ...SANDBOX_DEFAULTS, ...sandbox }, { roots: [cwd], env, keyNames });
  const wt = await createTaskWorktree({ folder: root, taskId, base: w.base, sparse: w.sparse, copy: w.copy, setup: w.setup ? { command: w.setup, runner, signal } : undefined });
  const rel = path.relative(fs.realpathSync(wt.repo), fs.realpathSync(root));
  return { wt, agentRoot: rel ? path.join(wt.path, rel) : wt.path };
}

export interface FinishOptions {
  w: WorktreeArgs;
  yes: boolean;
  prompt?: Prompt;
  out: (t: string) => void;
  color: boolean;
  /** Sees the final review as events (the decisions log). */
  record?: (e: AgentEvent) => void;
}

/** Reviews (or commits) the task's work and removes the worktree; the exit code. */
export async function finishWorktree(wt: TaskWorktree, summary: string, o: FinishOptions): Promise<number> {
  const kept = (why: string) => {
    o.out(`${why}\nThe task's worktree stays at ${wt.path} (branch ${wt.branch}); remove it with \`git worktree remove --force ${wt.path}\` and \`git branch -D ${wt.branch}\`.\n`);
    return EXIT_REFUSED;
  };
  const ch = await worktreeChanges(wt, `Task ${wt.taskId}: ${summary.split('\n')[0]!.slice(0, 80)}`);
  const message = `${summary.split('\n')[0]!.slice(0, 72) || 'Forge task'}\n\nForge task ${wt.taskId}, started from ${wt.base} (${wt.baseCommit.slice(0, 12)}).`;
  let code = EXIT_OK;
  if (o.w.commit) {
    const sha = await commitTaskWork(wt, message);
    o.out(sha ? `\nThe task's work is kept as commit ${sha.slice(0, 12)} on branch ${wt.branch}; your checkout is unchanged.\n` : '\nThe task changed no files.\n');
  } else if (ch.changeSet.files.length === 0 && ch.notText.length === 0) {
    o.out('\nThe task changed no files.\n');
  } else {
    const stale = staleInCheckout(wt, ch);
    if (stale.length) return kept(`\n${stale.join(', ')} changed in your checkout since the task started from ${wt.base}, so its change set was not applied; nothing was written.`);
    if (ch.unexpressible.length || ch.notText.length) {
      o.out(`\n${[...ch.unexpressible, ...ch.notText].join(', ')} cannot be reviewed as text and stay on branch ${wt.branch} only.\n`);
    }
    if (ch.changeSet.files.length) {
      const approval = new ConsoleApproval({ root: fs.realpathSync(wt.repo), yes: o.yes, prompt: o.prompt, out: o.out, color: o.color });
      o.record?.({ type: 'changeSetProposed', changeSet: ch.changeSet, bases: Object.fromEntries(ch.changes.map((c) => [c.path, c.before])) });
      const outcome = await approval.reviewChangeSet(ch.changeSet);
      if (outcome.applyError) return kept(`The accepted changes could not be written (${outcome.applyError}).`);
      if (!outcome.completed) return kept('\nThe task\'s change set was not reviewed (no terminal to ask, and no --yes), so nothing was written.');
      const accepted = outcome.files.reduce((n, f) => n + f.decisions.filter((d) => d.decision.kind !== 'reject').length, 0);
      const rejected = outcome.files.reduce((n, f) => n + f.decisions.filter((d) => d.decision.kind === 'reject').length, 0);
      o.record?.({ type: 'changeSetReviewed', changeSetId: ch.changeSet.id, outcome, acceptedHunks: accepted, rejectedHunks: rejected, changedFiles: outcome.files.filter((f) => f.decisions.some((d) => d.decision.kind !== 'reject')).map((f) => f.path) });
    }
    if (o.w.keepBranch || ch.notText.length || ch.unexpressible.length) {
      const sha = await commitTaskWork(wt, message);
      if (sha) o.out(`The task's whole work is also kept as commit ${sha.slice(0, 12)} on branch ${wt.branch}.\n`);
    }
  }
  if (o.w.keepWorktree) {
    o.out(`The task's worktree stays at ${wt.path} (branch ${wt.branch}).\n`);
    return code;
  }
  const keepBranch = o.w.commit || o.w.keepBranch || ch.notText.length > 0 || ch.unexpressible.length > 0;
  try {
    // Reviewed (or committed): nothing is lost by removing it.
    await discardTaskWorktree(wt, { force: true, keepBranch });
    o.out(`Removed the task's worktree${keepBranch ? '' : ` and branch ${wt.branch}`}.\n`);
  } catch (e) {
    code = kept(`Could not remove the task's worktree: ${(e as Error).message}`);
  }
  return code;
}
