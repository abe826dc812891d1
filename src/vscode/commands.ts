/**
 * The command table: every command Forge contributes, with its handler. package.json
 * `contributes.commands` lists the same ids (a unit test keeps the two in step).
 */
import * as vscode from 'vscode';
import { reviewPatch } from './review/reviewPatchCommand';
import { ReviewPanel, type ReviewPanelDeps } from './review/reviewPanel';
import { revertChangeSet, type RevertRequest } from './review/revertCommand';
import type { ChangeSetNode } from './review/changeSetsView';
import { CheckpointDocuments } from './review/checkpointDocuments';
import type { RevertDirection } from '../core/review/revertPlan';
import { showPendingChanges } from './review/pendingReviews';
import { decideInline, peekHunk } from './review/inlineReview';
import type { EndpointCommands } from './endpoints/endpointCommands';
import type { AgentCommands } from './agent/agentCommands';

export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

/** Worktree tasks (src/vscode/tasks): New Task in Worktree and the Tasks view's actions. */
export interface WorktreeTaskCommands {
  newTask(text?: unknown): unknown;
  stop(arg?: unknown): unknown;
  continue?(arg?: unknown): unknown;
  review(arg?: unknown): unknown;
  discard(arg?: unknown): unknown;
  clearFinished?(): unknown;
  /** Best of N (tasks/bestOfTasks.ts). */
  runBestOf?(text?: unknown): unknown;
  compareCandidates?(arg?: unknown): unknown;
}

export function commandTable(deps: ReviewPanelDeps, endpoints: EndpointCommands, agent: AgentCommands, usage: { show(): unknown; exportDecisions?(): unknown }, report: { open(): unknown }, companion: { open(agent: 'Claude Code' | 'Gemini CLI'): unknown }, worktreeTasks?: WorktreeTaskCommands): CommandTable {
  return {
    'forge.reviewPatch': (arg) => reviewPatch(deps, arg instanceof vscode.Uri ? arg : undefined),
    'forge.revertChangeSet': (target) => revertChangeSet(deps, vscode.workspace.workspaceFolders?.[0]?.uri, revertRequest(target, 'revert')),
    'forge.reapplyChangeSet': (target) => revertChangeSet(deps, vscode.workspace.workspaceFolders?.[0]?.uri, revertRequest(target, 'reapply')),
    'forge.showChangeSetDiff': (target) => showChangeSetDiff(target),
    'forge.showPendingChanges': (id) => showPendingChanges(deps, typeof id === 'string' ? id : undefined),
    'forge.acceptHunk': (...args) => decideInline(true, args),
    'forge.rejectHunk': (...args) => decideInline(false, args),
    'forge.peekHunk': (...args) => peekHunk(deps.proposals, args),
    'forge.useHunkText': (uri) => deps.hunkTexts.use(uri instanceof vscode.Uri ? uri : undefined),
    'forge.discardHunkText': (uri) => deps.hunkTexts.discard(uri instanceof vscode.Uri ? uri : undefined),
    'forge.revealReview': (id) => {
      if (typeof id === 'string') ReviewPanel.reveal(id);
    },
    'forge.addEndpoint': () => endpoints.addEndpoint(),
    'forge.setApiKey': (profileId) => endpoints.setApiKey(profileId),
    'forge.selectModel': () => endpoints.selectModel(),
    'forge.testEndpoint': (profileId) => endpoints.testEndpoint(profileId),
    'forge.newTask': (task) => agent.newTask(task),
    'forge.editSelection': (instruction) => agent.editSelection(instruction),
    'forge.fixProblems': () => agent.fixProblems(),
    'forge.explainSelection': () => agent.explainSelection(),
    'forge.stop': () => agent.stop(),
    'forge.showTaskHistory': () => agent.showTaskHistory(),
    'forge.continueTask': () => agent.continueTask(),
    'forge.showUsage': () => usage.show(),
    'forge.openClaudeCode': () => companion.open('Claude Code'),
    'forge.openGeminiCli': () => companion.open('Gemini CLI'),
    'forge.exportReviewDecisions': () => usage.exportDecisions?.(),
    'forge.reportProblem': () => report.open(),
    'forge.showRequest': () => agent.showRequest(),
    'forge.newWorktreeTask': (text) => worktreeTasks?.newTask(text),
    'forge.stopWorktreeTask': (arg) => worktreeTasks?.stop(arg),
    'forge.continueWorktreeTask': (arg) => worktreeTasks?.continue?.(arg),
    'forge.reviewWorktreeTask': (arg) => worktreeTasks?.review(arg),
    'forge.discardWorktreeTask': (arg) => worktreeTasks?.discard(arg),
    'forge.clearFinishedWorktreeTasks': () => worktreeTasks?.clearFinished?.(),
    'forge.runBestOf': (text) => worktreeTasks?.runBestOf?.(text),
    'forge.compareCandidates': (arg) => worktreeTasks?.compareCandidates?.(arg),
  };
}

/** A command's argument: a change set id (the review summary), a Change Sets view node, or nothing (palette: pick one). */
function revertRequest(target: unknown, direction: RevertDirection): RevertRequest {
  if (typeof target === 'string') return { changeSetId: target, direction };
  const node = target as ChangeSetNode | undefined;
  if (node?.kind === 'set') return { changeSetId: node.cp.changeSetId, direction };
  if (node?.kind === 'file') return { changeSetId: node.cp.changeSetId, path: node.path, direction };
  if (node?.kind === 'hunk') return { changeSetId: node.cp.changeSetId, path: node.path, hunk: node.hunk.index, direction };
  return { direction };
}

async function showChangeSetDiff(target: unknown): Promise<void> {
  const node = target as ChangeSetNode | undefined;
  if (node?.kind === 'set' && node.cp.files[0]) await CheckpointDocuments.showDiff(node.cp.changeSetId, node.cp.files[0].path);
  else if (node?.kind === 'file' || node?.kind === 'hunk') await CheckpointDocuments.showDiff(node.cp.changeSetId, node.path);
}

export function registerCommands(table: CommandTable): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
