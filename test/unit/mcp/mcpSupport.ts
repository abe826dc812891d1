/** Shared equipment for the MCP tests: server configs for the real test server, a tool context, a scripted user. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PathGuard } from '../../../src/core/context/pathGuard';
import { JsSearcher } from '../../../src/core/context/jsSearcher';
import type { Approval, CommandApproval } from '../../../src/core/ports';
import type { McpServerConfig } from '../../../src/core/settings/agentSettings';
import type { ToolContext, ToolNotice } from '../../../src/core/tools/tool';
import type { NodeWorkspace } from '../../../src/node/nodeWorkspace';

export const SERVER_MAIN = path.resolve(__dirname, '../../support/mcpServerMain.ts');
/** `node --import <tsx> mcpServerMain.ts`, with tsx by URL so any cwd works. */
export const SERVER_ARGS = ['--import', pathToFileURL(require.resolve('tsx')).href, SERVER_MAIN];

/** The test server as a stdio child process (run through tsx). */
export function stdioServer(name: string, over: Partial<Extract<McpServerConfig, { transport: 'stdio' }>> = {}): McpServerConfig {
  return { name, transport: 'stdio', command: process.execPath, args: SERVER_ARGS, env: {}, autoApprove: [], disabled: false, ...over };
}

export function httpServer(name: string, url: string, over: Partial<Extract<McpServerConfig, { transport: 'http' }>> = {}): McpServerConfig {
  return { name, transport: 'http', url, headers: {}, autoApprove: [], disabled: false, ...over };
}

/** An Approval whose user answers tool approvals from a list (and records what was asked). */
export class ScriptedUser implements Approval {
  readonly asked: { tool: string; args: string; reason: string }[] = [];
  constructor(public answers: CommandApproval[] = []) {}
  async reviewChangeSet(): Promise<never> {
    throw new Error('no change sets in these tests');
  }
  async approveTool(tool: string, args: string, info: { reason: string }): Promise<CommandApproval> {
    this.asked.push({ tool, args, reason: info.reason });
    return this.answers.shift() ?? 'deny';
  }
}

export function toolContext(ws: NodeWorkspace, approval: Approval, notices: ToolNotice[] = [], maxOutputChars = 10_000): ToolContext {
  const paths = new PathGuard(ws);
  return {
    workspace: ws, paths, ignore: paths.ignore, searcher: new JsSearcher(ws, paths.ignore), approval,
    state: { plan: [], changedFiles: [], allowedCommands: [], commandAllowlist: [], secretReadsAllowed: [], commandTimeoutMs: 10_000, maxOutputChars },
    notify: (n) => notices.push(n),
  };
}
