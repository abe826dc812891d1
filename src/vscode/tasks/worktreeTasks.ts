/**
 * Worktree tasks in VS Code (docs/worktrees.md): "Forge: New Task in Worktree" gives a task its
 * own git worktree and agent; when it ends, its whole change set opens in the review panel with
 * workspace-relative paths, so what is accepted is written into the engineer's checkout byte for
 * byte; then the worktree goes (it stays, and a message says where, while the review is pending).
 * Several run at once. The list (states, worktrees) is kept in workspaceState for the Tasks view.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Approval, ReviewOutcome } from '../../core/ports';
import { WorktreeTaskList, type WorktreeTaskRecord, type WorktreeTaskState } from '../../core/tasks/worktreeTaskList';
import { commitTaskWork, createTaskWorktree, discardTaskWorktree, listTaskWorktrees, staleInCheckout, UnreviewedWorkError, worktreeChanges, type TaskWorktree } from '../../node/worktrees';
import { worktreeAgent, type WorktreeAgentDeps } from './worktreeAgent';

const KEY = 'forge.worktreeTasks';
const PENDING = 'review pending';

export class WorktreeTasks implements vscode.Disposable {
  readonly list: WorktreeTaskList;
  private readonly running = new Map<string, AbortController>();
  /** Tasks whose change set is in the review panel (announced or open) now. */
  private readonly reviewing = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private disposed = false;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly agentDeps: WorktreeAgentDeps,
    /** Opens a change set in the review panel against the engineer's checkout (VscodeApproval). */
    private readonly review: Pick<Approval, 'reviewChangeSet'>,
    /** Whether a change set is still kept pending in the review store (Show Pending Changes). */
    private readonly isPending: (changeSetId: string) => Promise<boolean> = async () => false,
  ) {
    this.list = new WorktreeTaskList(state.get<WorktreeTaskRecord[]>(KEY, []));
    void this.save();
  }

  dispose(): void {
    // The window is closing: tasks still running stay "running" in the saved list, so the next window shows them stopped by the reload.
    this.disposed = true;
    for (const c of this.running.values()) c.abort();
    this.changed.dispose();
  }

  /** Forge: New Task in Worktree. */
  async newTask(text?: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: open a local folder that is a git repository to run a task in a worktree.'));
      return;
    }
    const task = typeof text === 'string' && text.trim() ? text : await vscode.window.showInputBox({ title: 'Forge: New Task in Worktree', prompt: 'What should the agent do? It works in its own git worktree; your files change only when you accept its review.', ignoreFocusOut: true });
    if (!task?.trim()) return;
    const id = `task-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    let wt: TaskWorktree;
    try {
      wt = await createTaskWorktree({ folder: folder.uri.fsPath, taskId: id });
    } catch (e) {
      const m = (e as Error).message;
      void vscode.window.showErrorMessage(/is not a git repository/.test(m) ? `Forge: ${folder.uri.fsPath} is not a git repository, so a task cannot get its own worktree; run git init and commit once, or use Forge: New Task.` : `Forge: could not create the task's worktree: ${m}`);
      return;
    }
    const rel = path.relative(fs.realpathSync(wt.repo), fs.realpathSync(folder.uri.fsPath));
    const root = rel ? path.join(wt.path, rel) : wt.path;
    this.list.add({ id, title: task.split('\n')[0]!.slice(0, 120), startedAt: Date.now(), worktree: wt.path, repo: wt.repo, branch: wt.branch });
    await this.save();
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    const outcome = await this.runAgent(root, task, id, ctrl.signal).finally(() => this.running.delete(id));
    if (outcome.state === 'failed') {
      await this.move(id, 'failed', outcome.note);
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: task "{0}" failed: {1}. Its worktree stays at {2} (Review or Discard it in the Tasks view).', this.list.get(id)?.title ?? id, outcome.note ?? '', wt.path));
    } else if (outcome.state === 'stopped') {
      await this.move(id, 'stopped');
    } else {
      await this.move(id, 'review');
      await this.reviewTask(id);
    }
  }

  private async runAgent(root: string, task: string, taskId: string, signal: AbortSignal): Promise<{ state: WorktreeTaskState; note?: string }> {
    try {
      const agent = await worktreeAgent(this.agentDeps, root);
      let end: { state: WorktreeTaskState; note?: string } = { state: 'review' };
      for await (const e of agent.run(task, { signal, taskId })) {
        if (e.type === 'error') end = { state: 'failed', note: e.message };
      }
      return signal.aborted ? { state: 'stopped' } : end;
    } catch (e) {
      return signal.aborted ? { state: 'stopped' } : { state: 'failed', note: (e as Error).message };
    }
  }

  stop(id: string): void {
    this.running.get(id)?.abort();
  }

  /** Reviews the task's whole change set in the review panel; removes the worktree once nothing is left to review. `onOutcome`: told the review's outcome (best of N). */
  async reviewTask(id: string, onOutcome?: (o: ReviewOutcome) => void): Promise<void> {
    const open = this.reviewing.get(id);
    // Already in the review panel (maybe only announced): that panel, not a second review.
    if (open) return void (await vscode.commands.executeCommand('forge.revealReview', open));
    const r = this.list.get(id);
    const wt = r && (await this.worktreeOf(r));
    if (!r || !wt || this.running.has(id)) return;
    if (r.note === PENDING) {
      // Its review was left with undecided hunks: those go on in that review (a fresh one would see the accepted hunks as your edits).
      const csId = `${id}-worktree`;
      if (await this.isPending(csId)) return void (await vscode.commands.executeCommand('forge.showPendingChanges', csId));
      await this.remove(r, wt, false);
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" was reviewed; its worktree is removed.', r.title));
      return;
    }
    if (r.state !== 'review') await this.move(id, 'review');
    const ch = await worktreeChanges(wt, `Task: ${r.title}`);
    if (ch.changeSet.files.length === 0 && ch.notText.length === 0) {
      await this.remove(r, wt, false);
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" changed no files.', r.title));
      return;
    }
    const stale = staleInCheckout(wt, ch);
    if (stale.length) {
      await this.move(id, 'review', 'your files changed');
      void vscode.window.showWarningMessage(vscode.l10n.t('Forge: {0} changed in your checkout since task "{1}" started, so nothing was written. Commit or stash, then Review again; its worktree stays at {2}.', stale.join(', '), r.title, wt.path));
      return;
    }
    const kept = [...ch.notText, ...ch.unexpressible];
    if (kept.length) {
      const sha = await commitTaskWork(wt, `Forge task ${id}: ${r.title}`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: {0} cannot be reviewed as text; the task\'s whole work is kept as commit {1} on branch {2}.', kept.join(', '), sha?.slice(0, 12) ?? '', wt.branch));
    }
    if (ch.changeSet.files.length) {
      this.reviewing.set(id, ch.changeSet.id);
      const outcome = await this.review.reviewChangeSet(ch.changeSet).finally(() => this.reviewing.delete(id));
      onOutcome?.(outcome);
      if (outcome.applyError) {
        await this.move(id, 'review', 'not written');
        void vscode.window.showErrorMessage(vscode.l10n.t('Forge: task "{0}": {1} Its worktree stays at {2}.', r.title, outcome.applyError, wt.path));
        return;
      }
      const pending = !outcome.completed || outcome.files.some((f) => f.decisions.some((d) => d.pending));
      if (pending) {
        await this.move(id, 'review', PENDING);
        void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" still has hunks to review; its worktree stays at {1} (branch {2}). Review or Discard it in the Tasks view.', r.title, wt.path, wt.branch));
        return;
      }
    }
    await this.remove(r, wt, kept.length > 0);
  }

  /** Discards the task's worktree and branch; with unreviewed work, only after the engineer confirms. */
  async discard(id: string): Promise<void> {
    const r = this.list.get(id);
    if (!r) return;
    if (this.running.has(id)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" is running; Stop it first.', r.title));
      return;
    }
    const wt = await this.worktreeOf(r);
    if (!wt) return;
    try {
      await discardTaskWorktree(wt);
    } catch (e) {
      if (!(e instanceof UnreviewedWorkError)) throw e;
      const lose = vscode.l10n.t('Discard and Lose the Work');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Forge: {0}', e.message), lose, vscode.l10n.t('Cancel'));
      if (choice !== lose) return;
      await discardTaskWorktree(wt, { force: true });
    }
    await this.move(id, 'done', 'discarded', null);
  }

  /** Best of N (bestOfTasks.ts): changes the list (its candidates' records) and saves it; the view refreshes. */
  async edit(change: (list: WorktreeTaskList) => void): Promise<void> {
    change(this.list);
    await this.save();
  }

  private async remove(r: WorktreeTaskRecord, wt: TaskWorktree, keepBranch: boolean): Promise<void> {
    await discardTaskWorktree(wt, { force: true, keepBranch });
    await this.move(r.id, 'done', keepBranch ? `kept on ${wt.branch}` : undefined, null);
  }

  /** The task's worktree as its record in the repository says; undefined (and the list updated) when it is gone. */
  private async worktreeOf(r: WorktreeTaskRecord): Promise<TaskWorktree | undefined> {
    const wt = (await listTaskWorktrees(r.repo).catch(() => [])).find((w) => w.taskId === r.id);
    if (!wt || !fs.existsSync(wt.path)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Forge: the worktree of task "{0}" no longer exists.', r.title));
      await this.move(r.id, 'done', 'worktree gone', null);
      return undefined;
    }
    return wt;
  }

  private async move(id: string, to: WorktreeTaskState, note?: string, worktree?: null): Promise<void> {
    const r = this.list.get(id);
    if (r && (r.state !== to || to === 'review')) this.list.move(id, to, { note, worktree });
    else if (r) Object.assign(r, { note, ...(worktree === null ? { worktree: undefined } : {}) });
    await this.save();
  }

  private async save(): Promise<void> {
    if (this.disposed) return;
    this.changed.fire();
    await this.state.update(KEY, this.list.toJSON());
  }
}
