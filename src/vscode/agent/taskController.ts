/**
 * Runs agent tasks for the VS Code host: one at a time, streamed into the chat view. Builds the
 * Agent with the VS Code ports and the `agent` role's model client; model errors reach the user
 * with the button that fixes them. Stop, Continue and History act on the tasks stored here.
 */
import * as vscode from 'vscode';
import { Agent, type AgentDeps } from '../../core/agent/agent';
import type { AgentEvent } from '../../core/agent/events';
import type { ContextSection } from '../../core/context/contextPack';
import { workspaceContext } from './workspaceContext';
import type { ModelErrorFix } from '../../core/model/modelError';
import type { Storage } from '../../core/ports';
import { resolveRole } from '../../core/settings/forgeSettings';
import { agentOptionsFrom, parseAgentSettings, type AgentSettings } from '../../core/settings/agentSettings';
import { BUILTIN_TOOLS } from '../../core/tools/index';
import { ToolRegistry } from '../../core/tools/registry';
import type { Tool } from '../../core/tools/tool';
import { McpPool } from '../../node/mcp/mcpPool';
import { fromStored } from '../../core/agent/taskState';
import { storedTranscript, toChatMessages } from '../../protocol/chat';
import { FIX_BUTTONS, runFix, showModelError } from '../endpoints/modelErrors';
import type { EndpointServices } from '../endpoints/services';
import type { ChatActions, ChatView } from './chatView';

export interface StartOptions {
  context?: ContextSection[];
  /** Only tools that change nothing (Explain Selection). */
  readOnly?: boolean;
}

/** The ports every task shares (built once in extension.ts). */
export type HostPorts = Omit<AgentDeps, 'model' | 'summarizer' | 'tools'> & { storage: Storage };

export class TaskController implements ChatActions, vscode.Disposable {
  private running: { ctrl: AbortController; taskId?: string } | undefined;
  /** The task the chat input continues (the last one shown). */
  private currentTaskId: string | undefined;
  /** MCP servers of forge.mcpServers: started with the first task that needs them, kept until the setting changes. */
  private readonly mcp = new McpPool();
  private readonly onConfig: vscode.Disposable;

