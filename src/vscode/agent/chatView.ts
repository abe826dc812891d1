/**
 * The chat view (a webview view in the Forge container). It shows what the TaskController
 * sends, replays the current transcript when VS Code re-creates the webview, and turns the
 * user's intents into controller calls. One handler per message type; inline command approvals.
 */
import * as vscode from 'vscode';
import type { CommandApproval } from '../../core/ports';
import { chatViewHtml, parseChatWebviewMessage, type ChatHostMessage, type ChatWebviewMessage } from '../../protocol/chat';
import { webviewPageAssets, webviewPageOptions } from '../webviewPages';
import { mentionText } from '../../core/context/mentions/mention';
import { workspacePath } from './agentCommands';
import type { ChatContext } from './chatInput/chatContext';
import { copyCode, insertCode, openFileReference, openLink } from './chatLinks';
import { useHostTranslations } from '../hostTranslations';

type Handlers = { [K in ChatWebviewMessage['type']]: (m: Extract<ChatWebviewMessage, { type: K }>) => Promise<void> | void };

/** What the view asks of whoever runs tasks. */
export interface ChatActions {
  /** `exclude`: context chips removed for this request; `pinned`: chips kept for the whole task. */
  submit(text: string, mode: 'new' | 'continue', chips?: { exclude: string[]; pinned: string[] }): Promise<void>;
  stop(): void;
  newTask(): void;
  showHistory(): Promise<void>;
  /** Resends the current task's last request and goes on with the task. */
  retry(): Promise<void>;
  /** The current task's plan, formatted (for the context bar), if it has one. */
  planText?(): Promise<string | undefined>;
}

