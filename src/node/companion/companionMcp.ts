/**
 * The MCP server both companion protocols speak (Claude Code over a WebSocket, Gemini CLI over
 * streamable HTTP): a table of tools with JSON schemas, served by the SDK's low-level Server.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface CompanionTool {
  name: string;
  description: string;
  /** JSON schema of the arguments (an object schema). */
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  call(args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult>;
}

export const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });
export const failure = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }], isError: true });

/** A string argument, or an error naming it. */
export function stringArg(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new Error(`"${name}" must be a string`);
  return v;
}

export function companionServer(tools: readonly CompanionTool[], log: (line: string) => void): Server {
  const server = new Server({ name: 'forge-companion', version: '1.0.0' }, { capabilities: { tools: {} } });
  const byName = new Map(tools.map((t) => [t.name, t]));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const tool = byName.get(req.params.name);
    if (!tool) return failure(`Unknown tool ${req.params.name}; this editor offers ${tools.map((t) => t.name).join(', ')}.`);
    try {
      return await tool.call((req.params.arguments ?? {}) as Record<string, unknown>, extra.signal);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`companion: ${req.params.name} failed: ${message}`);
      return failure(message);
    }
  });
  return server;
}
