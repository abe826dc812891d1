/**
 * Workspace trust (Restricted Mode): Forge reads and proposes, but runs no commands, starts no
 * stdio MCP servers and ignores the workspace's values of the settings that choose endpoints. Each
 * task checks vscode.workspace.isTrusted when it starts, so granting trust works without a reload.
 */
import * as vscode from 'vscode';
import type { Terminal } from '../../core/ports';
import type { McpServerConfig } from '../../core/settings/agentSettings';

export const RESTRICTED_REASON = 'Commands do not run in Restricted Mode (this workspace is not trusted). Read and propose edits instead, or ask the user to trust the workspace.';

/** The Terminal port of an untrusted workspace: run_command tells the model why, and nothing runs. */
export const RESTRICTED_TERMINAL: Terminal = {
  unavailable: RESTRICTED_REASON,
  run: async () => ({ exitCode: null, output: RESTRICTED_REASON, timedOut: false, cancelled: true, truncated: false, durationMs: 0 }),
};

/** A setting's inspect() without the workspace's values while the workspace is not trusted. */
export function trustedOnly<T>(i: { workspaceValue?: T; workspaceFolderValue?: T } | undefined): { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } {
  if (!i) return {};
  return vscode.workspace.isTrusted ? i : { ...i, workspaceValue: undefined, workspaceFolderValue: undefined };
}

/** The MCP servers a task may start: stdio servers only in a trusted workspace. */
export function trustedMcpServers(servers: McpServerConfig[], log?: { info(t: string): void }): McpServerConfig[] {
  if (vscode.workspace.isTrusted) return servers;
  const kept = servers.filter((s) => s.transport !== 'stdio');
  if (kept.length !== servers.length) log?.info(`Restricted Mode: ${servers.length - kept.length} stdio MCP server(s) not started until the workspace is trusted.`);
  return kept;
}