  constructor(private readonly view: ChatView, private readonly endpoints: EndpointServices, private readonly ports: () => HostPorts) {
    view.connect(this);
    this.onConfig = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('forge.mcpServers') && !this.running) void this.mcp.dispose();
    });
  }

  dispose(): void {
    this.onConfig.dispose();
    void this.mcp.dispose();
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async start(task: string, opts: StartOptions = {}): Promise<void> {
    if (this.busy()) return;
    const agent = await this.createAgent(opts.readOnly ?? false);
    if (!agent) return;
    this.view.post({ type: 'reset' });
    this.view.post({ type: 'user', text: task });
    await this.view.reveal();
    const ctrl = new AbortController();
    // What the engineer has open, the Problems list and uncommitted changes; a command that
    // passes its own selection context keeps it and drops the generic active-editor section.
    const around = (await workspaceContext()).filter((s) => !(opts.context && s.title === 'Active editor'));
    await this.drive(agent.run(task, { signal: ctrl.signal, context: [...(opts.context ?? []), ...around] }), ctrl);
  }

  async resume(taskId: string, message?: string, opts: { fresh?: boolean } = {}): Promise<void> {
    if (this.busy()) return;
    const agent = await this.createAgent(false);
    if (!agent) return;
    if (opts.fresh) await this.showStored(taskId);
    if (message) this.view.post({ type: 'user', text: message });
    await this.view.reveal();
    const ctrl = new AbortController();
    await this.drive(agent.resume(taskId, { signal: ctrl.signal, message }), ctrl);
  }

  /** Forge: Continue Task — the current task, else the newest stored one. */
  async continueTask(message?: string): Promise<void> {
    const id = this.currentTaskId ?? (await this.ports().storage.listTasks())[0]?.id;
    if (!id) {
      void vscode.window.showInformationMessage('Forge: there is no task to continue yet. Start one with Forge: New Task.');
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

  async submit(text: string, mode: 'new' | 'continue'): Promise<void> {
    if (mode === 'continue' && this.currentTaskId) await this.resume(this.currentTaskId, text);
    else await this.start(text);
  }

  async showHistory(): Promise<void> {
    const tasks = await this.ports().storage.listTasks();
    if (tasks.length === 0) {
      void vscode.window.showInformationMessage('Forge: no tasks yet.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      tasks.map((t) => ({ label: t.title, description: new Date(t.updatedAt).toLocaleString(), id: t.id })),
      { title: 'Forge: Task History', placeHolder: 'Pick a task to resume', matchOnDescription: true },
    );
    if (!picked) return;
    const message = await vscode.window.showInputBox({ title: `Resume: ${picked.label}`, prompt: 'A message for the agent (optional: leave empty to just continue)' });
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
    void vscode.window.showInformationMessage('Forge is already working on a task. Stop it first (Forge: Stop).');
    void this.view.reveal();
    return true;
  }

  private async createAgent(readOnly: boolean): Promise<Agent | undefined> {
    try {
      const model = await this.endpoints.clients.createClientForRole('agent');
      const summarizer = await this.endpoints.clients.createClientForRole('summarize').catch(() => model);
      const role = resolveRole(await this.endpoints.settings.resolve(), 'agent');
      const contextTokens = role.ok && role.profile.kind !== 'vscode-lm' ? role.profile.maxContextTokens : undefined;
      const settings = this.agentSettings();
      const builtin = readOnly ? BUILTIN_TOOLS.filter((t) => !t.spec.mutating) : BUILTIN_TOOLS;
      const mcp = readOnly ? [] : await this.mcpTools(settings);
      const tools = new ToolRegistry([...builtin, ...mcp], { autoApproveReadOnlyTools: settings.autoApproveReadOnlyTools });
      const review = vscode.workspace.getConfiguration('forge').get('review') === 'end' ? 'end' : 'each';
      return new Agent({ ...this.ports(), model, summarizer, tools }, { contextTokens, review, ...agentOptionsFrom(settings) });
    } catch (e) {
      await showModelError(e);
      return undefined;
    }
  }

  /** forge.agent.* and forge.mcpServers; a bad value is logged (and its default used), never fatal. */
  private agentSettings(): AgentSettings {
    const c = vscode.workspace.getConfiguration('forge');
    const { settings, problems } = parseAgentSettings({
      maxSteps: c.get('agent.maxSteps'), maxCostUsd: c.get('agent.maxCostUsd'), commandAllowlist: c.get('agent.commandAllowlist'),
      commandTimeoutSeconds: c.get('agent.commandTimeoutSeconds'), autoApproveReadOnlyTools: c.get('agent.autoApproveReadOnlyTools'),
      mcpServers: c.get('mcpServers'),
    });
    for (const p of problems) this.ports().log?.warn(`Settings: ${p.message}`);
    return settings;
  }

  /** The tools of the configured MCP servers; servers that fail are logged and shown in one notification. */
  private async mcpTools(settings: AgentSettings): Promise<Tool[]> {
    if (!settings.mcpServers.some((s) => !s.disabled)) {
      await this.mcp.dispose();
      return [];
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    const root = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    const { connections, warnings } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Forge: starting MCP servers' },
      () => this.mcp.get(settings.mcpServers, { root, log: this.ports().log }),
    );
    if (warnings.length) {
      const text = warnings.length === 1 ? warnings[0] : `${warnings.length} MCP servers are not available (${warnings.map((w) => w.match(/^MCP server "([^"]*)"/)?.[1] ?? '?').join(', ')}); the Forge output says why.`;
      void vscode.window.showWarningMessage(`Forge: ${text}`, 'Open Settings').then((b) => {
        if (b) void vscode.commands.executeCommand('workbench.action.openSettings', 'forge.mcpServers');
      });
    }
    return connections.tools(BUILTIN_TOOLS.map((t) => t.spec.name));
  }

  private async drive(events: AsyncIterable<AgentEvent>, ctrl: AbortController): Promise<void> {
    this.running = { ctrl };
    void vscode.commands.executeCommand('setContext', 'forge.taskRunning', true);
    this.view.post({ type: 'state', running: true, taskId: this.currentTaskId });
    try {
      for await (const e of events) {
        if (e.type === 'started') this.currentTaskId = this.running.taskId = e.taskId;
        for (const m of toChatMessages(e)) this.view.post(m);
        if (e.type === 'error') void this.showError(e);
      }
    } catch (e) {
      this.view.post({ type: 'end', kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', 'forge.taskRunning', false);
      this.view.post({ type: 'state', running: false, taskId: this.currentTaskId });
    }
  }

  /** A model error as a notification with its fix button (the transcript has the sentence too). */
  private async showError(e: Extract<AgentEvent, { type: 'error' }>): Promise<void> {
    const fix = e.fix && e.fix in FIX_BUTTONS && e.fix !== 'retry' ? (e.fix as ModelErrorFix) : undefined;
    const choice = fix ? await vscode.window.showErrorMessage(`Forge: ${e.message}`, FIX_BUTTONS[fix]) : await vscode.window.showErrorMessage(`Forge: ${e.message}`);
    if (choice && fix) await runFix(fix, {});
  }
}
