/**
 * Serves this window to `forge review` and `forge mcp` (other agents, scripts, git hooks): a proposal
 * opens in the same review panel as Forge's own, and the client gets the decisions back. Only a trusted
 * workspace gets a bridge; terminals of this window find it through FORGE_BRIDGE.
 */
import * as vscode from 'vscode';
import type { Approval, Diagnostics } from '../../core/ports';
import { startBridgeServer, type BridgeServer } from '../../node/bridge/bridgeServer';
import type { ProposeParams, ProposeResult } from '../../node/bridge/bridgeProtocol';
import { proposeResult } from '../../node/bridge/proposeVerdicts';
import { resolveUnder } from '../hostFiles';
import type { ReviewPanelDeps } from '../review/reviewPanel';
import { buildPatchChangeSet } from '../review/reviewPatchCommand';
import { otherAgentReviewRecords } from '../../core/usage/usageRecorder';
import type { UsageLog } from '../../node/usageLog';

function localFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

export class BridgeHost implements vscode.Disposable {
  private server: BridgeServer | undefined;
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: ReviewPanelDeps,
    private readonly approval: Approval,
    private readonly diagnostics: Diagnostics,
    /** Where reviews of other agents' proposals are recorded, beside Forge's own (usage insights). */
    private readonly usage?: UsageLog,
  ) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.start()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.server?.setFolders(localFolders())),
    );
    this.start();
  }

  /** Starts the server once the workspace is trusted and has a local folder. */
  start(): void {
    if (this.server || this.starting || !vscode.workspace.isTrusted || localFolders().length === 0) return;
    this.starting = startBridgeServer({
      folders: localFolders(),
      handlers: {
        proposeChanges: (p) => this.propose(p as ProposeParams),
        getDiagnostics: (p) => this.diagnostics.get((p as { path?: string } | undefined)?.path),
        openFile: (p) => this.openFile(p as { path: string; line?: number }),
        getSelection: async () => this.selection(),
      },
      log: (line) => this.deps.log.info(line),
    }).then(
      (server) => {
        this.server = server;
        const env = this.context.environmentVariableCollection;
        env.description = vscode.l10n.t('Lets {0} and {1} in this terminal reach this window', '`forge review`', '`forge mcp`');
        env.replace('FORGE_BRIDGE', server.discoveryFile);
      },
      (err) => this.deps.log.warn(`forge review / forge mcp are unavailable in this window: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private root(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder) throw new Error('This VS Code window has no local folder open.');
    return folder.uri;
  }

  private async propose(p: ProposeParams): Promise<ProposeResult> {
    // The review panel's title; the errors below go back to the calling program (and its model) in English.
    const title = `${p.agent ? `${p.agent}: ` : ''}${p.title ?? vscode.l10n.t('proposed changes')}`;
    const built = await buildPatchChangeSet(this.deps, this.root(), p.edit, title, p.format ?? 'auto');
    if (!built.ok) {
      if (built.level === 'info') return { changeSetId: '', allAccepted: true, files: [], error: built.message };
      throw new Error(built.details ? `${built.message}\n${built.details}` : built.message);
    }
    // Recorded like Forge's own reviews, with the calling agent's name as the endpoint ("agent: Claude Code").
    const agent = p.agent?.trim() || 'another agent';
    const outcome = await this.approval.reviewChangeSet(built.changeSet);
    const result = proposeResult(built.changeSet, outcome);
    const every = result.files.flatMap((f) => f.hunks);
    const records = otherAgentReviewRecords(agent, {
      taskId: `review-${built.changeSet.id}`, title, changeSet: built.changeSet, outcome,
      acceptedHunks: every.filter((h) => h.decision === 'accepted' || h.decision === 'edited').length,
      rejectedHunks: every.filter((h) => h.decision === 'rejected').length,
      changedFiles: result.files.map((f) => f.path),
    });
    if (records.length) this.usage?.append(records).catch((err: Error) => this.deps.log.warn(`Usage log: ${err.message}`));
    return result;
  }

  private async openFile(p: { path: string; line?: number }): Promise<{ opened: string }> {
    const uri = resolveUnder(this.root(), p.path);
    if (!uri) throw new Error(`${p.path} is outside the workspace folder`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = Math.min(Math.max((p.line ?? 1) - 1, 0), Math.max(doc.lineCount - 1, 0));
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true, selection: new vscode.Range(line, 0, line, 0) });
    return { opened: vscode.workspace.asRelativePath(uri, false) };
  }

  private selection(): { path: string; startLine: number; endLine: number; text: string } | null {
    const ed = vscode.window.activeTextEditor;
    if (!ed) return null;
    const s = ed.selection;
    return { path: vscode.workspace.asRelativePath(ed.document.uri, false), startLine: s.start.line + 1, endLine: s.end.line + 1, text: ed.document.getText(s) };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    void this.server?.dispose();
    this.server = undefined;
  }
}
