/**
 * The headless agent, built the same way for every CLI host (`forge run`, `forge eval`): Node
 * ports on a folder, ripgrep (or the JS searcher), tree-sitter outlines, file storage for the
 * task, MCP tools when configured, and the real OpenAI-compatible client for the profile.
 */
import { Agent } from '../../core/agent/agent';
import { DEFAULT_COMMAND_ALLOWLIST, KEY_ENV_NAMES } from '../../core/policy/commandPolicy';
import { TreeSitterShellParser } from '../../core/policy/bashParser';
import { SANDBOX_DEFAULTS, type SandboxSettings } from '../../core/settings/sandboxSettings';
import { IgnoreRules } from '../../core/context/ignoreRules';
import { JsSearcher } from '../../core/context/jsSearcher';
import { CachedOutliner } from '../../core/context/outlineCache';
import { TreeSitterOutliner } from '../../core/context/treeSitterOutliner';
import type { EndpointProfile } from '../../core/model/endpointProfile';
import { OpenAiModelClient, type OpenAiClientOptions } from '../../core/model/openaiClient';
import type { Approval, AskUser } from '../../core/ports';
import type { McpServerConfig } from '../../core/settings/agentSettings';
import { BUILTIN_TOOLS } from '../../core/tools/index';
import { ToolRegistry } from '../../core/tools/registry';
import { FileStorage } from '../../node/fileStorage';
import { McpConnections } from '../../node/mcp/mcpConnections';
import { nodeGrammarSource } from '../../node/nodeGrammars';
import { NodeTerminal } from '../../node/nodeTerminal';
import { NodeWorkspace } from '../../node/nodeWorkspace';
import { findRipgrep, RipgrepSearcher } from '../../node/rgSearcher';
import { childEnv } from '../../node/childEnv';
import { ShellSandbox } from '../../node/sandbox/shellSandbox';
import { TerminalCheck } from '../../node/terminalCheck';

export interface AgentHostOptions {
  root: string;
  profile: EndpointProfile;
  apiKey?: string;
  /** Builds the approval once the workspace's real root is known. */
  approval: (realRoot: string) => Approval & AskUser;
  /** Where the task (its transcript) is saved. */
  stateDir: string;
  review?: 'each' | 'end';
  maxSteps?: number;
  maxCostUsd?: number;
  contextTokens?: number;
  /** Extra command prefixes, added to the default allowlist. */
  allow?: string[];
  mcpServers?: McpServerConfig[];
  warn?: (text: string) => void;
  /** The environment the key variables are read from and commands start with (without those keys). */
  env?: NodeJS.ProcessEnv;
  /** How commands are sandboxed (docs/sandbox.md); default: the sandbox when there is one. */
  sandbox?: Partial<SandboxSettings>;
  /** The check command run when the model finishes (check before done), through the same sandboxed terminal. */
  check?: string;
  /** Model client options (tests: fewer retries). */
  clientOptions?: Omit<OpenAiClientOptions, 'apiKey'>;
}

export interface AgentHost {
  agent: Agent;
  root: string;
  approval: Approval & AskUser;
  storage: FileStorage;
  close(): Promise<void>;
}

export async function buildAgentHost(o: AgentHostOptions): Promise<AgentHost> {
  const ws = new NodeWorkspace(o.root);
  const rg = findRipgrep();
  const searcher = rg ? new RipgrepSearcher(ws.root, rg) : new JsSearcher(ws, new IgnoreRules(ws));
  const approval = o.approval(ws.root);
  const grammars = nodeGrammarSource();
  const storage = new FileStorage(o.stateDir);
  const warn = o.warn ?? (() => undefined);
  const env = o.env ?? process.env;
  const keyNames = [...KEY_ENV_NAMES, ...(o.profile.apiKeyEnv ? [o.profile.apiKeyEnv] : [])];
  const sandbox = new ShellSandbox({ ...SANDBOX_DEFAULTS, ...o.sandbox }, { roots: [ws.root], keyNames: o.profile.apiKeyEnv ? [o.profile.apiKeyEnv] : [] });
  const mcp = o.mcpServers?.length ? await McpConnections.connect(o.mcpServers, { root: ws.root, log: { info: () => undefined, warn, error: warn }, sandbox, secretEnvNames: keyNames }) : undefined;
  const tools = mcp ? new ToolRegistry([...BUILTIN_TOOLS, ...mcp.tools(BUILTIN_TOOLS.map((t) => t.spec.name))]) : undefined;
  const terminal = new NodeTerminal(ws, childEnv(env, keyNames), sandbox);
  const agent = new Agent(
    {
      model: new OpenAiModelClient(o.profile, { apiKey: o.apiKey, ...o.clientOptions }), workspace: ws, approval, askUser: approval,
      terminal, searcher, check: o.check ? new TerminalCheck(o.check, terminal) : undefined, storage, outliner: grammars && new CachedOutliner(new TreeSitterOutliner(grammars)),
      shellParser: grammars && new TreeSitterShellParser(grammars), tools,
    },
    {
      review: o.review, maxSteps: o.maxSteps, maxCostUsd: o.maxCostUsd, contextTokens: o.contextTokens ?? o.profile.maxContextTokens,
      commandAllowlist: [...DEFAULT_COMMAND_ALLOWLIST, ...(o.allow ?? [])],
      secretEnvNames: keyNames, secretValues: keyNames.map((k) => env[k]).filter((v): v is string => !!v),
    },
  );
  return { agent, root: ws.root, approval, storage, close: async () => { await mcp?.close(); } };
}

export { apiKeyFor } from './cliProfile';
