/**
 * The Tasks view (Forge sidebar, next to Change Sets): every worktree task with its state, endpoint,
 * steps, tokens, cost and elapsed time; Stop, Continue, Review and Discard as inline actions
 * (contextValue `forgeTask.<actions>`). A task's row says its state, elapsed time and figures; its
 * children the same on lines of their own (a narrow sidebar cuts the row short). The view's badge
 * counts the tasks waiting for the engineer (a review, or an approval while running). While a task
 * runs, its elapsed time ticks every second. Refreshes are per task unless the list itself changed:
 * a whole-tree refresh forgets the rows' handles for a moment, and a click then would lose its task.
 */
import * as vscode from 'vscode';
import { formatCost, formatTokens, totalTokens } from '../../core/tasks/taskFigures';
import { actionsFor, elapsedOf, stateLabel, waitsForEngineer, type WorktreeTaskAction, type WorktreeTaskRecord } from '../../core/tasks/worktreeTaskList';
import type { WorktreeTasks } from './worktreeTasks';
import { GroupNodes, groupTreeItem, isGroupNode, labelCandidate, taskChildren, type GroupNode, type TaskGroups } from './bestOfNodes';

const ICONS: Record<WorktreeTaskRecord['state'], string> = { running: 'sync~spin', review: 'eye', done: 'check', failed: 'error', stopped: 'debug-stop' };

/** A line under a task: its endpoint, its figures, its branch, its note. */
interface TaskDetail {
  parent: WorktreeTaskRecord;
  key: string;
  label: string;
  icon: string;
  tooltip?: string;
}

/** A best-of-N group (bestOfNodes.ts) shows as one node over its candidates' tasks. */
type Node = WorktreeTaskRecord | TaskDetail | GroupNode;
const isDetail = (n: Node): n is TaskDetail => 'parent' in n;

