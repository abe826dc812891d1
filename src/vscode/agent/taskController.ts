/**
 * Runs agent tasks for the VS Code host: one at a time, streamed into the chat view. Builds the
 * Agent with the VS Code ports and the `agent` role's model client; model errors reach the user
 * with the button that fixes them. Stop, Continue and History act on the tasks stored here.
 */
import * as vscode from 'vscode';
import { KEY_ENV_NAMES } from '../../core/policy/commandPolicy';
import { trustedMcpServers } from './workspaceTrust';
import { Agent, type AgentDeps } from '../../core/agent/agent';
import type { AgentEvent } from '../../core/agent/events';
import type { ContextSection } from '../../core/context/contextPack';
import { workspaceContext } from './workspaceContext';
import { isModelError, type ModelErrorFix } from '../../core/model/modelError';
import type { Storage } from '../../core/ports';
import { resolveRole } from '../../core/settings/forgeSettings';
import { agentOptionsFrom, parseAgentSettings, type AgentSettings } from '../../core/settings/agentSettings';
import { BUILTIN_TOOLS } from '../../core/tools/index';
import { ToolRegistry } from '../../core/tools/registry';
import type { Tool } from '../../core/tools/tool';
import { McpPool } from '../../node/mcp/mcpPool';
import type { ShellSandbox } from '../../node/sandbox/shellSandbox';
import { fromStored } from '../../core/agent/taskState';
import { expandSlash } from '../../core/agent/slashCommands';
import { formatPlan } from '../../core/agent/plan';
import { requestJson, type ModelRequestRecord } from '../../core/agent/requestDump';
import { SecretRedactor } from '../../core/context/redaction';
import { RequestDocument } from './chatInput/requestDocument';
import { storedTranscript, toChatMessages } from '../../protocol/chat';
import { FIX_BUTTONS, runFix, showModelError } from '../endpoints/modelErrors';
import type { EndpointServices } from '../endpoints/services';
import type { ChatContext } from './chatInput/chatContext';
import type { ChatActions, ChatView } from './chatView';
import type { UsageObserver } from '../usage/showUsage';
import { TerminalCheck } from '../../node/terminalCheck';

export interface StartOptions {
  context?: ContextSection[];
  /** @-mentioned context (resolved), sent in full after the task. */
  mentions?: ContextSection[];
  /** Context chips pinned for the whole task (verbatim through compaction). */
  pinned?: ContextSection[];
  /** The workspace sections to send instead of gathering them now (the chat's chips minus the removed ones). */
  sections?: ContextSection[];
  /** Only tools that change nothing (Explain Selection). */
  readOnly?: boolean;
}

/** The ports every task shares (built once in extension.ts). */
export type HostPorts = Omit<AgentDeps, 'model' | 'summarizer' | 'tools'> & { storage: Storage };

export class TaskController implements ChatActions, vscode.Disposable {
  private running: { ctrl: AbortController; taskId?: string; done: Promise<void> } | undefined;
  /** The task the chat input continues (the last one shown). */
  private currentTaskId: string | undefined;
  /** MCP servers of forge.mcpServers: started with the first task that needs them, kept until the setting changes. */
  private readonly mcp = new McpPool();
  private readonly onConfig: vscode.Disposable;

  /** The endpoint and model of the task being started (for usage records). */
  private who = { endpoint: '', model: '' };
  /** The agent's last model request and the secret values to redact from it (Show Request). */
  private lastRequest: { record: ModelRequestRecord; about: Record<string, string>; secrets: string[] } | undefined;
  private readonly requestDocument = new RequestDocument();