export class ChatView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'forge.chat';
  private view: vscode.WebviewView | undefined;
  /** Everything sent since the last reset, replayed into a re-created webview. */
  private transcript: ChatHostMessage[] = [];
  private readonly waiting = new Map<string, (d: CommandApproval) => void>();
  private seq = 0;
  private actions: ChatActions | undefined;
  /** First run: whether a model endpoint is ready (sent again to a re-created webview). */
  private endpoint: Extract<ChatHostMessage, { type: 'setup' }>['endpoint'] = 'ready';
  /** The active endpoint profile's label, shown on the input's picker. */
  private profile: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    // The chat's notices written in src/protocol (toChatMessages) speak the display language.
    useHostTranslations();
  }

  private context: ChatContext | undefined;

  connect(actions: ChatActions, context?: ChatContext): void {
    this.actions = actions;
    this.context = context;
  }

  /** A reply only this webview needs (not part of the transcript replayed into a new one). */
  private answer(m: ChatHostMessage): void {
    void this.view?.webview.postMessage(m);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const ext = this.extensionUri;
    view.webview.options = webviewPageOptions(ext);
    const w = view.webview;
    w.html = chatViewHtml(webviewPageAssets(w, ext, 'chat.js', 'chat.css'));
    this.disposables.push(
      w.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        // Nobody can answer an inline approval any more.
        for (const [id, resolve] of this.waiting) this.settle(id, 'deny', resolve);
      }),
    );
  }

  /** Shows the view (for commands started from the palette). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${ChatView.id}.focus`);
  }

  /** First run: shows (or hides) the view's "no model endpoint" line. */
  setEndpointState(endpoint: Extract<ChatHostMessage, { type: 'setup' }>['endpoint'], profile?: string): void {
    this.endpoint = endpoint;
    this.profile = profile;
    void this.view?.webview.postMessage({ type: 'setup', endpoint, ...(profile ? { profile } : {}) } satisfies ChatHostMessage);
  }

  post(m: ChatHostMessage): void {
    if (m.type === 'reset') this.transcript = [];
    else this.transcript.push(m);
    void this.view?.webview.postMessage(m);
  }

  /**
   * Asks in the view when it is showing; undefined otherwise (the caller falls back to a dialog).
   * With `tool`, the question is about a tool call: `command` is the tool's name. With `remember`,
   * "Always" is offered too (the rule it saves is shown on the card).
   */
  approve(command: string, reason: string, signal?: AbortSignal, tool?: { args: string }, remember?: string): Promise<CommandApproval> | undefined {
    if (!this.view?.visible) return undefined;
    const id = `approval-${++this.seq}`;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      signal?.addEventListener('abort', () => this.settle(id, 'deny', resolve), { once: true });
      this.post({ type: 'approval', id, command, reason, ...(tool ? { kind: 'tool' as const, detail: tool.args } : {}), ...(remember ? { remember } : {}) });
    });
  }

  private settle(id: string, decision: CommandApproval, resolve: (d: CommandApproval) => void): void {
    if (!this.waiting.delete(id)) return;
    this.post({ type: 'approvalResolved', id, decision });
    resolve(decision);
  }

  private async receive(raw: unknown): Promise<void> {
    const r = parseChatWebviewMessage(raw);
    if (!r.ok) {
      this.log.warn(`chat view: ignored ${r.error}`);
      return;
    }
    try {
      await (this.handlers[r.message.type] as (m: ChatWebviewMessage) => Promise<void>)(r.message);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.log.error(`chat view: ${r.message.type} failed: ${msg}`);
      this.post({ type: 'notice', level: 'error', text: msg });
    }
  }

  private readonly handlers: Handlers = {
    ready: () => {
      void this.view?.webview.postMessage({ type: 'reset' } satisfies ChatHostMessage);
      for (const m of this.transcript) void this.view?.webview.postMessage(m);
      void this.view?.webview.postMessage({ type: 'setup', endpoint: this.endpoint, ...(this.profile ? { profile: this.profile } : {}) } satisfies ChatHostMessage);
    },
    pickModel: async () => {
      await vscode.commands.executeCommand('forge.selectModel');
    },
    setupEndpoint: async () => {
      await vscode.commands.executeCommand(this.endpoint === 'noSelection' ? 'forge.selectModel' : 'forge.addEndpoint');
    },
    submit: (m) => this.actions?.submit(m.text, m.mode, { exclude: m.exclude ?? [], pinned: m.pinned ?? [] }),
    // The list and the chips follow the typing: a failure is logged (and the list shows no matches), never a notice per keystroke.
    mentionQuery: async (m) => {
      const items = await Promise.resolve(this.context?.complete(m.query)).catch((e: Error) => {
        this.log.warn(`chat view: the mention list for "${m.query}" failed: ${e.message}`);
        return [];
      });
      this.answer({ type: 'mentionItems', id: m.id, items: items ?? [] });
    },
    contextPreview: async (m) => {
      if (!this.context) return;
      try {
        const plan = m.mode === 'continue' ? await this.actions?.planText?.() : undefined;
        const { chips, window } = await this.context.chips(m.text, m.mode === 'new', plan);
        this.answer({ type: 'context', chips, window });
      } catch (e) {
        this.log.warn(`chat view: the context bar could not be computed: ${(e as Error).message}`);
      }
    },
    openContext: (m) => this.context?.open(m.key),
    droppedUris: async (m) => {
      const mentions: string[] = [];
      let outside = 0;
      for (const raw of m.uris) {
        const uri = vscode.Uri.parse(raw.trim(), true);
        const path = workspacePath(uri);
        if (!path) {
          outside++;
          continue;
        }
        const dir = (await vscode.workspace.fs.stat(uri).then((s) => s.type === vscode.FileType.Directory, () => false));
        mentions.push(mentionText({ kind: dir ? 'folder' : 'file', arg: path }));
      }
      if (mentions.length) this.answer({ type: 'insertMentions', text: mentions.join(' ') });
      if (outside) {
        const text = outside === 1
          ? vscode.l10n.t('1 dropped item is outside the workspace folders, so Forge cannot mention it.')
          : vscode.l10n.t('{0} dropped items are outside the workspace folders, so Forge cannot mention them.', outside);
        this.post({ type: 'notice', level: 'info', text });
      }
    },
    stop: () => this.actions?.stop(),
    newTask: () => this.actions?.newTask(),
    approve: (m) => {
      const resolve = this.waiting.get(m.id);
      if (resolve) this.settle(m.id, m.decision, resolve);
    },
    openReview: async (m) => {
      await vscode.commands.executeCommand('forge.revealReview', m.changeSetId);
    },
    showHistory: () => this.actions?.showHistory(),
    retry: () => this.actions?.retry(),
    copyCode: (m) => copyCode(m.text),
    insertCode: (m) => insertCode(m.text),
    openFile: (m) => openFileReference(m.path, m.line),
    openLink: (m) => openLink(m.url),
  };

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
