/**
 * Best of N in VS Code (docs/worktrees.md): "Forge: Run Task on Several Endpoints" runs one task
 * on N endpoint profiles (or N samples of one), each candidate a worktree task of its own, shown
 * in the Tasks view as one group. When they have ended (or before, if the engineer does not wait)
 * the comparison shows them side by side; the engineer reviews one candidate hunk by hunk in the
 * usual review panel, or takes hunks from several. The others are discarded with their worktrees
 * (after a warning), and the choice is appended to the decisions log as a preference record.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { Approval, ReviewOutcome } from '../../core/ports';
import { candidateLetter, restoreGroups, type BestOfCandidate, type BestOfChoice, type BestOfGroup } from '../../core/tasks/bestOfGroup';
import { changeSetSize, combineHunks } from '../../core/edits/changeSet/combineHunks';
import { takenHunks, type HunkRef } from '../../core/tasks/hunkPicks';
import { checkSummary, followRun } from '../../core/tasks/taskFigures';
import type { AgentEvent } from '../../core/agent/events';
import type { ConfiguredProfile } from '../../core/settings/forgeSettings';
import { listTaskWorktrees, staleInCheckout, worktreeChanges, type TaskWorktree, type WorktreeChanges } from '../../node/worktrees';
import { createCandidateWorktrees, discardCandidates, newGroupId } from '../../node/worktrees/bestOf';
import { ReviewPanel } from '../review/reviewPanel';
import { askCandidates } from './bestOfPrompt';
import { runCandidate } from './bestOfRun';
import { ComparePanel } from './comparePanel';
import { compareView } from './compareView';
import type { WorktreeAgentDeps } from './worktreeAgent';
import type { WorktreeTasks } from './worktreeTasks';

const KEY = 'forge.bestOfGroups';

/** A candidate's change set title in the review panel: "A · Endpoint A: the task". */
const modelOf = (p: ConfiguredProfile) => (p.kind === 'openai' ? p.model : `${p.vendor ?? 'vscode-lm'}/${p.family ?? p.id}`);
/** The candidate's change set title, with its check's result when it ran (shown in the review panel and Change Sets). */
const changeSetTitle = (g: BestOfGroup, c: BestOfCandidate) => `${c.letter} · ${c.endpointLabel}: ${g.task.split('\n')[0]!.slice(0, 80)}${c.check ? ` (${checkSummary(c.check)})` : ''}`;

