/**
 * Worktree tasks in VS Code (docs/worktrees.md): "Forge: New Task in Worktree" gives a task its
 * own git worktree and agent; when it ends, its whole change set opens in the review panel with
 * workspace-relative paths, so what is accepted is written into the engineer's checkout byte for
 * byte; then the worktree goes (it stays, and a message says where, while the review is pending).
 * Or, as the engineer chose for the task, the work is kept as a commit on its branch. Options
 * (base ref, sparse paths, untracked files to copy, setup command) come from forge.worktrees.* or
 * the New Task flow's Options. Several run at once. The list (states, worktrees, figures) is kept
 * in a file of the workspace's storage (fileMemento.ts) for the Tasks view; a task stopped by a window reload can be continued in its
 * worktree with its saved history. Reviews go into the usage and decisions logs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkSummary } from '../../core/tasks/taskFigures';
import type { Approval, ReviewOutcome } from '../../core/ports';
import { WorktreeTaskList, type WorktreeTaskRecord, type WorktreeTaskState } from '../../core/tasks/worktreeTaskList';
import { optionsFromSettings, type WorktreeTaskOptions } from '../../core/tasks/worktreeTaskOptions';
import { ShellSandbox } from '../../node/sandbox/shellSandbox';
import { commitTaskWork, createTaskWorktree, discardTaskWorktree, listTaskWorktrees, repositoryOf, staleInCheckout, UnreviewedWorkError, worktreeChanges, type SetupRunner, type TaskWorktree } from '../../node/worktrees';
import { readSandboxSettings } from '../agent/commandSandbox';
import type { UsageObserver } from '../usage/showUsage';
import { askNewTask } from './newTaskInput';
import { runTaskAgent, type RunOutcome } from './taskRun';
import type { WorktreeAgentDeps } from './worktreeAgent';
import { recordWorktreeReview } from './worktreeUsage';

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
    /** The usage (and decisions) log observer the chat's tasks use too. */
    private readonly usage?: UsageObserver,
  ) {
    this.list = new WorktreeTaskList(state.get<WorktreeTaskRecord[]>(KEY, []));
    void this.save().then(() => this.checkContinuable());
  }

  /** After a reload: a stopped or failed task whose worktree or saved history is gone says so (and offers no Continue). */
  private async checkContinuable(): Promise<void> {
    let changed = false;
    for (const r of this.list.all()) {
      if ((r.state !== 'stopped' && r.state !== 'failed') || !r.worktree || r.cannotContinue) continue;
      const why = await this.whyNotContinue(r, r.worktree);
      if (why) [r.cannotContinue, changed] = [why, true];
    }
    if (changed) await this.save();
  }

  private async whyNotContinue(r: WorktreeTaskRecord, worktree: string): Promise<string | undefined> {
    if (!fs.existsSync(worktree)) return 'its worktree is gone';
    return this.agentDeps.storage().loadTask(r.id).then((t) => (t ? undefined : 'nothing was saved before it stopped'), (e: Error) => e.message);
  }

  dispose(): void {
    // The window is closing: tasks still running stay "running" in the saved list, so the next window shows them stopped by the reload.
    this.disposed = true;
    for (const c of this.running.values()) c.abort();
    this.changed.dispose();
  }

  /** Forge: New Task in Worktree; `text` (and `options`) skip the input, the settings' defaults filling in the rest. */
  async newTask(text?: string, options?: Partial<WorktreeTaskOptions>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: open a local folder that is a git repository to run a task in a worktree.'));
      return;
    }
    let top: string;
    try {
      top = (await repositoryOf(folder.uri.fsPath)).top;
    } catch (e) {
      const m = (e as Error).message;
      void vscode.window.showErrorMessage(/is not a git repository/.test(m) ? vscode.l10n.t('Forge: {0} is not a git repository, so a task cannot get its own worktree; run git init and commit once, or use Forge: New Task.', folder.uri.fsPath) : vscode.l10n.t('Forge: could not create the task\'s worktree: {0}', m));
      return;
    }
    const defaults = { ...this.defaultOptions(), ...options };
    const input = typeof text === 'string' && text.trim() ? { text, options: defaults } : await askNewTask(top, defaults);
    if (!input?.text.trim()) return;
    await this.start(folder.uri.fsPath, top, input.text, input.options);
  }

  /** The forge.worktrees.* settings (a wrong value is named in the log and left at its default). */
  private defaultOptions(): WorktreeTaskOptions {
    const c = vscode.workspace.getConfiguration('forge.worktrees');
    const { options, problems } = optionsFromSettings({ baseRef: c.get('baseRef'), sparsePaths: c.get('sparsePaths'), copyFiles: c.get('copyFiles'), setupCommand: c.get('setupCommand'), result: c.get('result') });
    for (const p of problems) this.agentDeps.log.warn(`Settings: ${p}`);
    return options;
  }

  private async start(folder: string, top: string, task: string, o: WorktreeTaskOptions): Promise<void> {
    if (o.setup && !vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: the setup command {0} does not run in Restricted Mode; trust the workspace, or start the task without a setup command.', o.setup));
      return;
    }
    const id = `task-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    const r = this.list.add({ id, title: task.split('\n')[0]!.slice(0, 120), startedAt: Date.now(), repo: top, branch: `forge/${id}`, result: o.result, note: o.setup ? `setting up: ${o.setup}` : undefined });
    await this.save();
    let wt: TaskWorktree;
    try {
      wt = await createTaskWorktree({
        folder, taskId: id, base: o.base || undefined, sparse: o.sparse, copy: o.copy,
        setup: o.setup ? { command: o.setup, runner: this.setupRunner(), signal: ctrl.signal } : undefined,
      });
    } catch (e) {
      this.running.delete(id);
      if (ctrl.signal.aborted) return void (await this.move(id, 'stopped', 'before it started'));
      const m = (e as Error).message;
      await this.move(id, 'failed', m.split('\n')[0]!.slice(0, 200));
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: could not create the task\'s worktree: {0}', m));
      return;
    }
    const rel = path.relative(fs.realpathSync(wt.repo), fs.realpathSync(folder));
    Object.assign(r, { worktree: wt.path, root: rel ? path.join(wt.path, rel) : wt.path, note: undefined });
    await this.save();
    await this.run(r, (agent) => agent.run(task, { signal: ctrl.signal, taskId: id }), ctrl);
  }

  /** The setup command's sandbox: the new worktree its only writable folder (no API keys, secrets hidden). */
  private setupRunner(): SetupRunner {
    return (cwd) => new ShellSandbox(readSandboxSettings(this.agentDeps.log), { roots: [cwd] });
  }

  /** Continue: the task's agent runs again in its worktree with its saved history; or a message says why it cannot. */
  async continueTask(id: string): Promise<void> {
    const r = this.list.get(id);
    if (!r) return;
    if (this.running.has(id)) return void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" is already running.', r.title));
    if (r.state !== 'stopped' && r.state !== 'failed') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" cannot be continued: only a stopped or failed task can.', r.title));
      return;
    }
    const wt = await this.worktreeOf(r);
    if (!wt) return;
    const why = await this.whyNotContinue(r, wt.path);
    if (why) {
      r.cannotContinue = why;
      await this.save();
      void vscode.window.showWarningMessage(vscode.l10n.t('Forge: task "{0}" cannot be continued: {1}. Review or Discard it.', r.title, why));
      return;
    }
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    await this.move(id, 'running');
    await this.run(r, (agent) => agent.resume(id, { signal: ctrl.signal }), ctrl, wt);
  }

  /** Runs the task's agent, then ends the task as the run ended: failed, stopped, or its work reviewed (or kept as a commit). */
  private async run(r: WorktreeTaskRecord, start: Parameters<typeof runTaskAgent>[3], ctrl: AbortController, wt?: TaskWorktree): Promise<void> {
    const root = r.root ?? wt?.path ?? r.worktree!;
    let outcome: RunOutcome;
    try {
      outcome = await runTaskAgent(this.agentDeps, r, root, start, ctrl.signal, { usage: this.usage, changed: () => void this.save() });
    } finally {
      this.running.delete(r.id);
    }
    if (outcome.state === 'failed') {
      await this.move(r.id, 'failed', outcome.note);
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: task "{0}" failed: {1}. Its worktree stays at {2} (Continue, Review or Discard it in the Tasks view).', r.title, outcome.note ?? '', r.worktree ?? ''));
    } else if (outcome.state === 'stopped') {
      await this.move(r.id, 'stopped');
    } else if (r.result === 'commit') {
      await this.keepAsCommit(r);
    } else {
      await this.move(r.id, 'review');
      await this.reviewTask(r.id);
    }
  }

  /** The task's work as one commit on its branch; the worktree goes, the branch stays, your files are untouched. */
  private async keepAsCommit(r: WorktreeTaskRecord): Promise<void> {
    const wt = await this.worktreeOf(r);
    if (!wt) return;
    try {
      const sha = await commitTaskWork(wt, `${r.title.slice(0, 72)}\n\nForge task ${r.id}, started from ${wt.base} (${wt.baseCommit.slice(0, 12)}).`);
      if (!sha) {
        await this.remove(r, wt, false);
        void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" changed no files.', r.title));
        return;
      }
      await discardTaskWorktree(wt, { force: true, keepBranch: true });
      await this.move(r.id, 'done', `kept as commit ${sha.slice(0, 12)} on ${wt.branch}`, null);
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: task "{0}" is kept as commit {1} on branch {2}; your files are unchanged.', r.title, sha.slice(0, 12), wt.branch));
    } catch (e) {
      await this.move(r.id, 'review', 'not committed');
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: task "{0}": its work could not be committed ({1}). Its worktree stays at {2}.', r.title, (e as Error).message, wt.path));
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
    // The check's result travels on the change set (its title in the review panel and Change Sets).
    const ch = await worktreeChanges(wt, `Task: ${r.title}${r.check ? ` (${checkSummary(r.check)})` : ''}`);
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
      const records = recordWorktreeReview(this.usage, r, ch);
      const outcome = await this.review.reviewChangeSet(ch.changeSet).finally(() => this.reviewing.delete(id));
      records.reviewed(outcome);
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

  /** Clear Finished Worktree Tasks: the tasks with nothing left to do (not running, no worktree: done, or failed or stopped before they had one) leave the list. */
  async clearFinished(): Promise<void> {
    for (const t of this.list.all().filter((x) => x.state !== 'running' && !x.worktree && !this.running.has(x.id))) this.list.remove(t.id);
    await this.save();
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
