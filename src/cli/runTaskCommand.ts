/** `forge run`: the headless agent host. Node fs ports, console approval, progress on stdout. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Agent } from '../core/agent/agent';
import { DEFAULT_COMMAND_ALLOWLIST } from '../core/agent/commandPolicy';
import type { AgentEvent } from '../core/agent/events';
import { formatPlan } from '../core/agent/plan';
import { JsSearcher } from '../core/context/jsSearcher';
import { TreeSitterOutliner } from '../core/context/treeSitterOutliner';
import { nodeGrammarSource } from '../node/nodeGrammars';
import { IgnoreRules } from '../core/context/ignoreRules';
import type { EndpointProfile } from '../core/model/endpointProfile';
import { apiKeyFor, loadProfile } from './cliProfile';
import { parseMcpServers, type McpServerConfig } from '../core/settings/agentSettings';
import { BUILTIN_TOOLS } from '../core/tools/index';
import { ToolRegistry } from '../core/tools/registry';
import { McpConnections } from '../node/mcp/mcpConnections';
import { OpenAiModelClient } from '../core/model/openaiClient';
import type { CliCommand } from './commands';
import { ConsoleApproval, type Prompt } from './consoleApproval';
import { CliWorkingCopy } from './workingCopy';
import { FileStorage } from '../node/fileStorage';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type CliIo } from './io';
import { NodeTerminal } from '../node/nodeTerminal';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { findRipgrep, RipgrepSearcher } from '../node/rgSearcher';
import { parseRunArgs, RUN_HELP, type RunArgs } from './runTaskArgs';

export interface RunHostOptions {
  env?: NodeJS.ProcessEnv;
  /** How to ask the user; default: a readline prompt when stdin is a terminal, else none. */
  prompt?: Prompt;
  signal?: AbortSignal;
}

/** The servers of an --mcp-config file; a bad entry is a warning, an unreadable file a usage error. */
function loadMcpConfig(file: string, io: CliIo): McpServerConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the MCP config ${file}: ${(e as Error).message}`);
  }
  const r = parseMcpServers(raw, '--mcp-config');
  for (const p of r.problems) io.stderr(`forge run: ${p.message}\n`);
  return r.servers;
}

function ttyPrompt(io: CliIo): Prompt | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question) => new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    rl.question(question, (a) => { rl.close(); resolve(a); });
    rl.on('SIGINT', () => { rl.close(); resolve(null); });
    void io;
  });
}

export async function runTask(args: string[], io: CliIo, host: RunHostOptions = {}): Promise<number> {
  let a: RunArgs;
  let profile: EndpointProfile;
  let mcpServers: McpServerConfig[] = [];
  try {
    a = parseRunArgs(args, io.cwd);
    if (a.help) {
      io.stdout(RUN_HELP);
      return EXIT_OK;
    }
    if (!fs.existsSync(a.root) || !fs.statSync(a.root).isDirectory()) throw new UsageError(`--root ${a.root} is not a folder`);
    profile = loadProfile(a);
    if (a.mcpConfig) mcpServers = loadMcpConfig(a.mcpConfig, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge run: ${e.message}\nRun \`forge run --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const env = host.env ?? process.env;
  const apiKey = apiKeyFor(profile, env);
  const ws = new NodeWorkspace(a.root);
  const rg = findRipgrep();
  const searcher = rg ? new RipgrepSearcher(ws.root, rg) : new JsSearcher(ws, new IgnoreRules(ws));
  const prompt = host.prompt ?? ttyPrompt(io);
  const approval = new ConsoleApproval({ root: ws.root, yes: a.yes, prompt, out: io.stdout });
  if (a.review === 'end') {
    const working = new CliWorkingCopy({ root: ws.root, yes: a.yes, prompt, out: io.stdout });
    Object.assign(approval, { applyWorking: working.applyWorking.bind(working), reviewApplied: working.reviewApplied.bind(working) });
  }
  const grammars = nodeGrammarSource();
  const storage = new FileStorage(a.stateDir ?? path.join(os.homedir(), '.forge', 'tasks'));
  const warn = (t: string) => io.stderr(`forge run: ${t}\n`);
  const mcp = mcpServers.length ? await McpConnections.connect(mcpServers, { root: ws.root, log: { info: () => undefined, warn, error: warn } }) : undefined;
  const tools = mcp ? new ToolRegistry([...BUILTIN_TOOLS, ...mcp.tools(BUILTIN_TOOLS.map((t) => t.spec.name))]) : undefined;
  const agent = new Agent(
    { model: new OpenAiModelClient(profile, { apiKey }), workspace: ws, approval, askUser: approval, terminal: new NodeTerminal(ws), searcher, storage, outliner: grammars && new TreeSitterOutliner(grammars), tools },
    { review: a.review, maxSteps: a.maxSteps, maxCostUsd: a.maxCost, contextTokens: a.contextTokens ?? profile.maxContextTokens, commandAllowlist: [...DEFAULT_COMMAND_ALLOWLIST, ...a.allow] },
  );
  const ctrl = new AbortController();
  host.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
  const onSigint = () => ctrl.abort();
  process.once('SIGINT', onSigint);
  let code = EXIT_REFUSED;
  try {
    const events = a.resume ? agent.resume(a.resume, { signal: ctrl.signal, message: a.task || undefined }) : agent.run(a.task, { signal: ctrl.signal });
    for await (const e of events) code = render(e, io) ?? code;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await mcp?.close();
  }
  return code;
}

let midLine = false;
/** Prints one event; returns the exit code for terminal events. */
function render(e: AgentEvent, io: CliIo): number | undefined {
  const line = (t: string) => {
    io.stdout(`${midLine ? '\n' : ''}${t}\n`);
    midLine = false;
  };
  switch (e.type) {
    case 'started': line(`${e.resumed ? 'Resuming' : 'Task'} ${e.taskId}`); break;
    // Each turn's text starts on a line of its own.
    case 'step':
      if (midLine) io.stdout('\n');
      midLine = false;
      break;
    case 'text': io.stdout(e.text); midLine = !e.text.endsWith('\n'); break;
    case 'toolStarted': line(`> ${e.name} ${oneLine(typeof e.args === 'string' ? e.args : JSON.stringify(e.args), 100)}`); break;
    case 'toolFinished': line(`  ${e.ok ? 'ok' : 'failed'}: ${oneLine(e.output, 160)}`); break;
    case 'planUpdated': line(`Plan:\n${formatPlan(e.plan)}`); break;
    case 'compacted': line(`(history compacted: ${e.beforeTokens} -> ${e.afterTokens} tokens)`); break;
    case 'loopWarning': case 'stuck': line(`! ${e.message}`); break;
    case 'finished': line(`\nDone: ${e.summary}`); return EXIT_OK;
    case 'stopped': line(`\nStopped: ${e.message}`); return EXIT_REFUSED;
    case 'limitReached': line(`\nLimit reached: ${e.message}`); return EXIT_REFUSED;
    case 'error': line(`\nError: ${e.message}`); return EXIT_REFUSED;
    default: break;
  }
  return undefined;
}

function oneLine(t: string, max: number): string {
  const s = t.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const runTaskCommand: CliCommand = {
  name: 'run',
  summary: 'carry out a task with the agent (reads, edits with your approval, runs commands)',
  help: RUN_HELP,
  run: (args, io) => runTask(args, io),
};
