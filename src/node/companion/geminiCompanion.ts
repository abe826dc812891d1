/**
 * Forge as Gemini CLI's IDE companion (the spec Gemini CLI ships: docs/ide-integration/
 * ide-companion-spec.md): an MCP server over streamable HTTP on 127.0.0.1, found through a
 * discovery file. `openDiff` answers at once and opens Forge's per-hunk review; when the engineer
 * is done, Forge sends `ide/diffAccepted` with the content to write (only what was accepted, with
 * the engineer's edits) or `ide/diffRejected`. Every request must carry the window's token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { companionServer, stringArg, text, type CompanionTool } from './companionMcp';
import { reviewProposal, tellReasons, type CompanionReviewer } from './companionHost';
import { geminiDiscoveryFile, removeQuietly, writePrivateJson } from './discoveryFiles';

export interface GeminiCompanion {
  port: number;
  token: string;
  discoveryFile: string;
  /** What a terminal needs to find this window (GEMINI_CLI_IDE_*). */
  env: Record<string, string>;
  setFolders(folders: string[]): void;
  close(): Promise<void>;
}

export interface GeminiCompanionOptions {
  reviewer: CompanionReviewer;
  /** The editor's process id, in the discovery file's name (Gemini CLI matches it against its parents). */
  pid?: number;
  log?: (line: string) => void;
}

const MAX_BODY = 64 * 1024 * 1024;

export async function startGeminiCompanion(opts: GeminiCompanionOptions): Promise<GeminiCompanion> {
  const log = opts.log ?? (() => undefined);
  const token = randomBytes(24).toString('hex');
  const pid = opts.pid ?? process.pid;
  let folders = opts.reviewer.folders();
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  /** Reviews under way, by absolute path: closeDiff (or a new openDiff of the file) ends them. */
  const open = new Map<string, AbortController>();

  const toolsFor = (notify: (method: string, params: Record<string, unknown>) => Promise<void>): CompanionTool[] => [
    {
      name: 'openDiff',
      description: "Opens the proposed content of a file in Forge's per-hunk review. The outcome arrives as ide/diffAccepted or ide/diffRejected.",
      inputSchema: { type: 'object', properties: { filePath: { type: 'string' }, newContent: { type: 'string' } }, required: ['filePath', 'newContent'] },
      async call(args) {
        const filePath = path.resolve(stringArg(args, 'filePath'));
        const newContent = stringArg(args, 'newContent');
        open.get(filePath)?.abort();
        const ctl = new AbortController();
        open.set(filePath, ctl);
        // Answered at once (the spec); the decision follows as a notification.
        void reviewProposal(opts.reviewer, 'Gemini CLI', filePath, newContent, ctl.signal).then(
          async (answer) => {
            if (open.get(filePath) === ctl) open.delete(filePath);
            if (ctl.signal.aborted) return; // closed by the agent: it already has its answer
            tellReasons(opts.reviewer, 'Gemini CLI', filePath, answer);
            if (answer.kind === 'accepted') await notify('ide/diffAccepted', { filePath, content: answer.content });
            else await notify('ide/diffRejected', { filePath });
          },
          async (err: Error) => {
            if (open.get(filePath) === ctl) open.delete(filePath);
            opts.reviewer.notify(`Gemini CLI's proposal for ${filePath} could not be reviewed: ${err.message}`);
            await notify('ide/diffRejected', { filePath });
          },
        ).catch((err: Error) => log(`companion (Gemini CLI): ${err.message}`));
        return { content: [] };
      },
    },
    {
      name: 'closeDiff',
      description: 'Closes the review of a file and returns its current content.',
      inputSchema: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
      async call(args) {
        const filePath = path.resolve(stringArg(args, 'filePath'));
        open.get(filePath)?.abort();
        open.delete(filePath);
        return text((await opts.reviewer.currentText(filePath)) ?? '');
      },
    },
  ];

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      log(`companion (Gemini CLI): ${err.message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A browser page must never reach this server (DNS rebinding, cross-site requests).
    if (req.headers.origin || req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (typeof sid === 'string' && !transport) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    if (!transport) {
      const t = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => void sessions.set(id, t) });
      t.onclose = () => {
        if (t.sessionId) sessions.delete(t.sessionId);
      };
      const mcp = companionServer(toolsFor((method, params) => mcp.notification({ method, params })), log);
      await mcp.connect(t);
      transport = t;
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    await transport.handleRequest(req, res, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const discoveryFile = geminiDiscoveryFile(pid, port);
  const writeDiscovery = (): void =>
    writePrivateJson(discoveryFile, { port, workspacePath: folders.join(path.delimiter), authToken: token, ideInfo: { name: 'vscode', displayName: 'VS Code (Forge)' } });
  writeDiscovery();
  return {
    port,
    token,
    discoveryFile,
    env: {
      GEMINI_CLI_IDE_PID: String(pid),
      GEMINI_CLI_IDE_SERVER_PORT: String(port),
      GEMINI_CLI_IDE_AUTH_TOKEN: token,
      GEMINI_CLI_IDE_WORKSPACE_PATH: folders.join(path.delimiter),
    },
    setFolders(next) {
      folders = next;
      writeDiscovery();
    },
    async close() {
      removeQuietly(discoveryFile);
      for (const c of open.values()) c.abort();
      for (const t of sessions.values()) await t.close().catch(() => undefined);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(raw ? JSON.parse(raw) : undefined);
      } catch {
        reject(new Error('the request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
