/**
 * The review panel's host side: one webview panel per change set. It owns the ReviewSession,
 * turns every user intent into a decision batch, writes the batch through applyTransitions (one
 * WorkspaceEdit), and sends the new view back. One handler per message type.
 */
import * as vscode from 'vscode';
import { buildLoadedFile, buildReviewSummary } from '../../core/review/reviewView';
import { ContextWindows } from '../../core/review/contextWindows';
import type { ReviewSession, SessionSnapshot } from '../../core/review/reviewSession';
import type { JsonDirStore } from '../jsonStore';
import { parseText } from '../../core/edits/changeSet/textDoc';
import type { HunkDecision } from '../../core/edits/changeSet/changeSet';
import { parseWebviewMessage, type FileUpdate, type HostMessage, type WebviewMessage } from '../../protocol/review';
import { reviewPanelHtml } from '../../protocol/webviewHtml';
import { webviewPageAssets, webviewPageOptions } from '../webviewPages';
import type { ProposalDocuments } from './proposalDocuments';
import type { CheckpointStore } from './checkpointStore';
import type { RevertNotes } from './revertNotes';
import { resolveUnder } from '../hostFiles';
import { ReviewWatcher, watchedPaths } from './reviewWatcher';
import { announceReview, askAboutPending, laterDecisionsNote, reviewSummary } from './reviewEnd';
import { DecisionWriter } from './reviewPanel/decisionWriter';
import type { HunkTextEditors } from './hunkTextEditors';

type Handlers = { [K in WebviewMessage['type']]: (m: Extract<WebviewMessage, { type: K }>) => Promise<void> };

export interface ReviewPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  proposals: ProposalDocuments;
  checkpoints: CheckpointStore;
  pending: JsonDirStore<PendingReview>;
  /** Reverts the engineer makes, for the model's next request. */
  notes: RevertNotes;
  /** The hunk editor's "Open in Editor": a hunk's new lines in a real VS Code editor. */
  hunkTexts: HunkTextEditors;
  /** Told after a revert or reapply moved hunks (the usage log's revert records). */
  onReverted?: (r: { changeSetId: string; direction: 'revert' | 'reapply'; hunks: number; paths: string[] }) => void;
}

/** A change set still under review, persisted so nothing pending is lost when VS Code restarts. */
export interface PendingReview {
  root: string;
  snapshot: SessionSnapshot;
  updatedAt: number;
  /** 'agent': proposed by a task (decisions made later are told to the model). */
  origin?: 'agent';
}

export class ReviewPanel implements vscode.Disposable {
  static readonly viewType = 'forge.review';
  private static readonly open = new Map<string, ReviewPanel>();
  private static readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a panel opens, closes, or a decision changes a file's status. */
  static readonly onDidChange = ReviewPanel.changed.event;

  static all(): ReviewPanel[] {
    return [...ReviewPanel.open.values()];
  }

  /** Brings an open review forward and gives it focus (the engineer asked for it). */
  static reveal(changeSetId: string): boolean {
    const p = ReviewPanel.open.get(changeSetId);
    if (p) p.panel.reveal(undefined, false);
    else return ReviewPanel.openAnnounced(changeSetId);
    return true;
  }

  /** Reviews Forge announced but nobody opened yet: the live session, and who waits for its panel. */
  private static readonly announced = new Map<string, { deps: ReviewPanelDeps; root: vscode.Uri; session: ReviewSession; answerTo?: string; opened: (p: ReviewPanel) => void }>();