export class TasksView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly id = 'forge.tasks';
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private readonly tick: ReturnType<typeof setInterval>;
  private readonly view: vscode.TreeView<Node>;
  /** The task ids the view shows now, in order. */
  private shown = '';

  private readonly groupNodes = new GroupNodes();

  /** `groups`: best-of-N groups, each shown as one node over its candidates (bestOfNodes.ts). */
  constructor(private readonly tasks: WorktreeTasks, private readonly groups: TaskGroups = { group: () => undefined }) {
    this.view = vscode.window.createTreeView(TasksView.id, { treeDataProvider: this });
    this.subs.push(this.view, tasks.onDidChange(() => this.refresh()));
    this.tick = setInterval(() => {
      const running = tasks.list.all().filter((t) => t.state === 'running');
      if (running.length) this.changed.fire(running);
    }, 1000);
    this.refresh();
  }

  dispose(): void {
    clearInterval(this.tick);
    for (const d of this.subs) d.dispose();
    this.changed.dispose();
  }

  private refresh(): void {
    const all = this.tasks.list.all();
    if (all.length && all.map((t) => t.id).join('\n') === this.shown) this.changed.fire([...all, ...[...new Set(all.flatMap((t) => (t.group && this.groups.group(t.group) ? [t.group] : [])))].map((g) => this.groupNodes.node(g))]);
    else this.changed.fire(undefined);
    const waiting = this.tasks.list.all().filter(waitsForEngineer).length;
    this.view.badge = waiting ? { value: waiting, tooltip: vscode.l10n.t('{0} worktree tasks wait for you (a review or an approval)', waiting) } : undefined;
  }

  getChildren(el?: Node): Node[] {
    if (!el || isGroupNode(el)) {
      const all = this.tasks.list.all();
      if (!el) this.shown = all.map((t) => t.id).join('\n');
      return taskChildren(all, el, this.groups, this.groupNodes);
    }
    return isDetail(el) ? [] : detailsOf(el);
  }

  getParent(el: Node): Node | undefined {
    if (isDetail(el)) return el.parent;
    return isGroupNode(el) || !el.group || !this.groups.group(el.group) ? undefined : this.groupNodes.node(el.group);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (isGroupNode(n)) return groupTreeItem(n, this.groups);
    if (isDetail(n)) {
      const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${n.parent.id}/${n.key}`;
      item.iconPath = new vscode.ThemeIcon(n.icon);
      item.tooltip = n.tooltip;
      return item;
    }
    const r = n;
    const item = new vscode.TreeItem(r.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = r.id;
    const figures = taskFigures(r);
    item.description = [stateLabel(r), elapsedOf(r, Date.now()), ...figures.slice(r.endpoint ? 1 : 0)].join(' · ');
    item.iconPath = new vscode.ThemeIcon(r.state === 'running' && r.waiting ? 'bell-dot' : ICONS[r.state]);
    item.contextValue = ['forgeTask', ...actionsFor(r)].join('.');
    labelCandidate(item, r, this.groups);
    const lines = [
      `**${r.title}**`,
      `${stateLabel(r)}, ${elapsedOf(r, Date.now())}${figures.length ? ` · ${figures.join(' · ')}` : ''}`,
      ...(r.who?.model ? [vscode.l10n.t('Endpoint {0} ({1})', r.endpoint ?? r.who.endpoint, r.who.model)] : []),
      vscode.l10n.t('Branch `{0}`', r.branch) + (r.worktree ? vscode.l10n.t(', worktree `{0}`', r.worktree) : ''),
      ...(r.result === 'commit' ? [vscode.l10n.t('When it finishes, its work is kept as a commit on its branch.')] : []),
      ...(r.check ? [checkDetail(r, r.check).label] : []),
    ];
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    return item;
  }
}

/** The lines under a task. */
function detailsOf(r: WorktreeTaskRecord): TaskDetail[] {
  const figures = taskFigures(r).slice(r.endpoint ? 1 : 0);
  return [
    ...(r.endpoint ? [{ parent: r, key: 'endpoint', icon: 'server', label: r.who?.model ? `${r.endpoint} (${r.who.model})` : r.endpoint, tooltip: r.who?.endpoint }] : []),
    ...(figures.length ? [{ parent: r, key: 'figures', icon: 'pulse', label: figures.join(' · ') }] : []),
    ...(r.check ? [checkDetail(r, r.check)] : []),
    ...(r.worktree ? [{ parent: r, key: 'branch', icon: 'git-branch', label: r.branch, tooltip: vscode.l10n.t('Worktree {0}', r.worktree) }] : []),
    ...(r.note ? [{ parent: r, key: 'note', icon: 'info', label: r.note, tooltip: r.note }] : []),
    ...(r.cannotContinue && (r.state === 'stopped' || r.state === 'failed') ? [{ parent: r, key: 'why', icon: 'warning', label: vscode.l10n.t('cannot continue: {0}', r.cannotContinue), tooltip: r.cannotContinue }] : []),
  ];
}

/** The check before done: passed or failed, the end of its output in the tooltip. */
function checkDetail(r: WorktreeTaskRecord, c: NonNullable<WorktreeTaskRecord['check']>): TaskDetail {
  const label = c.passed
    ? vscode.l10n.t('check `{0}` passed', c.command)
    : c.exitCode === null ? vscode.l10n.t('check `{0}` failed (killed)', c.command) : vscode.l10n.t('check `{0}` failed (exit code {1})', c.command, c.exitCode);
  return { parent: r, key: 'check', icon: c.passed ? 'pass' : 'error', label, tooltip: `${label}\n\n${c.outputTail}` };
}

/** The endpoint, steps, tokens and cost, as far as the task has them. */
function taskFigures(r: WorktreeTaskRecord): string[] {
  const tokens = totalTokens(r);
  const cost = formatCost(r.costUsd);
  return [
    ...(r.endpoint ? [r.endpoint] : []),
    ...(r.steps ? [r.steps === 1 ? vscode.l10n.t('1 step') : vscode.l10n.t('{0} steps', r.steps)] : []),
    ...(tokens !== undefined ? [vscode.l10n.t('{0} tokens', formatTokens(tokens))] : []),
    ...(cost ? [cost] : []),
  ];
}

const TITLES: Record<WorktreeTaskAction, () => string> = {
  stop: () => vscode.l10n.t('Forge: Stop Worktree Task'),
  continue: () => vscode.l10n.t('Forge: Continue Worktree Task'),
  review: () => vscode.l10n.t('Forge: Review Worktree Task'),
  discard: () => vscode.l10n.t('Forge: Discard Worktree Task'),
};

/** A command's task: the view's node, an id, or (palette) one picked from the tasks that allow the action. */
export async function pickTask(tasks: WorktreeTasks, arg: unknown, action: WorktreeTaskAction): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof (arg as WorktreeTaskRecord).id === 'string') return (arg as WorktreeTaskRecord).id;
  const fit = tasks.list.all().filter((t) => actionsFor(t).includes(action));
  if (fit.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no worktree task to {0}.', action));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(fit.map((t) => ({ label: t.title, description: stateLabel(t), id: t.id })), { title: TITLES[action]() });
  return picked?.id;
}
