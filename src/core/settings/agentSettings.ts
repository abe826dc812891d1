/**
 * The typed view of the agent's settings (`forge.agent.*`) and of `forge.mcpServers`, validated
 * with zod when read. Pure: the host hands in the raw values. A bad value never stops a task: it
 * is reported in `problems` (one sentence naming the field) and its default is used; a bad MCP
 * server entry is left out and the others are kept.
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { DEFAULT_COMMAND_ALLOWLIST } from '../policy/commandPolicy';
import type { SettingsProblem } from './forgeSettings';

interface McpServerCommon {
  /** The key in forge.mcpServers. */
  name: string;
  /** Tool names (as the server spells them) that run without asking. */
  autoApprove: string[];
  disabled: boolean;
}

export type McpServerConfig =
  | (McpServerCommon & { transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string; /** false: start it outside the command sandbox. */ sandbox?: boolean })
  | (McpServerCommon & { transport: 'http'; url: string; headers: Record<string, string> });

export interface AgentSettings {
  maxSteps: number;
  /** null: no cost limit. */
  maxCostUsd: number | null;
  /** The user's extra command prefixes (without the defaults). */
  commandAllowlist: string[];
  commandTimeoutSeconds: number;
  autoApproveReadOnlyTools: boolean;
  /** Run when the model finishes (check before done); '' for none. */
  checkCommand: string;
  mcpServers: McpServerConfig[];
}

export interface RawAgentSettings {
  maxSteps?: unknown;
  maxCostUsd?: unknown;
  commandAllowlist?: unknown;
  commandTimeoutSeconds?: unknown;
  autoApproveReadOnlyTools?: unknown;
  checkCommand?: unknown;
  mcpServers?: unknown;
}

export const AGENT_DEFAULTS: AgentSettings = {
  maxSteps: 100, maxCostUsd: null, commandAllowlist: [], commandTimeoutSeconds: 120, autoApproveReadOnlyTools: true, checkCommand: '', mcpServers: [],
};

const FIELDS = {
  maxSteps: { schema: lazySchema(() => z.number().int().min(1).max(10_000)), says: 'a whole number from 1 to 10000' },
  maxCostUsd: { schema: lazySchema(() => z.number().positive().nullable()), says: 'a positive number of US dollars, or null for no limit' },
  commandAllowlist: { schema: lazySchema(() => z.array(z.string().trim().min(1))), says: 'a list of command prefixes such as "npm run lint"' },
  commandTimeoutSeconds: { schema: lazySchema(() => z.number().positive().max(86_400)), says: 'a number of seconds above 0 (at most 86400)' },
  autoApproveReadOnlyTools: { schema: lazySchema(() => z.boolean()), says: 'true or false' },
  checkCommand: { schema: lazySchema(() => z.string().trim()), says: 'a command line such as "npm test" (or "" for none)' },
} as const;

const stringMap = lazySchema(() => z.record(z.string(), z.string()));
const common = () => ({ autoApprove: z.array(z.string().min(1)).default([]), disabled: z.boolean().default(false) });
const stdioSchema = lazySchema(() => z.object({ command: z.string().trim().min(1), args: z.array(z.string()).default([]), env: stringMap.default({}), cwd: z.string().min(1).optional(), sandbox: z.boolean().optional(), ...common() }));
const httpSchema = lazySchema(() => z.object({
  url: z.string().refine((u) => /^https?:\/\/[^/]/i.test(u) && URL.canParse(u), 'must be an http(s) URL'),
  headers: stringMap.default({}),
  ...common(),
}));

/** Parses the agent settings; every problem is reported and the default used in its place. */
export function parseAgentSettings(raw: RawAgentSettings): { settings: AgentSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const settings: AgentSettings = { ...AGENT_DEFAULTS };
  for (const key of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const r = FIELDS[key].schema.safeParse(value);
    if (r.success) (settings as unknown as Record<string, unknown>)[key] = r.data;
    else problems.push({ field: `forge.agent.${key}`, message: `forge.agent.${key} must be ${FIELDS[key].says}; using ${JSON.stringify(AGENT_DEFAULTS[key])}.` });
  }
  const mcp = parseMcpServers(raw.mcpServers);
  settings.mcpServers = mcp.servers;
  problems.push(...mcp.problems);
  return { settings, problems };
}

/**
 * forge.mcpServers (or an --mcp-config file): name -> { command, args?, env?, cwd? } (stdio) or
 * { url, headers? } (streamable HTTP), each with optional autoApprove and disabled. A file in the
 * common `{ "mcpServers": { ... } }` shape is accepted too.
 */
export function parseMcpServers(raw: unknown, where = 'forge.mcpServers'): { servers: McpServerConfig[]; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const servers: McpServerConfig[] = [];
  if (raw === undefined || raw === null) return { servers, problems };
  if (!isObject(raw)) return { servers, problems: [{ field: where, message: `${where} must be an object that maps server names to { command, args } or { url }.` }] };
  const map = isObject(raw.mcpServers) && Object.keys(raw).length === 1 ? raw.mcpServers : raw;
  for (const [name, value] of Object.entries(map)) {
    const field = `${where}.${name}`;
    const bad = (message: string) => problems.push({ field, message: `MCP server "${name}": ${message}` });
    if (!name.trim()) {
      bad('the name is empty.');
      continue;
    }
    if (!isObject(value)) {
      bad('must be an object with "command" (a program to start) or "url" (a streamable HTTP endpoint).');
      continue;
    }
    const hasCommand = value.command !== undefined;
    const hasUrl = value.url !== undefined;
    if (hasCommand === hasUrl) {
      bad(hasCommand ? 'give either "command" or "url", not both.' : 'give "command" (a program to start) or "url" (a streamable HTTP endpoint).');
      continue;
    }
    const r = hasCommand ? stdioSchema.safeParse(value) : httpSchema.safeParse(value);
    if (!r.success) {
      bad(r.error.issues.map((i) => `${i.path.map(String).join('.') || '(server)'} ${i.message.replace(/^Invalid input: /, '').replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase())}`).join('; ') + '.');
      continue;
    }
    servers.push(hasCommand ? { name, transport: 'stdio', ...(r.data as z.infer<typeof stdioSchema>) } : { name, transport: 'http', ...(r.data as z.infer<typeof httpSchema>) });
  }
  return { servers, problems };
}

/** What the Agent takes from these settings (AgentOptions fields). */
export function agentOptionsFrom(s: AgentSettings): { maxSteps: number; maxCostUsd?: number; commandAllowlist: string[]; commandTimeoutMs: number } {
  return {
    maxSteps: s.maxSteps,
    ...(s.maxCostUsd !== null ? { maxCostUsd: s.maxCostUsd } : {}),
    commandAllowlist: [...DEFAULT_COMMAND_ALLOWLIST, ...s.commandAllowlist.filter((c) => !DEFAULT_COMMAND_ALLOWLIST.includes(c))],
    commandTimeoutMs: Math.round(s.commandTimeoutSeconds * 1000),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
