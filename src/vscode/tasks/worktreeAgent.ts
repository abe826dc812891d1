/**
 * The agent of one worktree task: its own instance (model requests, budget, history), every port
 * rooted in the task's worktree folder, never in the engineer's checkout: files (NodeWorkspace),
 * search (ripgrep, else the JS searcher), commands (a terminal whose sandbox writes only there).
 * Its edits are written into the worktree as it goes; command, tool and secret approvals are asked
 * as for any task (a notification), naming the task, and the task shows "waiting for approval"
 * while one is open.
 */
import * as vscode from 'vscode';
import { Agent } from '../../core/agent/agent';
import { IgnoreRules } from '../../core/context/ignoreRules';
import { JsSearcher } from '../../core/context/jsSearcher';
import { KEY_ENV_NAMES } from '../../core/policy/commandPolicy';
import type { Approval, AskUser, Log, Outliner, Storage } from '../../core/ports';
import { resolveRole, type ConfiguredProfile } from '../../core/settings/forgeSettings';
import { agentOptionsFrom, parseAgentSettings } from '../../core/settings/agentSettings';
import { BUILTIN_TOOLS } from '../../core/tools/index';
import { ToolRegistry } from '../../core/tools/registry';
import type { TreeSitterShellParser } from '../../core/policy/bashParser';
import { childEnv } from '../../node/childEnv';
import { NodeTerminal } from '../../node/nodeTerminal';
import { NodeWorkspace } from '../../node/nodeWorkspace';
import { RipgrepSearcher } from '../../node/rgSearcher';
import { ShellSandbox } from '../../node/sandbox/shellSandbox';
import { TerminalCheck } from '../../node/terminalCheck';
import { writeIntoWorktree } from '../../node/worktrees';
import { bundledRipgrep } from '../agent/hostPorts';
import { readSandboxSettings } from '../agent/commandSandbox';
import { RESTRICTED_TERMINAL } from '../agent/workspaceTrust';
import type { EndpointServices } from '../endpoints/services';

export interface WorktreeAgentDeps {
  endpoints: EndpointServices;
  /** Asks the engineer about commands, tools and secret reads (the VS Code approval). */
  asker: Pick<Approval, 'approveCommand' | 'approveTool' | 'approveSecretRead'>;
  askUser: AskUser;
  storage: () => Storage;
  outliner?: Outliner;
  shellParser?: TreeSitterShellParser;
  log: vscode.LogOutputChannel & Log;
}

/** What a task's agent tells the Tasks view and the logs besides the agent itself. */
export interface WorktreeTaskAgent {
  agent: Agent;
  /** The endpoint's label (the view). */
  endpoint: string;
  /** Its URL and model (the usage and decisions logs). */
  who: { endpoint: string; model: string };
}

/** Builds the agent for a task working in `root` (a folder of the task's worktree). */
export async function worktreeAgent(d: WorktreeAgentDeps, root: string): Promise<Agent> {
  return (await worktreeTaskAgent(d, root)).agent;
}

/**
 * The agent of the task `task` (its title names it in approvals), with `onWaiting` told when an approval opens and closes;
 * `endpoint`: its profile instead of the agent role's (a best-of-N candidate).
 */
