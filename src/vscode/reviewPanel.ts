/**
 * The review panel's host side: one webview panel per change set. It owns the ReviewSession,
 * turns every user intent into a decision batch, writes the batch through applyTransitions (one
 * WorkspaceEdit), and sends the new view back. One handler per message type.
 */
import * as vscode from 'vscode';
import { buildFileHunks, buildFileUpdate, buildReviewSummary, contextLines } from '../core/review/reviewView';
import type { ReviewSession, SessionSnapshot, Transition } from '../core/review/reviewSession';
import type { JsonDirStore } from './jsonStore';
import { parseText } from '../core/edits/changeSet/textDoc';
import type { HunkDecision } from '../core/edits/changeSet/changeSet';
import { parseWebviewMessage, type FileUpdate, type HostMessage, type WebviewMessage } from '../protocol/review';
import { makeNonce, reviewPanelHtml } from '../protocol/webviewHtml';
import { applyTransitions } from './applyTransitions';
import type { ProposalDocuments } from './proposalDocuments';
import type { CheckpointStore } from './checkpointStore';
import type { RevertNotes } from './revertNotes';
import { removeEmptyCreatedDirs } from './createdDirs';
import { encodeText, readCurrentText, resolveUnder } from './hostFiles';
import { ReviewWatcher, settleOutsideChanges, watchedPaths } from './reviewWatcher';
import { announceReview, askAboutPending, laterDecisionsNote, reviewSummary } from './reviewEnd';

type Handlers = { [K in WebviewMessage['type']]: (m: Extract<WebviewMessage, { type: K }>) => Promise<void> };

