/**
 * The MCP connections a long-lived host (VS Code) keeps between tasks: connected lazily when a
 * task needs them, reused while the server configuration stays the same (servers that went away
 * are restarted), replaced when it changes, closed on dispose.
 */
import type { McpServerConfig } from '../../core/settings/agentSettings';
import { McpConnections, type McpConnectOptions } from './mcpConnections';

export class McpPool {
  private current: { key: string; connections: Promise<McpConnections> } | undefined;

  /** The connections for these servers, and the warnings that are new since the last call. */
  async get(servers: McpServerConfig[], o: McpConnectOptions = {}): Promise<{ connections: McpConnections; warnings: string[] }> {
    const sandbox = o.sandbox ? { settings: o.sandbox.settings, available: o.sandbox.plan.available } : null;
    const key = JSON.stringify({ servers: servers.filter((s) => !s.disabled), root: o.root ?? null, sandbox });
    if (this.current?.key === key) {
      const connections = await this.current.connections;
      return { connections, warnings: await connections.revive() };
    }
    const old = this.current;
    const connections = McpConnections.connect(servers, o);
    this.current = { key, connections };
    if (old) void old.connections.then((c) => c.close());
    const c = await connections;
    return { connections: c, warnings: c.warnings };
  }

  /** Closes every connection (stdio servers are ended); the next get() connects again. */
  async dispose(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    if (c) await (await c.connections).close();
  }
}