  /** `sandbox`: the command sandbox MCP stdio servers start in. */
  constructor(
    private readonly view: ChatView,
    private readonly endpoints: EndpointServices,
    private readonly ports: () => HostPorts,
    private readonly sandbox?: () => ShellSandbox,
    private readonly usage?: UsageObserver,
    private readonly chatContext?: ChatContext,
  ) {
    view.connect(this, chatContext);
    this.onConfig = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('forge.mcpServers') && !this.running) void this.mcp.dispose();
    });
  }

  dispose(): void {
    this.onConfig.dispose();
    this.requestDocument.dispose();
    void this.mcp.dispose();
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async start(task: string, opts: StartOptions = {}): Promise<void> {
    if (this.busy()) return;
    // A task typed elsewhere (Forge: New Task) may mention things too.
    if (!opts.mentions && this.chatContext) opts = { ...opts, mentions: (await this.chatContext.forRequest(task, false, [], []).catch(() => undefined))?.mentions };
    const agent = await this.createAgent(opts.readOnly ?? false, () => this.startAfterEndpoint(task, opts));
    if (!agent) return;
    this.view.post({ type: 'reset' });
    this.view.post({ type: 'user', text: task });
    await this.view.reveal();
    const ctrl = new AbortController();
    // What the engineer has open, the Problems list and uncommitted changes; a command that
    // passes its own selection context keeps it and drops the generic active-editor section.
    const around = (opts.sections ?? (await workspaceContext())).filter((s) => !(opts.context && s.title === 'Active editor'));
    await this.drive(agent.run(task, { signal: ctrl.signal, context: [...(opts.context ?? []), ...around], mentions: opts.mentions, pinned: opts.pinned }), ctrl);
  }

  async resume(taskId: string, message?: string, opts: { fresh?: boolean; retry?: boolean; mentions?: ContextSection[]; pinned?: ContextSection[] } = {}): Promise<void> {
    if (this.busy()) return;
    const agent = await this.createAgent(false, () => this.resumeAfterEndpoint(taskId, message, opts));
    if (!agent) return;
    if (opts.fresh) await this.showStored(taskId);
    if (message) this.view.post({ type: 'user', text: message });
    if (opts.retry) this.view.post({ type: 'notice', level: 'info', text: vscode.l10n.t('Retrying the last request…') });
    await this.view.reveal();
    const ctrl = new AbortController();
    await this.drive(agent.resume(taskId, { signal: ctrl.signal, message, retry: opts.retry, mentions: opts.mentions, pinned: opts.pinned }), ctrl);
  }

  /** Retry (chat): a stalled request is stopped first; then the task's last request goes out again. */
  async retry(): Promise<void> {
    const id = this.currentTaskId;
    if (!id) return;
    if (this.running) {
      this.running.ctrl.abort();
      await this.running.done;
    }
    await this.resume(id, undefined, { retry: true });
  }

  /** Forge: Continue Task — the current task, else the newest stored one. */
  async continueTask(message?: string): Promise<void> {
    const id = this.currentTaskId ?? (await this.ports().storage.listTasks())[0]?.id;
    if (!id) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: there is no task to continue yet. Start one with Forge: New Task.'));
      return;
    }
    await this.resume(id, message, { fresh: id !== this.currentTaskId });
  }

  stop(): void {
    this.running?.ctrl.abort();
  }

  newTask(): void {
    if (this.running) return;
    this.currentTaskId = undefined;
    this.view.post({ type: 'reset' });
    this.view.post({ type: 'state', running: false });
  }

  async submit(typed: string, mode: 'new' | 'continue', chips?: { exclude: string[]; pinned: string[] }): Promise<void> {
    const slash = expandSlash(typed);
    if (slash?.kind === 'error') {
      this.view.post({ type: 'draft', text: typed });
      this.view.post({ type: 'notice', level: 'warning', text: slash.message });
      return;
    }
    if (slash?.kind === 'compact') return this.compactNow();
    if (slash?.kind === 'new') {
      this.newTask();
      if (!slash.text) return;
      mode = 'new';
    }
    const text = slash ? slash.text : typed;
    const readOnly = slash?.kind === 'task' && slash.readOnly === true;
    const cont = mode === 'continue' && this.currentTaskId !== undefined;
    const picked = this.chatContext && chips ? await this.chatContext.forRequest(text, !cont, chips.exclude, chips.pinned) : undefined;
    if (cont) await this.resume(this.currentTaskId!, text, picked ? { mentions: picked.mentions, pinned: picked.pinned } : {});
    else await this.start(text, { readOnly, ...(picked ? { mentions: picked.mentions, pinned: picked.pinned, sections: picked.sections } : {}) });
  }

  async planText(): Promise<string | undefined> {
    const id = this.currentTaskId;
    try {
      const stored = id ? await this.ports().storage.loadTask(id) : null;
      const plan = stored ? fromStored(stored).plan : [];
      return plan.length ? formatPlan(plan) : undefined;
    } catch {
      return undefined; // a damaged task: resuming it says what is wrong
    }
  }

  /** Forge: Show Request — the last request, secrets redacted, as a read-only JSON document. */
  async showRequest(): Promise<void> {
    const last = this.lastRequest;
    if (!last) return this.requestDocument.show(undefined);
    const redactor = await SecretRedactor.forWorkspace(this.ports().workspace, last.secrets);
    await this.requestDocument.show(requestJson(last.record, last.about, (s) => redactor.redact(s)));
  }

  /** /compact: the current task's history summarised now. */
  private async compactNow(): Promise<void> {
    const id = this.currentTaskId;
    if (!id) {
      this.view.post({ type: 'notice', level: 'info', text: vscode.l10n.t('/compact works on a task: there is none yet.') });
      return;
    }
    if (this.busy()) return;
    const agent = await this.createAgent(false);
    if (!agent) return;
    this.view.post({ type: 'user', text: '/compact' });
    const ctrl = new AbortController();
    await this.drive(agent.compactNow(id, { signal: ctrl.signal }), ctrl);
  }

  async showHistory(): Promise<void> {
    const tasks = await this.ports().storage.listTasks();
    if (tasks.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no tasks yet.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(
      tasks.map((t) => ({ label: t.title, description: new Date(t.updatedAt).toLocaleString(), id: t.id })),
      { title: vscode.l10n.t('Forge: Task History'), placeHolder: vscode.l10n.t('Pick a task to resume'), matchOnDescription: true },
    );
    if (!picked) return;
    const message = await vscode.window.showInputBox({ title: vscode.l10n.t('Resume: {0}', picked.label), prompt: vscode.l10n.t('A message for the agent (optional: leave empty to just continue)') });
    if (message === undefined) return;
    await this.resume(picked.id, message || undefined, { fresh: true });
  }

  /** Puts a stored task's transcript in the view (before it is resumed). */
  private async showStored(taskId: string): Promise<void> {
    this.view.post({ type: 'reset' });
    try {
      const stored = await this.ports().storage.loadTask(taskId);
      if (!stored) return;
      for (const m of storedTranscript(fromStored(stored))) this.view.post(m);
    } catch (e) {
      // A damaged task file: the message names the file and what is wrong; resuming reports it too.
      this.view.post({ type: 'notice', level: 'warning', text: (e as Error).message });
    }
  }

  private busy(): boolean {
    if (!this.running) return false;
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge is already working on a task. Stop it first (Forge: Stop).'));
    void this.view.reveal();
    return true;
  }

  /**
   * First run: no endpoint yet. The task stays in the chat's input, the user is offered the Add
   * Model Endpoint wizard, and the task starts once the wizard saved an endpoint.
   */
  private async startAfterEndpoint(task: string, opts: StartOptions): Promise<void> {
    this.view.post({ type: 'draft', text: task });
    this.view.post({ type: 'notice', level: 'info', text: vscode.l10n.t('No model endpoint is configured yet. Add one (Add Model Endpoint) and this task starts.') });
    await this.view.reveal();
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Forge: add a model endpoint to start this task.'), FIX_BUTTONS.addEndpoint);
    if (!choice) return;
    const id = await vscode.commands.executeCommand<string | undefined>('forge.addEndpoint');
    if (id) await this.start(task, opts);
  }

  /** As startAfterEndpoint, for Continue and Retry: the chat's first-run line and the wizard, then the task goes on. */
  private async resumeAfterEndpoint(taskId: string, message: string | undefined, opts: { fresh?: boolean; retry?: boolean }): Promise<void> {
    await this.view.reveal();
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Forge: add a model endpoint to continue this task.'), FIX_BUTTONS.addEndpoint);
    if (!choice) return;
    const id = await vscode.commands.executeCommand<string | undefined>('forge.addEndpoint');
    if (id) await this.resume(taskId, message, opts);
  }

  private async createAgent(readOnly: boolean, notConfigured?: () => Promise<void>): Promise<Agent | undefined> {
    try {
      const model = await this.endpoints.clients.createClientForRole('agent');
      const summarizer = await this.endpoints.clients.createClientForRole('summarize').catch(() => model);
      const role = resolveRole(await this.endpoints.settings.resolve(), 'agent');
      const contextTokens = role.ok && role.profile.kind !== 'vscode-lm' ? role.profile.maxContextTokens : undefined;
      if (role.ok) this.who = role.profile.kind === 'vscode-lm' ? { endpoint: 'vscode-lm', model: role.profile.family ?? role.profile.label } : { endpoint: role.profile.baseUrl, model: role.profile.model };
      const settings = this.agentSettings();
      const builtin = readOnly ? BUILTIN_TOOLS.filter((t) => !t.spec.mutating) : BUILTIN_TOOLS;
      const mcp = readOnly ? [] : await this.mcpTools(settings);
      const tools = new ToolRegistry([...builtin, ...mcp], { autoApproveReadOnlyTools: settings.autoApproveReadOnlyTools });
      const review = vscode.workspace.getConfiguration('forge').get('review') === 'end' ? 'end' : 'each';
      if (!vscode.workspace.isTrusted && !readOnly) {
        this.view.post({ type: 'notice', level: 'info', text: vscode.l10n.t('Restricted Mode: Forge reads and proposes edits for review, but runs no commands and starts no local MCP servers until you trust this workspace.') });
      }
      // The key is redacted from every tool result; its variables are never expanded by a command without asking.
      const profile = role.ok && role.profile.kind !== 'vscode-lm' ? role.profile : undefined;
      const key = profile ? await this.endpoints.keys.keyFor(profile).catch(() => undefined) : undefined;
      const secrets = { secretEnvNames: [...KEY_ENV_NAMES, ...(profile?.apiKeyEnv ? [profile.apiKeyEnv] : [])], secretValues: key ? [key] : [] };
      const about = { ...this.who };
      const onRequest = (record: ModelRequestRecord) => {
        this.lastRequest = { record, about: { endpoint: about.endpoint, model: about.model, sentAt: new Date().toISOString() }, secrets: key ? [key] : [] };
      };
      const ports = this.ports();
      // Check before done: the check command runs through the same sandboxed terminal as the agent's commands.
      const check = settings.checkCommand && ports.terminal && !readOnly && vscode.workspace.isTrusted ? new TerminalCheck(settings.checkCommand, ports.terminal) : undefined;
      return new Agent({ ...ports, model, summarizer, tools, onRequest, check }, { contextTokens, review, ...agentOptionsFrom(settings), ...secrets });
    } catch (e) {
      if (notConfigured && isModelError(e) && e.fix === 'addEndpoint') void notConfigured();
      else await showModelError(e);
      return undefined;
    }
  }

  /** forge.agent.* and forge.mcpServers; a bad value is logged (and its default used), never fatal. */
  private agentSettings(): AgentSettings {
    const c = vscode.workspace.getConfiguration('forge');
    const { settings, problems } = parseAgentSettings({
      maxSteps: c.get('agent.maxSteps'), maxCostUsd: c.get('agent.maxCostUsd'), commandAllowlist: c.get('agent.commandAllowlist'),
      commandTimeoutSeconds: c.get('agent.commandTimeoutSeconds'), autoApproveReadOnlyTools: c.get('agent.autoApproveReadOnlyTools'), checkCommand: c.get('agent.checkCommand'),
      mcpServers: c.get('mcpServers'),
    });
    for (const p of problems) this.ports().log?.warn(`Settings: ${p.message}`);
    return settings;
  }

  /** The tools of the configured MCP servers; servers that fail are logged and shown in one notification. */
  private async mcpTools(all: AgentSettings): Promise<Tool[]> {
    const settings = { ...all, mcpServers: trustedMcpServers(all.mcpServers, this.ports().log) };
    if (!settings.mcpServers.some((s) => !s.disabled)) {
      await this.mcp.dispose();
      return [];
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    const root = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    const { connections, warnings } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Forge: starting MCP servers') },
      () => this.mcp.get(settings.mcpServers, { root, log: this.ports().log, sandbox: this.sandbox?.() }),
    );
    if (warnings.length) {
      const names = warnings.map((w) => w.match(/^MCP server "([^"]*)"/)?.[1] ?? '?').join(', ');
      const text = warnings.length === 1 ? vscode.l10n.t('Forge: {0}', warnings[0]) : vscode.l10n.t('Forge: {0} MCP servers are not available ({1}); the Forge output says why.', warnings.length, names);
      void vscode.window.showWarningMessage(text, FIX_BUTTONS.openSettings).then((b) => {
        if (b) void vscode.commands.executeCommand('workbench.action.openSettings', 'forge.mcpServers');
      });
    }
    return connections.tools(BUILTIN_TOOLS.map((t) => t.spec.name));
  }

  private async drive(events: AsyncIterable<AgentEvent>, ctrl: AbortController): Promise<void> {
    let finished!: () => void;
    this.running = { ctrl, done: new Promise<void>((r) => (finished = r)) };
    void vscode.commands.executeCommand('setContext', 'forge.taskRunning', true);
    this.view.post({ type: 'state', running: true, taskId: this.currentTaskId });
    const observe = this.usage?.(this.who);
    try {
      for await (const e of events) {
        observe?.(e);
        if (e.type === 'started') this.currentTaskId = this.running.taskId = e.taskId;
        for (const m of toChatMessages(e)) this.view.post(m);
        if (e.type === 'error') void this.showError(e);
        // The walkthrough's last step completes when a change is accepted.
        if (e.type === 'changeSetReviewed' && e.acceptedHunks > 0) void vscode.commands.executeCommand('setContext', 'forge.changeAccepted', true);
      }
    } catch (e) {
      this.view.post({ type: 'end', kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      finished();
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', 'forge.taskRunning', false);
      this.view.post({ type: 'state', running: false, taskId: this.currentTaskId });
    }
  }

  /** A model error as a notification with its fix button (the transcript has the sentence too). */
  private async showError(e: Extract<AgentEvent, { type: 'error' }>): Promise<void> {
    const fix = e.fix && e.fix in FIX_BUTTONS && e.fix !== 'retry' ? (e.fix as ModelErrorFix) : undefined;
    const text = vscode.l10n.t('Forge: {0}', e.message);
    const choice = fix ? await vscode.window.showErrorMessage(text, FIX_BUTTONS[fix]) : await vscode.window.showErrorMessage(text);
    if (choice && fix) await runFix(fix, {});
  }
}
