/**
 * Connections to the MCP servers of forge.mcpServers (or `forge run --mcp-config`), for both hosts
 * (Node): each enabled server is started (stdio) or reached (streamable HTTP) with a connect
 * timeout, its tools listed (all pages), and calls made with the task's AbortSignal. A server that
 * fails gives one warning naming it and why; the others still work. close() ends stdio children.
 */
import * as path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Log } from '../../core/ports';
import type { McpServerConfig } from '../../core/settings/agentSettings';
import { mcpTools, type McpCallResult, type McpServerTools, type McpToolDescriptor } from '../../core/tools/mcpTool';
import type { Tool } from '../../core/tools/tool';
import { findOnPath } from '../sandbox/sandboxPlan';
import type { ShellSandbox } from '../sandbox/shellSandbox';
import { childEnv } from '../childEnv';

export interface McpConnectOptions {
  /** The folder relative `cwd` values resolve against, and stdio servers start in by default. */
  root?: string;
  /** Per server, for starting, the handshake and listing tools. Default 30 s (npx may download first). */
  connectTimeoutMs?: number;
  log?: Log;
  /** Start stdio servers in this sandbox (unless a server says "sandbox": false). */
  sandbox?: ShellSandbox;
  /** Key variables removed from stdio servers' environments (besides FORGE_API_KEY and OPENAI_API_KEY). */
  secretEnvNames?: string[];
}

/** One connected server. */
export interface McpConnection {
  name: string;
  tools: McpToolDescriptor[];
  autoApprove: string[];
  /** True once the server went away (its process exited, the session ended). */
  readonly closed: boolean;
  call(tool: string, args: Record<string, unknown>, o: { signal?: AbortSignal; timeoutMs: number }): Promise<McpCallResult>;
  close(): Promise<void>;
}

const MAX_PAGES = 50;

/** The SDK, required on first use: its own chunk in the bundles (see mcpSdk.ts). */
const mcpSdk = (): typeof import('./mcpSdk') => require('./mcpSdk');

export class McpConnections {
  private constructor(
    private readonly configs: McpServerConfig[],
    private readonly o: McpConnectOptions,
    private readonly live: Map<string, McpConnection>,
    /** One sentence per server that could not be used. */
    readonly warnings: string[],
  ) {}

  /** Connects every enabled server in parallel; never throws. */
  static async connect(servers: McpServerConfig[], o: McpConnectOptions = {}): Promise<McpConnections> {
    const enabled = servers.filter((s) => !s.disabled);
    const live = new Map<string, McpConnection>();
    const warnings: string[] = [];
    const results = await Promise.all(enabled.map((s) => connectServer(s, o)));
    results.forEach((r, i) => (r.ok ? live.set(enabled[i].name, r.connection) : warnings.push(r.warning)));
    for (const w of warnings) o.log?.warn(w);
    for (const c of live.values()) o.log?.info(`MCP server "${c.name}": ${c.tools.length} tool${c.tools.length === 1 ? '' : 's'}`);
    return new McpConnections(enabled, o, live, warnings);
  }

  get connections(): McpConnection[] {
    return [...this.live.values()];
  }

  /** Reconnects servers that went away since; returns the warnings of those that still fail. */
  async revive(): Promise<string[]> {
    const gone = this.configs.filter((s) => this.live.get(s.name)?.closed);
    const out: string[] = [];
    await Promise.all(gone.map(async (s) => {
      this.live.delete(s.name);
      const r = await connectServer(s, this.o);
      if (r.ok) this.live.set(s.name, r.connection);
      else {
        out.push(r.warning);
        this.o.log?.warn(r.warning);
      }
    }));
    return out;
  }

  serverTools(): McpServerTools[] {
    return this.connections.map((c) => ({ server: c.name, tools: c.tools, autoApprove: c.autoApprove, call: (t, a, opts) => c.call(t, a, opts) }));
  }

  /** The Forge tools of every connected server, named apart from `taken` (the built-in names). */
  tools(taken: Iterable<string> = []): Tool[] {
    return mcpTools(this.serverTools(), taken);
  }

  async close(): Promise<void> {
    const all = this.connections;
    this.live.clear();
    await Promise.all(all.map((c) => c.close().catch(() => undefined)));
  }
}