export class BestOfTasks implements vscode.Disposable {
  private groups: BestOfGroup[];
  /** Each ended candidate's changes (by candidate id); rebuilt from its worktree after a reload. */
  private readonly changes = new Map<string, WorktreeChanges>();
  private readonly running = new Map<string, { ctrl: AbortController; done: Promise<void> }>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly tasks: WorktreeTasks,
    private readonly agentDeps: WorktreeAgentDeps,
    private readonly review: Pick<Approval, 'reviewChangeSet'>,
    private readonly extensionUri: vscode.Uri,
    /** Appends the preference record to the decisions log. */
    private readonly recordPreference: (c: BestOfChoice) => Promise<void>,
  ) {
    this.groups = restoreGroups(state.get(KEY), Date.now());
  }

  dispose(): void {
    for (const r of this.running.values()) r.ctrl.abort();
  }

  group(id: string): BestOfGroup | undefined {
    return this.groups.find((g) => g.id === id);
  }

  /** The undecided group a task (or group) id belongs to: its Review goes to the comparison. */
  undecidedGroupOf(id: string): BestOfGroup | undefined {
    const g = this.group(id) ?? this.groups.find((x) => x.candidates.some((c) => c.id === id));
    return g && !g.decidedAt ? g : undefined;
  }

  /** Forge: Run Task on Several Endpoints. */
  async runOnSeveral(text?: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: open a local folder that is a git repository to run a task on several endpoints.'));
      return;
    }
    const picked = await askCandidates(this.agentDeps.endpoints);
    if (!picked) return;
    const task = typeof text === 'string' && text.trim() ? text : await vscode.window.showInputBox({
      title: vscode.l10n.t('Forge: Run Task on Several Endpoints'),
      prompt: vscode.l10n.t('What should the agents do? Each of the {0} works in its own git worktree; your files change only when you review the one you pick.', picked.length),
      ignoreFocusOut: true,
    });
    if (!task?.trim()) return;
    const groupId = newGroupId();
    const group: BestOfGroup = { id: groupId, task, proposedAt: Date.now(), candidates: [] };
    let made: { spec: { id: string }; wt: TaskWorktree }[];
    try {
      // All from one commit, all or nothing (src/node/worktrees/bestOf.ts); task ids `<group>-A`, `<group>-B`…
      made = await createCandidateWorktrees({ folder: folder.uri.fsPath, groupId, specs: picked.map((p, i) => ({ id: candidateLetter(i), endpoint: p.id, model: modelOf(p) })) });
    } catch (e) {
      const msg = (e as Error).message;
      void vscode.window.showErrorMessage(/is not a git repository/.test(msg)
        ? vscode.l10n.t('Forge: {0} is not a git repository, so the candidates cannot get their own worktrees; run git init and commit once.', folder.uri.fsPath)
        : vscode.l10n.t('Forge: could not create the candidates\' worktrees: {0}', msg));
      return;
    }
    const runs = made.map((m, i) => {
      const profile = picked[i]!;
      const rel = path.relative(fs.realpathSync(m.wt.repo), fs.realpathSync(folder.uri.fsPath));
      const c: BestOfCandidate = {
        id: m.wt.taskId, letter: m.spec.id, endpoint: profile.id, endpointLabel: profile.label, model: modelOf(profile),
        state: 'running', startedAt: Date.now(), files: 0, linesAdded: 0, linesRemoved: 0, tokens: 0,
      };
      group.candidates.push(c);
      return { c, wt: m.wt, root: rel ? path.join(m.wt.path, rel) : m.wt.path, profile };
    });
    this.groups.unshift(group);
    await this.save();
    await this.tasks.edit((list) => {
      for (const m of [...runs].reverse()) {
        list.add({
          id: m.c.id, title: task.split('\n')[0]!.slice(0, 120), startedAt: m.c.startedAt, worktree: m.wt.path, repo: m.wt.repo, branch: m.wt.branch, group: groupId, root: m.root,
          endpoint: m.profile.label, who: m.profile.kind === 'openai' ? { endpoint: m.profile.baseUrl, model: m.profile.model } : { endpoint: 'vscode-lm', model: modelOf(m.profile) },
          // Continue would run it again on the agent role's endpoint: a candidate is compared, picked or discarded.
          cannotContinue: vscode.l10n.t('a best-of-N candidate; compare it with the others'),
        });
      }
    });
    await Promise.all(runs.map((m) => this.runOne(group, m.c, m.wt, m.root, m.profile, task)));
    if (group.decidedAt) return;
    const compare = vscode.l10n.t('Compare');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Forge: the {0} candidates for "{1}" have ended; compare them side by side.', group.candidates.length, group.task.split('\n')[0]!.slice(0, 80)), compare);
    if (choice === compare) await this.compare(groupId);
  }

  private runOne(group: BestOfGroup, c: BestOfCandidate, wt: TaskWorktree, root: string, profile: ConfiguredProfile, task: string): Promise<void> {
    const ctrl = new AbortController();
    const done = (async () => {
      const named = {
        title: `${c.letter} · ${task.split('\n')[0]!.slice(0, 60)}`,
        onWaiting: (w: boolean) => void this.tasks.edit((list) => Object.assign(list.get(c.id) ?? {}, { waiting: w })),
        // Steps, tokens, cost and the check on the candidate's row, as for any worktree task.
        onEvent: (e: AgentEvent) => {
          if (e.type === 'step' || e.type === 'usage' || e.type === 'check') {
            void this.tasks.edit((list) => {
              const r = list.get(c.id);
              if (r) followRun(r, e);
            });
          }
        },
      };
      const run = await runCandidate(this.agentDeps, root, task, c.id, profile, ctrl.signal, named);
      Object.assign(c, { state: run.state, note: run.note, endedAt: Date.now(), tokens: run.tokens, costUsd: run.costUsd, check: run.check });
      await this.tasks.edit((list) => Object.assign(list.get(c.id) ?? {}, { waiting: false, ...(run.costUsd !== undefined ? { costUsd: run.costUsd } : {}) }));
      if (!group.decidedAt) {
        const ch = await worktreeChanges(wt, changeSetTitle(group, c)).catch(() => undefined);
        if (ch) {
          this.changes.set(c.id, ch);
          Object.assign(c, { changeSetId: ch.changeSet.id, ...changeSetSize(ch.changeSet) });
        }
        await this.tasks.edit((list) => {
          const r = list.get(c.id);
          if (r?.state === 'running') list.move(c.id, run.state === 'ended' ? 'review' : run.state, { note: run.note });
        });
      }
      await this.save();
      ComparePanel.get(group.id)?.refresh();
    })().finally(() => this.running.delete(c.id));
    this.running.set(c.id, { ctrl, done });
    return done;
  }

  /** Forge: Compare Candidates (the Tasks view's group, a candidate, or the palette). */
  async compare(arg?: unknown): Promise<void> {
    const id = typeof arg === 'string' ? arg : (arg as { id?: string } | undefined)?.id;
    let g = id ? this.undecidedGroupOf(id) ?? this.group(id) : undefined;
    if (!g) {
      const open = this.groups.filter((x) => !x.decidedAt);
      if (open.length === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no best-of-N task waits for a comparison; start one with Forge: Run Task on Several Endpoints.'));
      const pick = open.length === 1 ? { g: open[0]! } : await vscode.window.showQuickPick(open.map((x) => ({ label: x.task.split('\n')[0]!, description: vscode.l10n.t('{0} candidates', x.candidates.length), g: x })), { title: vscode.l10n.t('Forge: Compare Candidates') });
      if (!pick) return;
      g = pick.g;
    }
    await this.loadChanges(g);
    const group = g;
    ComparePanel.show(this.extensionUri, () => this.viewOf(group), {
      pick: (m) => this.pick(group, m.candidateId, m.reason),
      takeHunks: (m) => this.takeHunks(group, m.picks, m.reason),
    });
  }

  private viewOf(g: BestOfGroup) {
    const sets = new Map<string, ChangeSet>();
    for (const c of g.candidates) {
      const ch = this.changes.get(c.id);
      if (ch && this.tasks.list.get(c.id)?.worktree) sets.set(c.id, ch.changeSet);
    }
    return compareView(g, sets, Date.now(), g.decidedAt ? vscode.l10n.t('Decided: the chosen changes went to the review panel and the other candidates were discarded.') : undefined);
  }

  /** After a reload the changes are read again from the candidates' worktrees. */
  private async loadChanges(g: BestOfGroup): Promise<void> {
    const missing = g.candidates.filter((c) => c.state !== 'running' && !this.changes.has(c.id));
    if (missing.length === 0) return;
    for (const c of missing) {
      const wt = await this.worktreeOf(c.id);
      const ch = wt && (await worktreeChanges(wt, changeSetTitle(g, c)).catch(() => undefined));
      if (ch) this.changes.set(c.id, ch);
    }
  }

  private async worktreeOf(id: string): Promise<TaskWorktree | undefined> {
    const r = this.tasks.list.get(id);
    return r ? (await listTaskWorktrees(r.repo).catch(() => [])).find((w) => w.taskId === id) : undefined;
  }

  /** The engineer reviews one candidate: after the warning, the others go; its change set opens in the review panel. */
  private async pick(g: BestOfGroup, candidateId: string, reason?: string): Promise<void> {
    const c = g.candidates.find((x) => x.id === candidateId);
    const ch = this.changes.get(candidateId);
    const wt = await this.worktreeOf(candidateId);
    const panel = ComparePanel.get(g.id);
    if (!c || !ch || !wt) return panel?.refuse(vscode.l10n.t('Candidate {0} has no worktree to review any more.', c?.letter ?? '?'));
    const stale = staleInCheckout(wt, ch);
    if (stale.length) return panel?.refuse(vscode.l10n.t('{0} changed in your checkout since the candidates started, so nothing can be written; commit or stash, then pick again.', stale.join(', ')));
    const others = g.candidates.filter((o) => o.id !== c.id);
    if (!(await this.warnDiscard(others, vscode.l10n.t('Discard Others and Review {0}', c.letter), vscode.l10n.t('Reviewing candidate {0} ({1}) discards the other candidates\' worktrees', c.letter, c.endpointLabel)))) return;
    const decidedAt = Date.now();
    await this.discardCandidates(g, others, vscode.l10n.t('not picked'));
    g.decidedAt = decidedAt;
    await this.save();
    panel?.refresh();
    this.revealWhenAnnounced(ch.changeSet.id);
    let outcome: ReviewOutcome | undefined;
    await this.tasks.reviewTask(c.id, (o) => (outcome = o));
    await this.record({ group: g, decidedAt, picked: c.id, taken: outcome ? takenHunks(outcome, { candidateId: c.id }) : [], ...(reason ? { reason } : {}) });
  }

  /** The engineer takes hunks from several candidates: refused when two overlap; else one change set to review, and every worktree goes. */
  private async takeHunks(g: BestOfGroup, picks: HunkRef[], reason?: string): Promise<void> {
    const panel = ComparePanel.get(g.id);
    // combineHunks names candidates by their ids in its sentences: the letters the page shows.
    const letterOf = new Map(g.candidates.map((c) => [c.id, c.letter]));
    const idOf = new Map(g.candidates.map((c) => [c.letter, c.id]));
    const sets = g.candidates.flatMap((c) => (this.changes.has(c.id) ? [{ candidateId: c.letter, changeSet: this.changes.get(c.id)!.changeSet }] : []));
    const combined = combineHunks(`${g.id}-taken`, vscode.l10n.t('Best of {0}: {1}', g.candidates.length, g.task.split('\n')[0]!.slice(0, 80)), sets, picks.map((p) => ({ ...p, candidateId: letterOf.get(p.candidateId) ?? p.candidateId })));
    if (!combined.ok) return panel?.refuse(combined.error);
    const first = await this.worktreeOf(picks[0]!.candidateId);
    if (!first) return panel?.refuse(vscode.l10n.t('That candidate has no worktree any more.'));
    const stale = staleInCheckout(first, { changeSet: combined.changeSet, changes: [], notText: [], unexpressible: [] });
    if (stale.length) return panel?.refuse(vscode.l10n.t('{0} changed in your checkout since the candidates started, so nothing can be written; commit or stash, then pick again.', stale.join(', ')));
    if (!(await this.warnDiscard(g.candidates, vscode.l10n.t('Discard Worktrees and Review'), vscode.l10n.t('Reviewing the {0} selected hunks discards every candidate\'s worktree, with the hunks you did not select', picks.length)))) return;
    const decidedAt = Date.now();
    await this.discardCandidates(g, g.candidates, vscode.l10n.t('hunks taken'));
    g.decidedAt = decidedAt;
    await this.save();
    panel?.refresh();
    this.revealWhenAnnounced(combined.changeSet.id);
    const outcome = await this.review.reviewChangeSet(combined.changeSet);
    if (outcome.applyError) void vscode.window.showErrorMessage(vscode.l10n.t('Forge: {0}', outcome.applyError));
    const taken = takenHunks(outcome, combined.origin).map((t) => ({ ...t, candidateId: idOf.get(t.candidateId) ?? t.candidateId }));
    await this.record({ group: g, decidedAt, taken, ...(reason ? { reason } : {}) });
  }

  /** A warning that names what is lost; true only when the engineer chose `act` (never the default of Enter: a notification). */
  private async warnDiscard(lost: readonly BestOfCandidate[], act: string, what: string): Promise<boolean> {
    const parts = lost.filter((c) => this.tasks.list.get(c.id)?.worktree).map((c) => c.state === 'running'
      ? vscode.l10n.t('{0} ({1}): still running', c.letter, c.endpointLabel)
      : vscode.l10n.t('{0} ({1}): {2} files of unreviewed work', c.letter, c.endpointLabel, c.files));
    if (parts.length === 0) return true;
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Forge: {0}: {1}. Their work is lost.', what, parts.join('; ')), act, vscode.l10n.t('Cancel'));
    return choice === act;
  }

  private async discardCandidates(g: BestOfGroup, which: readonly BestOfCandidate[], note: string): Promise<void> {
    for (const c of which) {
      const run = this.running.get(c.id);
      if (run) {
        run.ctrl.abort();
        await run.done;
      }
      const wt = await this.worktreeOf(c.id);
      const { kept } = await discardCandidates(wt ? [wt] : [], { force: true });
      if (kept.length) throw new Error(kept[0]!.why);
      await this.tasks.edit((list) => {
        const r = list.get(c.id);
        if (r && r.state !== 'done') list.move(c.id, 'done', { note, worktree: null });
      });
    }
  }

  /** The picked review was just started: open it (the engineer asked for it by picking). */
  private revealWhenAnnounced(changeSetId: string): void {
    let tries = 0;
    const t = setInterval(() => {
      if (ReviewPanel.reveal(changeSetId) || ++tries > 100) clearInterval(t);
    }, 100);
  }

  private async record(choice: BestOfChoice): Promise<void> {
    try {
      await this.recordPreference(choice);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge: could not write the preference record to the decisions log: {0}', (e as Error).message));
    }
    for (const c of choice.group.candidates) this.changes.delete(c.id);
  }

  private async save(): Promise<void> {
    // Decided groups whose candidates are all gone from the Tasks list are forgotten.
    this.groups = this.groups.filter((g) => !g.decidedAt || g.candidates.some((c) => this.tasks.list.get(c.id)));
    await this.state.update(KEY, this.groups);
  }
}
