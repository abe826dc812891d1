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
import { BUILTIN_TOOLS } from '../../core/tools/index';
import { ToolRegistry } from '../../core/tools/registry';
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

export class TaskController implements ChatActions {
  private running: { ctrl: AbortController; taskId?: string } | undefined;
  /** The task the chat input continues (the last one shown). */
  private currentTaskId: string | undefined;

  constructor(private readonly view: ChatView, private readonly endpoints: EndpointServices, private readonly ports: () => HostPorts) {
    view.connect(this);
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
    const stored = await this.ports().storage.loadTask(taskId);
    if (!stored) return;
    try {
      for (const m of storedTranscript(fromStored(stored))) this.view.post(m);
    } catch (e) {
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
      const tools = readOnly ? new ToolRegistry(BUILTIN_TOOLS.filter((t) => !t.spec.mutating)) : undefined;
      return new Agent({ ...this.ports(), model, summarizer, tools }, { contextTokens });
    } catch (e) {
      await showModelError(e);
      return undefined;
    }
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
