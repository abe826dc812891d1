/**
 * Best-of-N groups in the Tasks view: the candidates of one group show as one node (the task,
 * how many ended; inline action Compare Candidates) whose children are the candidates, each
 * labelled by its letter and endpoint. TasksView calls these through small hooks.
 */
import * as vscode from 'vscode';
import type { BestOfGroup } from '../../core/tasks/bestOfGroup';
import type { WorktreeTaskRecord } from '../../core/tasks/worktreeTaskList';

export interface GroupNode {
  kind: 'bestOfGroup';
  id: string;
}

export type TaskNode = WorktreeTaskRecord | GroupNode;

export function isGroupNode(n: unknown): n is GroupNode {
  return !!n && (n as GroupNode).kind === 'bestOfGroup';
}

/** What the Tasks view needs from best of N. */
export interface TaskGroups {
  group(id: string): BestOfGroup | undefined;
}

/** One node object per group id, so the view can refresh a group's node as it refreshes a task's. */
export class GroupNodes {
  private readonly nodes = new Map<string, GroupNode>();

  node(id: string): GroupNode {
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = { kind: 'bestOfGroup', id }));
    return n;
  }
}

/** The view's children: at the top, tasks outside a group and one node per group (where its first candidate is); under a group, its candidates. */
export function taskChildren(all: readonly WorktreeTaskRecord[], el: TaskNode | undefined, groups: TaskGroups, nodes = new GroupNodes()): TaskNode[] {
  if (isGroupNode(el)) return all.filter((r) => r.group === el.id);
  if (el) return [];
  const out: TaskNode[] = [];
  const seen = new Set<string>();
  for (const r of all) {
    if (!r.group || !groups.group(r.group)) out.push(r);
    else if (!seen.has(r.group)) {
      seen.add(r.group);
      out.push(nodes.node(r.group));
    }
  }
  return out;
}

export function groupTreeItem(node: GroupNode, groups: TaskGroups): vscode.TreeItem {
  const g = groups.group(node.id);
  const n = g?.candidates.length ?? 0;
  const item = new vscode.TreeItem(vscode.l10n.t('Best of {0}: {1}', n, g?.task.split('\n')[0]!.slice(0, 120) ?? node.id), vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  const running = g?.candidates.filter((c) => c.state === 'running').length ?? 0;
  item.description = g?.decidedAt ? vscode.l10n.t('decided') : running ? vscode.l10n.t('{0} of {1} running', running, n) : vscode.l10n.t('ready to compare');
  item.iconPath = new vscode.ThemeIcon(running && !g?.decidedAt ? 'sync~spin' : 'layers');
  item.contextValue = g?.decidedAt ? 'forgeTaskGroup' : 'forgeTaskGroup.compare';
  item.tooltip = g ? `${g.task}\n\n${g.candidates.map((c) => `${c.letter}: ${c.endpointLabel} (${c.model})`).join('\n')}` : undefined;
  return item;
}

/** A candidate's row: "A · Endpoint label" instead of the task (its group node says the task). */
export function labelCandidate(item: vscode.TreeItem, r: WorktreeTaskRecord, groups: TaskGroups): void {
  const c = r.group ? groups.group(r.group)?.candidates.find((x) => x.id === r.id) : undefined;
  if (c) item.label = `${c.letter} · ${c.endpointLabel}`;
}