  /**
   * A review Forge starts on its own (an agent's proposal): nothing opens and nothing takes focus.
   * The set is stored as pending (Change Sets view, status bar "N to review") and announced by a
   * notification whose Review button (or Ctrl+Alt+R, or the chat's link) opens the panel with this
   * same session. Resolves with the panel once the engineer opens it; undefined when `signal`
   * aborts first (the set stays pending).
   */
  /**
   * `answerTo`: another agent (Claude Code, Gemini CLI) that writes the result itself: the panel
   * records decisions and writes nothing, and the review is not kept across a reload.
   */
  static announce(deps: ReviewPanelDeps, root: vscode.Uri, session: ReviewSession, signal?: AbortSignal, answerTo?: string): Promise<ReviewPanel | undefined> {
    const id = session.changeSet.id;
    return new Promise((resolve) => {
      const onAbort = () => {
        ReviewPanel.announced.delete(id);
        resolve(undefined);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      ReviewPanel.announced.set(id, { deps, root, session, answerTo, opened: (p) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(p);
      } });
      if (!answerTo) void deps.pending.put(id, { root: root.toString(), snapshot: session.snapshot(), updatedAt: Date.now(), origin: 'agent' }).then(() => ReviewPanel.changed.fire());
      void announceReview(session, () => ReviewPanel.reveal(id), answerTo);
    });
  }

  /** Opens an announced review (the engineer asked for it): with focus, on its live session. */
  private static openAnnounced(id: string): boolean {
    const a = ReviewPanel.announced.get(id);
    if (!a) return false;
    ReviewPanel.announced.delete(id);
    a.opened(ReviewPanel.show(a.deps, a.root, a.session, { origin: 'agent', answerTo: a.answerTo }));
    return true;
  }
  private readonly disposables: vscode.Disposable[] = [];
  /** How much context each hunk shows. */
  private readonly context: ContextWindows;
  /** Writes decisions to disk (one WorkspaceEdit per batch). */
  private readonly writer: DecisionWriter;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  /** The tab is gone (closed by the engineer, or by dispose()). */
  private panelGone = false;
  /** The review is over for whoever waits on it: every hunk decided, or the rest kept pending. */
  private settled = false;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  /** Someone (a task) waits for this review's outcome; otherwise later decisions become a note for the model. */
  private awaited = false;

