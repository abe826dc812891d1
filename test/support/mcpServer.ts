/**
 * A real MCP server for tests, built with the SDK's McpServer: `add` and `echo` (read-only),
 * `notes.count` (read-only, a name Forge must sanitise), `write_note` (changes things: every call
 * is recorded), `broken` (answers with isError), and `wait` (finishes after ms, or when cancelled).
 * Served over stdio by mcpServerMain.ts (a child process) or over streamable HTTP on 127.0.0.1 by
 * startHttpMcpServer. tools/list can answer in pages to exercise the client's pagination.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export interface TestMcpOptions {
  /** Every write_note call's text is pushed here. */
  onNote?: (text: string) => void;
  /** tools/list answers this many tools per page (default: all at once). */
  pageSize?: number;
}

export function createTestMcpServer(o: TestMcpOptions = {}): McpServer {
  const mcp = new McpServer({ name: 'forge-test', version: '1.0.0' });
  const notes: string[] = [];
  mcp.registerTool('add', { description: 'Add two numbers.', inputSchema: { a: z.number(), b: z.number() }, annotations: { readOnlyHint: true } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  mcp.registerTool('echo', { description: 'Echo the text back, optionally with a small image.', inputSchema: { text: z.string(), withImage: z.boolean().optional() }, annotations: { readOnlyHint: true } },
    async ({ text, withImage }) => ({
      content: [{ type: 'text', text }, ...(withImage ? [{ type: 'image' as const, data: Buffer.from('not really a png').toString('base64'), mimeType: 'image/png' }] : [])],
    }));
  mcp.registerTool('notes.count', { description: 'How many notes were written.', annotations: { readOnlyHint: true } },
    async () => ({ content: [{ type: 'text', text: `${notes.length} notes` }] }));
  mcp.registerTool('write_note', { description: 'Save a note.', inputSchema: { text: z.string().min(1) } },
    async ({ text }) => {
      notes.push(text);
      o.onNote?.(text);
      return { content: [{ type: 'text', text: `saved note ${notes.length}` }] };
    });
  mcp.registerTool('broken', { description: 'Always fails.', annotations: { readOnlyHint: true } },
    async () => ({ content: [{ type: 'text', text: 'the widget is broken' }], isError: true }));
  mcp.registerTool('wait', { description: 'Wait ms milliseconds.', inputSchema: { ms: z.number().int().min(0) }, annotations: { readOnlyHint: true } },
    async ({ ms }, extra) => {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        extra.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
      return { content: [{ type: 'text', text: extra.signal.aborted ? 'cancelled' : `waited ${ms} ms` }] };
    });
  if (o.pageSize) paginate(mcp, o.pageSize);
  return mcp;
}

/** Wraps McpServer's tools/list handler so it answers in pages (the cursor is the next index). */
function paginate(mcp: McpServer, size: number): void {
  const handlers = (mcp.server as unknown as { _requestHandlers: Map<string, (req: unknown, extra: unknown) => Promise<{ tools: unknown[] }>> })._requestHandlers;
  const all = handlers.get('tools/list')!;
  mcp.server.removeRequestHandler('tools/list');
  mcp.server.setRequestHandler(ListToolsRequestSchema, async (req, extra) => {
    const { tools } = await all({ ...req, params: {} }, extra);
    const start = Number(req.params?.cursor ?? 0);
    const next = start + size;
    return { tools: tools.slice(start, next) as never, ...(next < tools.length ? { nextCursor: String(next) } : {}) };
  });
}

export interface HttpMcpServer {
  url: string;
  notes: string[];
  /** tools/list requests seen (pages). */
  listRequests: number;
  close(): Promise<void>;
}

/** The test server over streamable HTTP (stateless: one McpServer per request) on 127.0.0.1. */
export async function startHttpMcpServer(o: Omit<TestMcpOptions, 'onNote'> = {}): Promise<HttpMcpServer> {
  const state: HttpMcpServer = { url: '', notes: [], listRequests: 0, close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (body?.method === 'tools/list') state.listRequests++;
    const mcp = createTestMcpServer({ ...o, onNote: (t) => state.notes.push(t) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close().then(() => mcp.close()));
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  state.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
