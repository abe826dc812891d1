/**
 * `forge mcp`: a stdio MCP server that lets any MCP client (Claude Code, Codex CLI, Gemini CLI, ...) send
 * its edits to Forge's review panel in the VS Code window of the working folder, and read that window's
 * diagnostics and selection. tools/list always works; a call made while no window has the folder open
 * answers with one error saying what to do.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { callBridge } from '../node/bridge/bridgeClient';
import { findWindow } from '../node/bridge/bridgeDiscovery';
import type { BridgeMethod, ProposeResult } from '../node/bridge/bridgeProtocol';
import { summarizeResult } from '../node/bridge/proposeVerdicts';
import type { CliCommand } from './commands';
import { EXIT_OK, type CliIo } from './io';

export const MCP_HELP = `Usage: forge mcp

Run a stdio MCP server whose tools reach the VS Code window (with Forge) that has the working folder open:
  propose_changes   send an edit (unified diff, SEARCH/REPLACE, apply_patch, whole file) to Forge's review
                    panel; returns each hunk's decision, the reviewer's edited lines and reasons
  get_diagnostics   the window's Problems (errors and warnings), for one file or all
  open_file         open a file at a line in the window
  get_selection     the active editor's selection

Add it to a terminal agent, e.g.  claude mcp add forge -- forge mcp
`;

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** Calls the window of `cwd`; a missing window or a refusal becomes an error result the agent can read. */
async function viaWindow(cwd: string, method: BridgeMethod, params: unknown, render: (r: unknown) => string): Promise<ToolResult> {
  const window = findWindow(cwd);
  if ('error' in window) return { content: [{ type: 'text', text: window.error }], isError: true };
  try {
    return { content: [{ type: 'text', text: render(await callBridge(window, method, params)) }] };
  } catch (err) {
    return { content: [{ type: 'text', text: (err as Error).message }], isError: true };
  }
}

export function createForgeMcpServer(cwd: string, version = '0.1.0'): McpServer {
  const mcp = new McpServer({ name: 'forge', version });
  mcp.registerTool(
    'propose_changes',
    {
      description:
        'Propose file changes for the engineer to review hunk by hunk in VS Code (Forge). Nothing is written until they accept; ' +
        'the answer lists, per hunk, accepted / rejected (with the reason) / edited (with the lines they wrote instead) / undecided. ' +
        'Use the edited lines as the new truth of the file.',
      inputSchema: {
        edit: z.string().min(1).describe('The edit: a unified diff, SEARCH/REPLACE blocks, an apply_patch envelope or a whole file'),
        title: z.string().max(200).optional().describe('A short title for the review'),
        agent: z.string().max(100).optional().describe('Your name, shown to the reviewer'),
      },
    },
    async ({ edit, title, agent }) =>
      viaWindow(cwd, 'proposeChanges', { edit, ...(title ? { title } : {}), ...(agent ? { agent } : {}) }, (r) => {
        const result = r as ProposeResult;
        return `${summarizeResult(result)}\n\n${JSON.stringify(result)}`;
      }),
  );
  mcp.registerTool(
    'get_diagnostics',
    { description: "The VS Code window's problems (errors, warnings) for one file, or all files", inputSchema: { path: z.string().optional() }, annotations: { readOnlyHint: true } },
    async ({ path }) => viaWindow(cwd, 'getDiagnostics', path ? { path } : {}, (r) => JSON.stringify(r)),
  );
  mcp.registerTool(
    'open_file',
    { description: 'Open a workspace file in the VS Code window, at a line', inputSchema: { path: z.string().min(1), line: z.number().int().positive().optional() } },
    async ({ path, line }) => viaWindow(cwd, 'openFile', { path, ...(line ? { line } : {}) }, (r) => JSON.stringify(r)),
  );
  mcp.registerTool(
    'get_selection',
    { description: "The active editor's file and selected text in the VS Code window", annotations: { readOnlyHint: true } },
    async () => viaWindow(cwd, 'getSelection', {}, (r) => JSON.stringify(r)),
  );
  return mcp;
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: "run a stdio MCP server that routes other agents' edits to Forge's review panel",
  help: MCP_HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) return io.stdout(MCP_HELP), EXIT_OK;
    const server = createForgeMcpServer(io.cwd);
    await server.connect(new StdioServerTransport());
    // Serve until the client closes stdin.
    await new Promise<void>((resolve) => process.stdin.once('close', resolve).once('end', resolve));
    await server.close();
    return EXIT_OK;
  },
};