  /** Opens (or reveals, with focus) the panel for a session: the engineer asked for it. */
  static show(deps: ReviewPanelDeps, root: vscode.Uri, session: ReviewSession, opts: { origin?: 'agent'; answerTo?: string } = {}): ReviewPanel {
    const existing = ReviewPanel.open.get(session.changeSet.id);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ReviewPanel.viewType,
      vscode.l10n.t('Review: {0}', session.changeSet.title ?? vscode.l10n.t('Proposed changes')),
      vscode.ViewColumn.Active,
      { ...webviewPageOptions(deps.extensionUri), retainContextWhenHidden: true },
    );
    return ReviewPanel.attach(deps, panel, root, session, opts.origin, opts.answerTo);
  }

  /** Hosts a session in a panel (a new one, or one VS Code restored after a restart). */
  static attach(deps: ReviewPanelDeps, panel: vscode.WebviewPanel, root: vscode.Uri, session: ReviewSession, origin?: 'agent', answerTo?: string): ReviewPanel {
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icons', 'forge.svg');
    const p = new ReviewPanel(panel, deps, root, session, origin, answerTo);
    ReviewPanel.open.set(session.changeSet.id, p);
    ReviewPanel.changed.fire();
    void p.persist();
    return p;
  }

  /** Keeps the stored copy in step: removed once every hunk is decided. */
  private async persist(): Promise<void> {
    const id = this.session.changeSet.id;
    if (this.answerTo) return; // the agent waiting for it is gone after a reload
    if (this.session.complete) await this.deps.pending.remove(id);
    else await this.deps.pending.put(id, { root: this.root.toString(), snapshot: this.session.snapshot(), updatedAt: Date.now(), ...(this.origin ? { origin: this.origin } : {}) });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: ReviewPanelDeps,
    private readonly root: vscode.Uri,
    readonly session: ReviewSession,
    private readonly origin?: 'agent',
    /** Another agent writes the result (see announce): Forge writes nothing. */
    private readonly answerTo?: string,
  ) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
    deps.proposals.register(session);
    this.context = new ContextWindows(session);
    const panelDisposed = () => this.disposed;
    this.writer = new DecisionWriter(session, root, deps, answerTo, {
      post: (m) => this.post(m),
      saved: async () => {
        await this.persist();
        ReviewPanel.changed.fire();
      },
      rejectFile: (path) => this.handlers.rejectFile({ type: 'rejectFile', path }),
      get disposed() {
        return panelDisposed();
      },
    });
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => void this.closed()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      new ReviewWatcher(root, watchedPaths(session), (paths) => void this.enqueue(() => this.writer.outsideChanges(paths))),
    );
  }

  /**
   * Resolves when the review is over: every hunk decided (the panel stays open on its summary), or
   * the engineer closed it or clicked Done and chose what happens to the undecided hunks.
   */
  whenClosed(): Promise<void> {
    this.awaited = true;
    return this.finished;
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveFinished();
  }

  /** Closes the panel without asking anything (a stopped task, Close on the summary). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panelGone = true;
    ReviewPanel.open.delete(this.session.changeSet.id);
    this.deps.proposals.unregister(this.session.changeSet.id);
    this.deps.hunkTexts.forget(this.session.changeSet.id);
    this.settle();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    ReviewPanel.changed.fire();
  }

  /** The engineer closed the tab: undecided hunks are never decided for them without asking. */
  private async closed(): Promise<void> {
    if (this.panelGone) return;
    this.panelGone = true;
    if (!this.settled && this.session.pendingCount > 0) await this.endWithPending(true);
    this.dispose();
  }

  /** Done or close with undecided hunks: keep them pending (the default), or reject / accept them now. */
  private async endWithPending(closing: boolean): Promise<void> {
    const choice = await askAboutPending(this.session, closing);
    if (choice === undefined) return;
    if (choice !== 'keep') {
      const paths = this.session.pendingPaths();
      await this.batch(paths, () => this.session.decideAll(choice === 'accept' ? ACCEPT : REJECT));
    }
    await this.persist();
    this.settle();
    if (choice === 'keep' && !closing) this.dispose();
  }

  private html(): string {
    const w = this.panel.webview;
    const ext = this.deps.extensionUri;
    return reviewPanelHtml({ ...webviewPageAssets(w, ext, 'review.js', 'review.css'), title: this.panel.title });
  }

  private post(message: HostMessage): void {
    if (!this.panelGone) void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`review panel: ignored ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    try {
      await (this.handlers[m.type] as (x: WebviewMessage) => Promise<void>)(m);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`review panel: ${m.type} failed: ${msg}`);
      this.post({ type: 'error', message: msg });
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: {0}', msg));
    }
  }

  private readonly handlers: Handlers = {
    ready: async (m) => this.post({ type: 'show', view: buildReviewSummary(this.session, m.selectedPath) }),
    loadFile: async (m) => {
      const loaded = buildLoadedFile(this.session, m.path);
      if (!loaded) throw new Error(`${m.path} is not part of this change set`);
      // The webview starts this file with the default context again.
      this.context.reset(m.path);
      this.post({ type: 'fileHunks', path: m.path, ...loaded });
    },
    acceptAll: async () => this.batch(this.allPaths(), () => this.session.decideAll(ACCEPT)),
    rejectAll: async (m) => this.batch(this.allPaths(), () => this.session.decideAll(REJECT, m.reason)),
    acceptFile: async (m) => this.batch([m.path], () => this.session.decide(m.path, undefined, ACCEPT)),
    rejectFile: async (m) => this.batch([m.path], () => this.session.decide(m.path, undefined, REJECT, m.reason)),
    acceptHunk: async (m) => this.batch([m.path], () => this.session.decide(m.path, m.hunkIndex, ACCEPT)),
    rejectHunk: async (m) => this.batch([m.path], () => this.session.decide(m.path, m.hunkIndex, REJECT, m.reason)),
    editHunk: async (m) =>
      this.batch([m.path], () => this.session.decide(m.path, m.hunkIndex, { kind: 'edit', newLines: m.newLines })),
    openDiff: async (m) => this.deps.proposals.openDiff(this.session, m.path),
    openInEditor: async (m) => this.openInEditor(m),
    expandContext: async (m) => {
      const reply = this.context.expand(m);
      if (reply) this.post(reply);
    },
    done: async () => {
      if (this.session.pendingCount > 0) return this.endWithPending(false);
      this.settle();
      this.dispose();
    },
    revert: async () => {
      await vscode.commands.executeCommand('forge.revertChangeSet', this.session.changeSet.id);
    },
    openChangedFiles: async () => {
      for (const p of this.writer.written) {
        const uri = resolveUnder(this.root, p);
        if (uri && (await vscode.workspace.fs.stat(uri).then(() => true, () => false))) await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true });
      }
    },
    close: async () => this.dispose(),
  };

  /** Opens the hunk's new lines in a VS Code editor; "Use This Text" there sends them back to the panel's hunk editor. */
  private async openInEditor(m: Extract<WebviewMessage, { type: 'openInEditor' }>): Promise<void> {
    const hunks = [...(this.session.file(m.path)?.hunks ?? [])].sort((a, b) => a.baseStart - b.baseStart);
    const pos = hunks.findIndex((h) => h.index === m.hunkIndex) + 1;
    if (pos === 0) throw new Error(`hunk ${m.hunkIndex + 1} of ${m.path} is not part of this change set`);
    await this.deps.hunkTexts.open({
      changeSetId: this.session.changeSet.id,
      path: m.path,
      hunkIndex: m.hunkIndex,
      pos,
      indent: m.indent,
      deliver: (text) => {
        if (this.panelGone || this.session.hunkState(m.path, m.hunkIndex)?.decision) return false;
        this.post({ type: 'hunkText', path: m.path, hunkIndex: m.hunkIndex, text });
        this.panel.reveal(undefined, false);
        return true;
      },
    }, m.text);
  }

  /** Accepts or rejects one hunk from outside the panel (CodeLens, keybindings); same path as a click. */
  decideHunk(path: string, hunkIndex: number, accept: boolean): Promise<void> {
    return accept ? this.handlers.acceptHunk({ type: 'acceptHunk', path, hunkIndex }) : this.handlers.rejectHunk({ type: 'rejectHunk', path, hunkIndex });
  }

  /** The workspace folder the change set applies to. */
  get rootUri(): vscode.Uri {
    return this.root;
  }

  private allPaths(): string[] {
    return this.session.changeSet.files.map((f) => f.path).filter((p) => !this.session.conflict(p));
  }

  /**
   * Records decisions for `paths`, writes what changed on disk in one WorkspaceEdit, and updates
   * the view. A file that changed under us is re-located against its current text and the write
   * retried once; where that fails, the batch is refused for it (its new decisions are forgotten)
   * and it is marked as a conflict, with a choice. Nothing is ever overwritten silently.
   */
  private batch(paths: string[], decide: () => void): Promise<void> {
    return this.enqueue(() => this.runBatch(paths, decide));
  }

  /**
   * One piece of work at a time, in order (decision batches, outside changes): a click while a
   * write is running waits for it instead of being lost.
   */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(() => (this.disposed ? undefined : work()));
    this.queue = run.catch((err: unknown) => this.deps.log.error(`review panel: ${err instanceof Error ? err.message : String(err)}`));
    return run;
  }

  private async runBatch(paths: string[], decide: () => void): Promise<void> {
    await this.writer.write(paths, decide);
    if (this.session.complete) this.finish();
  }

  /** Every hunk is decided: the review is over for whoever waits, and the panel shows its summary. */
  private finish(): void {
    const summary = reviewSummary(this.session, this.writer.written, this.writer.written.size > 0, this.answerTo);
    this.post(summary);
    // A set the engineer kept pending and decided later: the task hears what they decided.
    if (this.origin === 'agent' && !this.awaited) this.deps.notes.push(laterDecisionsNote(this.session));
    this.settle();
    if (this.answerTo) return; // nothing of it is Forge's to revert
    const result = summary.rejected === 0 ? 'applied' : summary.accepted + summary.edited === 0 ? 'rejected' : 'partly applied';
    void this.deps.checkpoints.setResult({ changeSetId: this.session.changeSet.id, title: this.session.changeSet.title ?? 'Proposed changes' }, result)
      .catch((e: Error) => this.deps.log.warn(`could not record the review of ${this.session.changeSet.id}: ${e.message}`));
  }
}

const ACCEPT: HunkDecision = { kind: 'accept' };
const REJECT: HunkDecision = { kind: 'reject' };