export async function worktreeTaskAgent(d: WorktreeAgentDeps, root: string, task?: { title: string; onWaiting(waiting: boolean): void }, endpoint?: ConfiguredProfile): Promise<WorktreeTaskAgent> {
  const model = endpoint ? await d.endpoints.clients.createClientForProfile(endpoint) : await d.endpoints.clients.createClientForRole('agent');
  const summarizer = endpoint ? model : await d.endpoints.clients.createClientForRole('summarize').catch(() => model);
  const role = endpoint ? { ok: true as const, profile: endpoint } : resolveRole(await d.endpoints.settings.resolve(), 'agent');
  const profile = role.ok && role.profile.kind !== 'vscode-lm' ? role.profile : undefined;
  const key = profile ? await d.endpoints.keys.keyFor(profile).catch(() => undefined) : undefined;
  const keyNames = [...KEY_ENV_NAMES, ...(profile?.apiKeyEnv ? [profile.apiKeyEnv] : [])];
  const c = vscode.workspace.getConfiguration('forge');
  const { settings, problems } = parseAgentSettings({
    maxSteps: c.get('agent.maxSteps'), maxCostUsd: c.get('agent.maxCostUsd'), commandAllowlist: c.get('agent.commandAllowlist'),
    commandTimeoutSeconds: c.get('agent.commandTimeoutSeconds'), autoApproveReadOnlyTools: c.get('agent.autoApproveReadOnlyTools'), checkCommand: c.get('agent.checkCommand'),
  });
  for (const p of problems) d.log.warn(`Settings: ${p.message}`);
  const ws = new NodeWorkspace(root);
  const rg = bundledRipgrep();
  const searcher = rg ? new RipgrepSearcher(ws.root, rg) : new JsSearcher(ws, new IgnoreRules(ws));
  const sandbox = new ShellSandbox(readSandboxSettings(d.log), { roots: [ws.root], keyNames: profile?.apiKeyEnv ? [profile.apiKeyEnv] : [] });
  const terminal = vscode.workspace.isTrusted ? new NodeTerminal(ws, childEnv(process.env, keyNames), sandbox) : RESTRICTED_TERMINAL;
  const approval: Approval = { reviewChangeSet: async (cs) => writeIntoWorktree(ws.root, cs), ...namedAsker(d.asker, task) };
  const check = settings.checkCommand && vscode.workspace.isTrusted ? new TerminalCheck(settings.checkCommand, terminal) : undefined;
  const agent = new Agent(
    {
      model, summarizer, workspace: ws, approval, askUser: d.askUser, terminal, searcher, storage: d.storage(), outliner: d.outliner, shellParser: d.shellParser, log: d.log, check,
      tools: new ToolRegistry(BUILTIN_TOOLS, { autoApproveReadOnlyTools: settings.autoApproveReadOnlyTools }),
    },
    {
      contextTokens: profile?.maxContextTokens, review: 'each', ...agentOptionsFrom(settings),
      secretEnvNames: keyNames, secretValues: key ? [key] : [],
    },
  );
  const who = !role.ok ? { endpoint: '', model: '' } : role.profile.kind === 'vscode-lm' ? { endpoint: 'vscode-lm', model: role.profile.family ?? role.profile.label } : { endpoint: role.profile.baseUrl, model: role.profile.model };
  return { agent, endpoint: role.ok ? role.profile.label : '', who };
}

type Asker = WorktreeAgentDeps['asker'];

/** The engineer's approvals for one task: each says which task asks, and the task shows it waits meanwhile. */
function namedAsker(asker: Asker, task?: { title: string; onWaiting(waiting: boolean): void }): Asker {
  if (!task) return { approveCommand: asker.approveCommand?.bind(asker), approveTool: asker.approveTool?.bind(asker), approveSecretRead: asker.approveSecretRead?.bind(asker) };
  const waiting = async <T>(ask: () => Promise<T>): Promise<T> => {
    task.onWaiting(true);
    try {
      return await ask();
    } finally {
      task.onWaiting(false);
    }
  };
  const named = (reason: string) => vscode.l10n.t('task "{0}": {1}', task.title, reason);
  return {
    approveCommand: asker.approveCommand && ((command, info) => waiting(() => asker.approveCommand!(command, { ...info, reason: named(info.reason) }))),
    approveTool: asker.approveTool && ((tool, args, info) => waiting(() => asker.approveTool!(tool, args, { ...info, reason: named(info.reason) }))),
    approveSecretRead: asker.approveSecretRead && ((p, signal) => waiting(() => asker.approveSecretRead!(p, signal))),
  };
}
