/**
 * The Tasks view (Forge sidebar, next to Change Sets): every worktree task with its state and
 * elapsed time; Stop, Review and Discard as inline actions (contextValue `forgeTask.<actions>`).
 * While a task runs, the elapsed times tick every second.
 */
import * as vscode from 'vscode';
import { actionsFor, elapsedOf, stateLabel, type WorktreeTaskRecord } from '../../core/tasks/worktreeTaskList';
import type { WorktreeTasks } from './worktreeTasks';
import { groupTreeItem, isGroupNode, labelCandidate, taskChildren, type TaskGroups, type TaskNode } from './bestOfNodes';

const ICONS: Record<WorktreeTaskRecord['state'], string> = { running: 'sync~spin', review: 'eye', done: 'check', failed: 'error', stopped: 'debug-stop' };

export class TasksView implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  static readonly id = 'forge.tasks';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;
  private readonly tick: ReturnType<typeof setInterval>;

  /** `groups`: best-of-N groups, each shown as one node over its candidates (bestOfNodes.ts). */
  constructor(private readonly tasks: WorktreeTasks, private readonly groups: TaskGroups = { group: () => undefined }) {
    this.sub = tasks.onDidChange(() => this.changed.fire());
    this.tick = setInterval(() => {
      if (tasks.list.all().some((t) => t.state === 'running')) this.changed.fire();
    }, 1000);
  }

  dispose(): void {
    clearInterval(this.tick);
    this.sub.dispose();
    this.changed.dispose();
  }

  getChildren(el?: TaskNode): TaskNode[] {
    return taskChildren(this.tasks.list.all(), el, this.groups);
  }

  getTreeItem(r: TaskNode): vscode.TreeItem {
    if (isGroupNode(r)) return groupTreeItem(r, this.groups);
    const item = new vscode.TreeItem(r.title, vscode.TreeItemCollapsibleState.None);
    item.id = r.id;
    item.description = `${stateLabel(r)} · ${elapsedOf(r, Date.now())}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[r.state]);
    item.contextValue = ['forgeTask', ...actionsFor(r)].join('.');
    labelCandidate(item, r, this.groups);
    item.tooltip = new vscode.MarkdownString(`**${r.title}**\n\n${stateLabel(r)}, ${elapsedOf(r, Date.now())}\n\nBranch \`${r.branch}\`${r.worktree ? `, worktree \`${r.worktree}\`` : ''}`);
    return item;
  }
}

/** A command's task: the view's node, an id, or (palette) one picked from the tasks that allow the action. */
export async function pickTask(tasks: WorktreeTasks, arg: unknown, action: 'stop' | 'review' | 'discard'): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof (arg as WorktreeTaskRecord).id === 'string') return (arg as WorktreeTaskRecord).id;
  const fit = tasks.list.all().filter((t) => actionsFor(t).includes(action));
  if (fit.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no worktree task to {0}.', action));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(fit.map((t) => ({ label: t.title, description: stateLabel(t), id: t.id })), { title: `Forge: ${action[0]!.toUpperCase()}${action.slice(1)} Worktree Task` });
  return picked?.id;
}
