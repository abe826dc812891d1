/**
 * "Forge: Open Claude Code in Terminal" / "Open Gemini CLI in Terminal": the agent in a VS Code
 * terminal of the workspace, with what it needs to find this window's companion server.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CompanionAgent } from '../../node/companion/companionHost';
import { findOnPath } from '../../node/sandbox/sandboxPlan';
import type { CompanionService } from './companionService';

const AGENTS: Record<CompanionAgent, { bin: string; install: string; setting: string }> = {
  'Claude Code': { bin: 'claude', install: 'npm install -g @anthropic-ai/claude-code@2.1.332', setting: 'forge.companion.claudeCode' },
  'Gemini CLI': { bin: 'gemini', install: 'npm install -g @google/gemini-cli@0.61.0', setting: 'forge.companion.geminiCli' },
};

export async function openAgentTerminal(service: CompanionService, agent: CompanionAgent): Promise<void> {
  const a = AGENTS[agent];
  const bin = findOnPath(a.bin);
  if (!bin) {
    const copy = await vscode.window.showErrorMessage(vscode.l10n.t('Forge: {0} is not installed (no "{1}" on PATH). Install it with: {2}', agent, a.bin, a.install), vscode.l10n.t('Copy Install Command'));
    if (copy) await vscode.env.clipboard.writeText(a.install);
    return;
  }
  await service.ready();
  const env = service.envFor(agent);
  if (!env) {
    void vscode.window.showErrorMessage(
      vscode.workspace.isTrusted
        ? vscode.l10n.t("Forge: the companion for {0} is off ({1}) or could not start; see Forge's log.", agent, a.setting)
        : vscode.l10n.t('Forge: {0} can send its edits to Forge only in a trusted workspace.', agent),
    );
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  // Inside a container Gemini CLI dials host.docker.internal unless told it runs in a remote container.
  const container = fs.existsSync('/.dockerenv') ? { REMOTE_CONTAINERS: 'true' } : {};
  const terminal = vscode.window.createTerminal({ name: agent, cwd: folder?.uri, shellPath: bin, env: { ...env, ...container } });
  terminal.show();
}