type Connected = { ok: true; connection: McpConnection } | { ok: false; warning: string };

async function connectServer(s: McpServerConfig, o: McpConnectOptions): Promise<Connected> {
  const timeoutMs = o.connectTimeoutMs ?? 30_000;
  const { Client, getDefaultEnvironment, StdioClientTransport, StreamableHTTPClientTransport } = mcpSdk();
  let stderrTail = '';
  let transport: Transport;
  let sandboxed = false;
  if (s.transport === 'stdio') {
    const cwd = s.cwd ? path.resolve(o.root ?? process.cwd(), s.cwd) : o.root;
    const exe = s.sandbox !== false && o.sandbox?.plan.available ? findOnPath(s.command.includes('/') ? path.resolve(cwd ?? process.cwd(), s.command) : s.command) : undefined;
    const spec = exe ? o.sandbox!.spawnServer([exe, ...s.args], cwd ?? process.cwd(), s.env) : undefined;
    sandboxed = !!spec;
    const t = spec
      ? new StdioClientTransport({ command: spec.file, args: spec.args, env: spec.env, cwd, stderr: 'pipe' })
      : new StdioClientTransport({ command: s.command, args: s.args, env: childEnv({ ...getDefaultEnvironment(), ...s.env }, o.secretEnvNames) as Record<string, string>, cwd, stderr: 'pipe' });
    t.stderr?.on('data', (d: Buffer) => {
      stderrTail = (stderrTail + d.toString('utf8')).slice(-2000);
    });
    transport = t;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(s.url), { requestInit: { headers: s.headers } });
  }
  const client = new Client({ name: 'forge', version: '0.1.0' }, { capabilities: {} });
  let closed = false;
  let ready = false;
  client.onclose = () => {
    closed = true;
  };
  // Before it is ready, a failure becomes the one warning below.
  client.onerror = (e) => ready && o.log?.warn(`MCP server "${s.name}": ${e.message}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    await Promise.race([client.connect(transport, { timeout: timeoutMs }), timeout]);
    const tools = await Promise.race([listAllTools(client, timeoutMs), timeout]);
    ready = true;
    const connection: McpConnection = {
      name: s.name,
      tools,
      autoApprove: s.autoApprove,
      get closed() {
        return closed;
      },
      async call(tool, args, opts) {
        if (closed) throw new Error('the server is no longer connected (it exited); it is started again for the next task');
        const r = await client.callTool({ name: tool, arguments: args }, undefined, { signal: opts.signal, timeout: opts.timeoutMs, resetTimeoutOnProgress: true });
        return r as McpCallResult;
      },
      async close() {
        if (transport instanceof StreamableHTTPClientTransport && !closed) await withTimeout(transport.terminateSession(), 2000).catch(() => undefined);
        await client.close();
      },
    };
    return { ok: true, connection };
  } catch (e) {
    await client.close().catch(() => undefined);
    const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
    const where = s.transport === 'stdio' ? `could not start "${[s.command, ...s.args].join(' ')}"` : `could not connect to ${s.url}`;
    const hint = sandboxed ? ' It ran in Forge\'s sandbox (workspace writable, secrets hidden); if it needs more, set "sandbox": false for it.' : '';
    return { ok: false, warning: `MCP server "${s.name}" ${where}: ${describeError(e)}${tail ? ` (stderr: ${tail.slice(0, 400)})` : ''}. Its tools are not available.${hint}` };
  } finally {
    clearTimeout(timer);
  }
}

async function listAllTools(client: Client, timeoutMs: number): Promise<McpToolDescriptor[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const out: McpToolDescriptor[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    out.push(...(r.tools as McpToolDescriptor[]));
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** The reason in a few words: "command not found", "connection refused (ECONNREFUSED)", the server's message. */
export function describeError(e: unknown): string {
  const err = e as { message?: string; code?: string | number; cause?: { code?: string; message?: string } };
  const code = typeof err?.code === 'string' ? err.code : err?.cause?.code;
  if (code === 'ENOENT') return 'command not found';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND') return 'host not found (ENOTFOUND)';
  const msg = err?.message ?? String(e);
  return err?.cause?.message && msg === 'fetch failed' ? `${msg}: ${err.cause.message}` : msg.replace(/^MCP error -?\d+: /, '');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}
