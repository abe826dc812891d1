/**
 * The command table: every command Forge contributes, with its handler. package.json
 * `contributes.commands` lists the same ids (a unit test keeps the two in step).
 */
import * as vscode from 'vscode';
import { reviewPatch } from './reviewPatchCommand';
import { ReviewPanel, type ReviewPanelDeps } from './reviewPanel';
import { revertChangeSet } from './revertCommand';
import { showPendingChanges } from './pendingReviews';
import { decideInline, peekHunk } from './inlineReview';
import type { EndpointCommands } from './endpoints/endpointCommands';
import type { AgentCommands } from './agent/agentCommands';

export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

export function commandTable(deps: ReviewPanelDeps, endpoints: EndpointCommands, agent: AgentCommands, usage: { show(): unknown }): CommandTable {
  return {
    'forge.reviewPatch': (arg) => reviewPatch(deps, arg instanceof vscode.Uri ? arg : undefined),
    'forge.revertChangeSet': () => revertChangeSet(vscode.workspace.workspaceFolders?.[0]?.uri, deps.checkpoints, deps.log),
    'forge.showPendingChanges': () => showPendingChanges(deps),
    'forge.acceptHunk': (...args) => decideInline(true, args),
    'forge.rejectHunk': (...args) => decideInline(false, args),
    'forge.peekHunk': (...args) => peekHunk(deps.proposals, args),
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
  };
}

export function registerCommands(table: CommandTable): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
