/**
 * What the engineer has in front of them, for a task's first turn: the active editor and its
 * selection, the other open editors, the Problems list, and `git status` with the diff of
 * uncommitted changes. Each becomes a context section; the core fits them into its token budget.
 * Nothing here can fail a task: a missing git, a slow repository or no editor just leaves a
 * section out.
 */
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import type { ContextSection } from '../../core/context/contextPack';
import { workspacePath } from './agentCommands';

const MAX_DIFF_CHARS = 12_000;
const MAX_PROBLEMS = 30;
const GIT_TIMEOUT_MS = 3_000;

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

export async function workspaceContext(): Promise<ContextSection[]> {
  const sections: ContextSection[] = [];
  const editor = vscode.window.activeTextEditor;
  const active = editor && workspacePath(editor.document.uri);
  if (editor && active) {
    const sel = editor.selection;
    const where = `${active}, cursor at line ${sel.active.line + 1}${editor.document.isDirty ? ', unsaved changes' : ''}`;
    const selected = sel.isEmpty ? '' : `\nSelected (lines ${sel.start.line + 1}-${sel.end.line + 1}):\n${editor.document.getText(sel)}`;
    sections.push({ title: 'Active editor', text: `${where}${selected}` });
  }
  const open = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => (t.input instanceof vscode.TabInputText ? workspacePath(t.input.uri) : undefined))
    .filter((p): p is string => p !== undefined && p !== active);
  if (open.length > 0) sections.push({ title: 'Other open editors', text: [...new Set(open)].join('\n') });

  const problems = vscode.languages
    .getDiagnostics()
    .flatMap(([uri, list]) => list.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => ({ path: workspacePath(uri), d })))
    .filter((p) => p.path !== undefined);
  if (problems.length > 0) {
    const lines = problems
      .slice(0, MAX_PROBLEMS)
      .map(({ path, d }) => `${path}:${d.range.start.line + 1}: ${d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning'}: ${d.message}`);
    if (problems.length > MAX_PROBLEMS) lines.push(`(${problems.length - MAX_PROBLEMS} more)`);
    sections.push({ title: 'Problems', text: lines.join('\n') });
  }

  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (root?.scheme === 'file') {
    const status = await git(root.fsPath, ['status', '--short', '--branch']);
    if (status?.trim()) {
      sections.push({ title: 'git status', text: status.trimEnd() });
      const diff = await git(root.fsPath, ['diff', 'HEAD', '--no-color', '--no-ext-diff']);
      if (diff?.trim()) {
        const cut = diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n(diff cut at ${MAX_DIFF_CHARS} characters)` : diff;
        sections.push({ title: 'Uncommitted changes (git diff HEAD)', text: cut.trimEnd() });
      }
    }
  }
  return sections;
}