export interface ReviewPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  proposals: ProposalDocuments;
  checkpoints: CheckpointStore;
  pending: JsonDirStore<PendingReview>;
  /** Reverts the engineer makes, for the model's next request. */
  notes: RevertNotes;
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
  private static readonly announced = new Map<string, { deps: ReviewPanelDeps; root: vscode.Uri; session: ReviewSession; opened: (p: ReviewPanel) => void }>();

  /**
   * A review Forge starts on its own (an agent's proposal): nothing opens and nothing takes focus.
   * The set is stored as pending (Change Sets view, status bar "N to review") and announced by a
   * notification whose Review button (or Ctrl+Alt+R, or the chat's link) opens the panel with this
   * same session. Resolves with the panel once the engineer opens it; undefined when `signal`
   * aborts first (the set stays pending).
   */
  static announce(deps: ReviewPanelDeps, root: vscode.Uri, session: ReviewSession, signal?: AbortSignal): Promise<ReviewPanel | undefined> {
    const id = session.changeSet.id;
    return new Promise((resolve) => {
      const onAbort = () => {
        ReviewPanel.announced.delete(id);
        resolve(undefined);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      ReviewPanel.announced.set(id, { deps, root, session, opened: (p) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(p);
      } });
      void deps.pending.put(id, { root: root.toString(), snapshot: session.snapshot(), updatedAt: Date.now(), origin: 'agent' }).then(() => ReviewPanel.changed.fire());
      void announceReview(session, () => ReviewPanel.reveal(id));
    });
  }

  /** Opens an announced review (the engineer asked for it): with focus, on its live session. */
  private static openAnnounced(id: string): boolean {
    const a = ReviewPanel.announced.get(id);
    if (!a) return false;
    ReviewPanel.announced.delete(id);
    a.opened(ReviewPanel.show(a.deps, a.root, a.session, { origin: 'agent' }));
    return true;
  }
  private readonly disposables: vscode.Disposable[] = [];
  /** How many context lines each hunk shows above/below beyond the default. */
  private readonly expanded = new Map<string, { above: number; below: number }>();
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  /** The tab is gone (closed by the engineer, or by dispose()). */
  private panelGone = false;
  /** The review is over for whoever waits on it: every hunk decided, or the rest kept pending. */
  private settled = false;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  /** Paths this panel wrote or deleted. */
  private readonly written = new Set<string>();
  /** Someone (a task) waits for this review's outcome; otherwise later decisions become a note for the model. */
  private awaited = false;

  /** Opens (or reveals, with focus) the panel for a session: the engineer asked for it. */
  static show(deps: ReviewPanelDeps, root: vscode.Uri, session: ReviewSession, opts: { origin?: 'agent' } = {}): ReviewPanel {
    const existing = ReviewPanel.open.get(session.changeSet.id);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ReviewPanel.viewType,
      `Review: ${session.changeSet.title ?? 'Proposed changes'}`,
      vscode.ViewColumn.Active,
      { ...ReviewPanel.webviewOptions(deps.extensionUri), retainContextWhenHidden: true },
    );
    return ReviewPanel.attach(deps, panel, root, session, opts.origin);
  }

  /** Scripts on; resources only from the extension's media/ and dist/webview/. */
  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    };
  }

  /** Hosts a session in a panel (a new one, or one VS Code restored after a restart). */
  static attach(deps: ReviewPanelDeps, panel: vscode.WebviewPanel, root: vscode.Uri, session: ReviewSession, origin?: 'agent'): ReviewPanel {
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icons', 'forge.svg');
    const p = new ReviewPanel(panel, deps, root, session, origin);
    ReviewPanel.open.set(session.changeSet.id, p);
    ReviewPanel.changed.fire();
    void p.persist();
    return p;
  }

  /** Keeps the stored copy in step: removed once every hunk is decided. */
  private async persist(): Promise<void> {
    const id = this.session.changeSet.id;
    if (this.session.complete) await this.deps.pending.remove(id);
    else await this.deps.pending.put(id, { root: this.root.toString(), snapshot: this.session.snapshot(), updatedAt: Date.now(), ...(this.origin ? { origin: this.origin } : {}) });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: ReviewPanelDeps,
    private readonly root: vscode.Uri,
    readonly session: ReviewSession,
    private readonly origin?: 'agent',
  ) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
    deps.proposals.register(session);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => void this.closed()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      new ReviewWatcher(root, watchedPaths(session), (paths) => void this.enqueue(() => this.checkOutsideChanges(paths))),
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
    return reviewPanelHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'webview', 'review.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'review.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'codicons', 'codicon.css')).toString(),
      title: this.panel.title,
    });
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
      void vscode.window.showErrorMessage(`Forge: ${msg}`);
    }
  }

  private readonly handlers: Handlers = {
    ready: async (m) => this.post({ type: 'show', view: buildReviewSummary(this.session, m.selectedPath) }),
    loadFile: async (m) => {
      const hunks = buildFileHunks(this.session, m.path);
      if (!hunks) throw new Error(`${m.path} is not part of this change set`);
      // The webview starts this file with the default context again.
      for (const k of this.expanded.keys()) if (k.startsWith(`${m.path}\0`)) this.expanded.delete(k);
      this.post({ type: 'fileHunks', path: m.path, hunks });
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
    expandContext: async (m) => this.expandContext(m),
    done: async () => {
      if (this.session.pendingCount > 0) return this.endWithPending(false);
      this.settle();
      this.dispose();
    },
    revert: async () => {
      await vscode.commands.executeCommand('forge.revertChangeSet', this.session.changeSet.id);
    },
    openChangedFiles: async () => {
      for (const p of this.written) {
        const uri = resolveUnder(this.root, p);
        if (uri && (await vscode.workspace.fs.stat(uri).then(() => true, () => false))) await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true });
      }
    },
    close: async () => this.dispose(),
  };

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

  /**
   * Files under review changed outside the panel: their pending hunks are placed again in the
   * current text, or the file is flagged as a conflict now (and unflagged when it is back).
   */
  private async checkOutsideChanges(locations: string[]): Promise<void> {
    const { placed, updated } = await settleOutsideChanges(this.session, this.root, locations.map((l) => this.fileOf(l)), this.deps.log);
    if (placed.length > 0) {
      this.post({ type: 'show', view: buildReviewSummary(this.session, placed[0]) });
      this.post({ type: 'notice', message: `${placed.join(', ')} changed on disk; its pending hunks were placed again in the current text` });
      for (const p of placed) this.deps.proposals.refresh(this.session.changeSet.id, p);
    } else if (updated.length > 0) this.post({ type: 'update', files: updated.map((p) => this.fileUpdate(p)) });
    if (placed.length + updated.length > 0) {
      await this.persist();
      ReviewPanel.changed.fire();
    }
  }

  private async runBatch(paths: string[], decide: () => void): Promise<void> {
    this.post({ type: 'busy', busy: true });
    try {
      decide();
      let transitions = paths.flatMap((p) => this.session.transitions(p));
      let outcome = await applyTransitions(this.root, transitions);
      const rebased = outcome.conflicts.length > 0 ? await this.rebase(outcome.conflicts.map((c) => c.path)) : [];
      if (outcome.conflicts.length > 0 && rebased.length === new Set(outcome.conflicts.map((c) => this.fileOf(c.path))).size) {
        transitions = paths.flatMap((p) => this.session.transitions(p));
        outcome = await applyTransitions(this.root, transitions);
      }
      if (outcome.conflicts.length > 0) {
        for (const p of paths) this.session.revert(p);
        for (const c of outcome.conflicts) this.session.setConflict(this.fileOf(c.path), c.reason);
        void this.offerConflictChoice(this.fileOf(outcome.conflicts[0].path), outcome.conflicts[0].reason);
      } else {
        for (const p of paths) this.session.markApplied(p);
        for (const w of outcome.written) this.written.add(w);
        await this.recordCheckpoint(transitions, outcome.previous, outcome.createdDirs);
        // A new file rejected (or a rename undone): the folders Forge created for it go too, once empty.
        const gone = transitions.filter((t) => t.next === null).map((t) => t.path);
        if (gone.length > 0) await removeEmptyCreatedDirs(this.root, await this.deps.checkpoints.createdDirsAbove(gone));
      }
      if (rebased.length > 0) {
        this.post({ type: 'show', view: buildReviewSummary(this.session, paths[0]) });
        this.post({ type: 'notice', message: `${rebased.join(', ')} changed since the proposal; its hunks were placed again in the current text` });
      } else this.post({ type: 'update', files: paths.map((p) => this.fileUpdate(p)) });
      if (outcome.conflicts.length === 0 && outcome.written.length > 0) {
        const unsaved = outcome.unsaved.length > 0 ? ` (${outcome.unsaved.join(', ')} left unsaved in the editor, as it was)` : '';
        this.post({ type: 'notice', message: `Wrote ${outcome.written.join(', ')}${unsaved}` });
      }
      for (const p of paths) this.deps.proposals.refresh(this.session.changeSet.id, p);
      await this.persist();
      ReviewPanel.changed.fire();
    } finally {
      this.post({ type: 'busy', busy: false });
    }
    if (this.session.complete) this.finish();
  }

  /** Every hunk is decided: the review is over for whoever waits, and the panel shows its summary. */
  private finish(): void {
    const summary = reviewSummary(this.session, this.written, this.written.size > 0);
    this.post(summary);
    // A set the engineer kept pending and decided later: the task hears what they decided.
    if (this.origin === 'agent' && !this.awaited) this.deps.notes.push(laterDecisionsNote(this.session));
    this.settle();
    const result = summary.rejected === 0 ? 'applied' : summary.accepted + summary.edited === 0 ? 'rejected' : 'partly applied';
    void this.deps.checkpoints.setResult({ changeSetId: this.session.changeSet.id, title: this.session.changeSet.title ?? 'Proposed changes' }, result)
      .catch((e: Error) => this.deps.log.warn(`could not record the review of ${this.session.changeSet.id}: ${e.message}`));
  }

  /** The review file a disk location belongs to (a rename's new path maps to its file). */
  private fileOf(location: string): string {
    return this.session.changeSet.files.find((f) => f.path === location || f.newPath === location)?.path ?? location;
  }

  /** Re-locates the hunks of files that changed under us; returns the files that could be placed again. */
  private async rebase(locations: string[]): Promise<string[]> {
    const done: string[] = [];
    for (const path of new Set(locations.map((l) => this.fileOf(l)))) {
      const uri = resolveUnder(this.root, path);
      if (!uri) continue;
      const refusals = this.session.rebase(path, (await readCurrentText(uri)).text);
      if (refusals.length === 0) done.push(path);
      else this.deps.log.warn(`could not re-locate ${path}: ${refusals.map((r) => r.reason).join(' ')}`);
    }
    return done;
  }

  private async recordCheckpoint(transitions: Transition[], previous: Map<string, Uint8Array | null>, createdDirs: string[]): Promise<void> {
    const written = transitions.map((t) => ({ path: t.path, before: previous.get(t.path) ?? null, after: t.next === null ? null : encodeText(t.next) }));
    if (written.length === 0) return;
    this.deps.log.info(`applied ${this.session.changeSet.id}: ${written.map((w) => w.path).join(', ')}`);
    await this.deps.checkpoints.record({ changeSetId: this.session.changeSet.id, title: this.session.changeSet.title ?? 'Proposed changes' }, written, createdDirs);
  }

  private fileUpdate(path: string): FileUpdate {
    return buildFileUpdate(this.session, path);
  }

  /** A file that changed under us and could not be re-located: show what changed, or reject it. */
  private async offerConflictChoice(path: string, reason: string): Promise<void> {
    // The reason usually names the file already ("src/a.ts changed on disk after ..."): say it once.
    const what = reason.includes(path) ? reason : `${path}: ${reason}`;
    const choice = await vscode.window.showWarningMessage(
      `Forge: nothing was written: ${what}, and the proposed hunks no longer fit its current text.`,
      'Show Diff',
      'Reject File',
    );
    const uri = resolveUnder(this.root, path);
    if (choice === 'Show Diff' && uri) {
      await vscode.commands.executeCommand('vscode.diff', this.deps.proposals.uri(this.session.changeSet.id, path, 'base'), uri, `${path}: reviewed ↔ now`);
    } else if (choice === 'Reject File' && !this.disposed) {
      this.session.setConflict(path, undefined);
      await this.handlers.rejectFile({ type: 'rejectFile', path });
    }
  }

  private async expandContext(m: Extract<WebviewMessage, { type: 'expandContext' }>): Promise<void> {
    const file = this.session.file(m.path);
    const hunks = file ? [...file.hunks].sort((a, b) => a.baseStart - b.baseStart) : [];
    const i = hunks.findIndex((h) => h.index === m.hunkIndex);
    if (!file || i < 0) return;
    const key = `${m.path}\0${m.hunkIndex}`;
    const shown = this.expanded.get(key) ?? { above: 3, below: 3 };
    const baseLines = parseText(this.session.bases.get(file.path) ?? '').lines;
    const h = hunks[i];
    const shift = hunks.slice(0, i).reduce((n, x) => n + x.newLines.length - x.oldLines.length, 0);
    if (m.direction === 'above') {
      const limit = i === 0 ? 0 : hunks[i - 1].baseStart + hunks[i - 1].oldLines.length;
      const to = Math.max(limit, h.baseStart - shown.above);
      const from = Math.max(limit, to - m.count);
      shown.above += to - from;
      this.post({ type: 'contextLines', path: m.path, hunkIndex: m.hunkIndex, direction: 'above', lines: contextLines(baseLines, from, to, shift), more: from > limit });
    } else {
      const limit = i === hunks.length - 1 ? baseLines.length : hunks[i + 1].baseStart;
      const shiftAfter = shift + h.newLines.length - h.oldLines.length;
      const from = Math.min(limit, h.baseStart + h.oldLines.length + shown.below);
      const to = Math.min(limit, from + m.count);
      shown.below += to - from;
      this.post({ type: 'contextLines', path: m.path, hunkIndex: m.hunkIndex, direction: 'below', lines: contextLines(baseLines, from, to, shiftAfter), more: to < limit });
    }
    this.expanded.set(key, shown);
  }
}

const ACCEPT: HunkDecision = { kind: 'accept' };
const REJECT: HunkDecision = { kind: 'reject' };
