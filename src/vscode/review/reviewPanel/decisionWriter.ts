/**
 * Writes the review panel's decisions: records a batch of decisions in the session, writes what
 * changed on disk in one WorkspaceEdit (applyTransitions), keeps the checkpoint for Revert, and
 * tells the webview what changed. Files that changed under the review are placed again or flagged
 * as conflicts; nothing is ever overwritten silently.
 */
import * as vscode from 'vscode';
import { buildFileUpdate, buildReviewSummary } from '../../../core/review/reviewView';
import type { ReviewSession, Transition } from '../../../core/review/reviewSession';
import type { HostMessage } from '../../../protocol/review';
import { applyTransitions } from '../applyTransitions';
import type { CheckpointStore } from '../checkpointStore';
import { removeEmptyCreatedDirs } from '../createdDirs';
import { encodeText, readCurrentText, resolveUnder } from '../../hostFiles';
import type { ProposalDocuments } from '../proposalDocuments';
import { settleOutsideChanges } from '../reviewWatcher';

export interface DecisionWriterDeps {
  log: vscode.LogOutputChannel;
  proposals: ProposalDocuments;
  checkpoints: CheckpointStore;
}

/** What the writer needs from its panel. */
export interface WriterPanel {
  post(message: HostMessage): void;
  /** Stores the session (pending reviews) and tells the views that statuses changed. */
  saved(): Promise<void>;
  /** Rejects a whole file (the engineer chose so after a conflict). */
  rejectFile(path: string): Promise<void>;
  readonly disposed: boolean;
}

export class DecisionWriter {
  /** Paths this panel wrote or deleted. */
  readonly written = new Set<string>();

  constructor(
    private readonly session: ReviewSession,
    private readonly root: vscode.Uri,
    private readonly deps: DecisionWriterDeps,
    /** Set when another agent writes the result (Claude Code, Gemini CLI): decisions are recorded, nothing is written. */
    private readonly answerTo: string | undefined,
    private readonly panel: WriterPanel,
  ) {}

  /**
   * Records decisions for `paths`, writes what changed on disk in one WorkspaceEdit, and updates
   * the view. A file that changed under us is re-located against its current text and the write
   * retried once; where that fails, the batch is refused for it (its new decisions are forgotten)
   * and it is marked as a conflict, with a choice.
   */
  async write(paths: string[], decide: () => void): Promise<void> {
    this.panel.post({ type: 'busy', busy: true });
    try {
      decide();
      if (this.answerTo) {
        for (const p of paths) this.session.markApplied(p);
        this.panel.post({ type: 'update', files: paths.map((p) => buildFileUpdate(this.session, p)) });
        if (this.session.complete) this.panel.post({ type: 'notice', message: vscode.l10n.t('Decided: {0} writes what you accepted, with your edits', this.answerTo) });
        await this.panel.saved();
        return;
      }
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
        this.panel.post({ type: 'show', view: buildReviewSummary(this.session, paths[0]) });
        this.panel.post({ type: 'notice', message: vscode.l10n.t('{0} changed since the proposal; its hunks were placed again in the current text', rebased.join(', ')) });
      } else this.panel.post({ type: 'update', files: paths.map((p) => buildFileUpdate(this.session, p)) });
      if (outcome.conflicts.length === 0 && outcome.written.length > 0) {
        const written = outcome.written.join(', ');
        const message = outcome.unsaved.length > 0
          ? vscode.l10n.t('Wrote {0} ({1} left unsaved in the editor, as it was)', written, outcome.unsaved.join(', '))
          : vscode.l10n.t('Wrote {0}', written);
        this.panel.post({ type: 'notice', message });
      }
      for (const p of paths) this.deps.proposals.refresh(this.session.changeSet.id, p);
      await this.panel.saved();
    } finally {
      this.panel.post({ type: 'busy', busy: false });
    }
  }

  /**
   * Files under review changed outside the panel: their pending hunks are placed again in the
   * current text, or the file is flagged as a conflict now (and unflagged when it is back).
   */
  async outsideChanges(locations: string[]): Promise<void> {
    const { placed, updated } = await settleOutsideChanges(this.session, this.root, locations.map((l) => this.fileOf(l)), this.deps.log);
    if (placed.length > 0) {
      this.panel.post({ type: 'show', view: buildReviewSummary(this.session, placed[0]) });
      this.panel.post({ type: 'notice', message: vscode.l10n.t('{0} changed on disk; its pending hunks were placed again in the current text', placed.join(', ')) });
      for (const p of placed) this.deps.proposals.refresh(this.session.changeSet.id, p);
    } else if (updated.length > 0) this.panel.post({ type: 'update', files: updated.map((p) => buildFileUpdate(this.session, p)) });
    if (placed.length + updated.length > 0) await this.panel.saved();
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

  /** A file that changed under us and could not be re-located: show what changed, or reject it. */
  private async offerConflictChoice(path: string, reason: string): Promise<void> {
    // The reason usually names the file already ("src/a.ts changed on disk after ..."): say it once.
    const what = reason.includes(path) ? reason : `${path}: ${reason}`;
    const showDiff = vscode.l10n.t('Show Diff');
    const rejectFile = vscode.l10n.t('Reject File');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Forge: nothing was written: {0}, and the proposed hunks no longer fit its current text.', what),
      showDiff,
      rejectFile,
    );
    const uri = resolveUnder(this.root, path);
    if (choice === showDiff && uri) {
      await vscode.commands.executeCommand('vscode.diff', this.deps.proposals.uri(this.session.changeSet.id, path, 'base'), uri, vscode.l10n.t('{0}: reviewed ↔ now', path));
    } else if (choice === rejectFile && !this.panel.disposed) {
      this.session.setConflict(path, undefined);
      await this.panel.rejectFile(path);
    }
  }
}
