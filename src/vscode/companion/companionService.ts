/**
 * Forge as the IDE companion of Claude Code and Gemini CLI in this window: serves their IDE
 * protocols (src/node/companion) so that their proposed edits open in Forge's review panel, per hunk,
 * and they write only what the engineer accepted, with the engineer's edits. Only a trusted
 * workspace with a local folder gets the servers; `forge.companion.*` turns each off.
 */
import * as vscode from 'vscode';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import type { CompanionAnswer } from '../../core/review/companionProposal';
import { ReviewSession } from '../../core/review/reviewSession';
import type { CompanionAgent, CompanionEditor, CompanionReviewer } from '../../node/companion/companionHost';
import { readCurrentText } from '../hostFiles';
import { ReviewPanel, type ReviewPanelDeps } from '../review/reviewPanel';
import { companionUsage } from './companionUsage';
import type { UsageLog } from '../../node/usageLog';

type Servers = typeof import('../../node/companion/companionServers');
/** The servers' chunk, required when they start, never at activation (see companionServers.ts). */
const servers = (): Servers => require('../../node/companion/companionServers');

interface Running {
  env: Record<string, string>;
  setFolders(folders: string[]): void;
  close(): Promise<void>;
}

const localFolders = (): string[] => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
/** Proposals are reviewed in the first local folder, as Forge applies its own edits there. */
const firstFolder = (): string[] => localFolders().slice(0, 1);

export class CompanionService implements vscode.Disposable {
  private readonly running = new Map<CompanionAgent, Running>();
  private readonly disposables: vscode.Disposable[] = [];
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: ReviewPanelDeps,
    private readonly usage?: UsageLog,
  ) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.sync()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        for (const r of this.running.values()) r.setFolders(firstFolder());
        this.sync();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('forge.companion')) this.sync();
      }),
    );
    // After activation: the servers' code is not part of activating Forge.
    setTimeout(() => this.sync(), 0);
  }

  /** The variables a terminal needs to find this window, for one agent (undefined when it is off). */
  envFor(agent: CompanionAgent): Record<string, string> | undefined {
    return this.running.get(agent)?.env;
  }

  /** Waits for servers being started or stopped. */
  ready(): Promise<void> {
    return this.starting;
  }

  private wanted(agent: CompanionAgent): boolean {
    const key = agent === 'Claude Code' ? 'claudeCode' : 'geminiCli';
    return vscode.workspace.isTrusted && localFolders().length > 0 && vscode.workspace.getConfiguration('forge.companion').get<boolean>(key, true);
  }

  private sync(): void {
    this.starting = this.starting.then(async () => {
      for (const agent of ['Claude Code', 'Gemini CLI'] as const) {
        const on = this.running.get(agent);
        if (this.wanted(agent) && !on) await this.start(agent);
        else if (!this.wanted(agent) && on) {
          this.running.delete(agent);
          await on.close();
        }
      }
      this.publishEnv();
    });
  }

  private async start(agent: CompanionAgent): Promise<void> {
    try {
      const s = servers();
      const log = (line: string) => this.deps.log.info(line);
      const r = agent === 'Claude Code'
        ? await s.startClaudeCompanion({ reviewer: this.reviewer, editor: this.editor, log })
        : await s.startGeminiCompanion({ reviewer: this.reviewer, log });
      this.running.set(agent, r);
      this.deps.log.info(`companion: ${agent} can reach this window (port ${r.env.CLAUDE_CODE_SSE_PORT ?? r.env.GEMINI_CLI_IDE_SERVER_PORT})`);
    } catch (err) {
      this.deps.log.warn(`companion: ${agent} cannot reach this window: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Terminals opened in this window find the servers through these variables. */
  private publishEnv(): void {
    const env = this.context.environmentVariableCollection;
    for (const name of ['CLAUDE_CODE_SSE_PORT', 'ENABLE_IDE_INTEGRATION', 'GEMINI_CLI_IDE_PID', 'GEMINI_CLI_IDE_SERVER_PORT', 'GEMINI_CLI_IDE_AUTH_TOKEN', 'GEMINI_CLI_IDE_WORKSPACE_PATH']) env.delete(name);
    for (const r of this.running.values()) for (const [k, v] of Object.entries(r.env)) env.replace(k, v);
  }

  private readonly reviewer: CompanionReviewer = {
    folders: firstFolder,
    currentText: async (absPath) => (await readCurrentText(vscode.Uri.file(absPath))).text,
    review: (cs, agent, signal) => this.review(cs, agent, signal),
    notify: (message) => void vscode.window.showWarningMessage(vscode.l10n.t('Forge: {0}', message)),
    record: (agent: CompanionAgent, cs: ChangeSet, outcome: ReviewOutcome, answer: CompanionAnswer) => companionUsage(this.usage, agent, cs, outcome, answer, this.deps.log),
  };

  private async review(cs: ChangeSet, agent: CompanionAgent, signal: AbortSignal): Promise<ReviewOutcome> {
    const root = vscode.Uri.file(firstFolder()[0]);
    const bases = new Map<string, string | null>();
    for (const f of cs.files) bases.set(f.path, (await readCurrentText(vscode.Uri.joinPath(root, f.path))).text);
    const session = new ReviewSession(cs, bases);
    const panel = await ReviewPanel.announce(this.deps, root, session, signal, agent);
    if (panel) {
      const onAbort = () => panel.dispose();
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      await panel.whenClosed();
      signal.removeEventListener('abort', onAbort);
    }
    return session.outcome(true);
  }

  private readonly editor: CompanionEditor = {
    openFile: async (absPath, line) => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(absPath));
      const l = Math.min(Math.max((line ?? 1) - 1, 0), Math.max(doc.lineCount - 1, 0));
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true, selection: new vscode.Range(l, 0, l, 0) });
    },
    diagnostics: async (absPath) => {
      const all = absPath ? [[vscode.Uri.file(absPath), vscode.languages.getDiagnostics(vscode.Uri.file(absPath))] as const] : vscode.languages.getDiagnostics();
      return all.map(([uri, ds]) => ({
        path: uri.fsPath,
        diagnostics: ds.map((d) => ({ message: d.message, severity: vscode.DiagnosticSeverity[d.severity], line: d.range.start.line + 1, character: d.range.start.character + 1, source: d.source })),
      }));
    },
    selection: async () => {
      const ed = vscode.window.activeTextEditor;
      if (!ed || ed.document.uri.scheme !== 'file') return null;
      const s = ed.selection;
      return { path: ed.document.uri.fsPath, text: ed.document.getText(s), start: { line: s.start.line, character: s.start.character }, end: { line: s.end.line, character: s.end.character } };
    },
    openEditors: async () =>
      vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => ({
        path: d.uri.fsPath,
        isActive: vscode.window.activeTextEditor?.document === d,
        isDirty: d.isDirty,
        languageId: d.languageId,
      })),
    documentState: async (absPath) => {
      const d = vscode.workspace.textDocuments.find((x) => x.uri.fsPath === absPath);
      return { open: !!d, dirty: !!d?.isDirty };
    },
    save: async (absPath) => {
      const d = vscode.workspace.textDocuments.find((x) => x.uri.fsPath === absPath);
      return d ? d.save() : false;
    },
  };

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const r of this.running.values()) void r.close();
    this.running.clear();
  }
}
