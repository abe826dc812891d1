/**
 * The agent's palette commands: New Task, Edit Selection, Fix Problems, Explain Selection, Stop,
 * Show Task History, Continue Task. Each turns what the user has in front of them (the selection
 * and the rest of its file, the Problems list) into a task and context for the TaskController.
 */
import * as vscode from 'vscode';
import type { ContextSection } from '../../core/context/contextPack';
import type { Diagnostic, Diagnostics } from '../../core/ports';
import type { TaskController } from './taskController';

const MAX_PROBLEMS = 100;

/** A workspace-relative path as the Workspace port names it (other roots carry their folder name). */
export function workspacePath(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const rest = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
  return folder.index === 0 ? rest : `${folder.name}/${rest}`;
}

function numbered(text: string, firstLine: number): string {
  return text.split('\n').map((l, i) => `${String(firstLine + i).padStart(5)}  ${l}`).join('\n');
}

/** The selection, and the rest of its file, as context sections. */
function selectionContext(editor: vscode.TextEditor): { path: string; lines: string; sections: ContextSection[] } | undefined {
  const path = workspacePath(editor.document.uri);
  if (!path) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: the file is not in an open workspace folder.'));
    return undefined;
  }
  const sel = editor.selection;
  const start = sel.start.line;
  const end = sel.end.character === 0 && sel.end.line > start ? sel.end.line - 1 : sel.end.line;
  const range = new vscode.Range(start, 0, end, editor.document.lineAt(end).text.length);
  const lines = `lines ${start + 1}-${end + 1}`;
  return {
    path,
    lines,
    sections: [
      { title: `Selected code (${path}, ${lines})`, text: editor.document.getText(range) },
      { title: `The whole file ${path} (line numbers added for reference)`, text: numbered(editor.document.getText(), 1) },
    ],
  };
}

function formatProblems(list: Diagnostic[]): string {
  return list.slice(0, MAX_PROBLEMS).map((d) => `${d.path}:${d.line}:${d.column} ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`).join('\n')
    + (list.length > MAX_PROBLEMS ? `\n(${list.length - MAX_PROBLEMS} more not shown)` : '');
}

export function agentCommands(tasks: TaskController, diagnostics: Diagnostics) {
  const withSelection = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Forge: select some code first.'));
      return undefined;
    }
    return editor;
  };
  return {
    showRequest: () => tasks.showRequest(),
    newTask: async (arg?: unknown) => {
      const task = typeof arg === 'string' && arg.trim() ? arg : await vscode.window.showInputBox({
        title: vscode.l10n.t('Forge: New Task'), prompt: vscode.l10n.t('What should Forge do?'), placeHolder: vscode.l10n.t('e.g. Add a --verbose flag to the CLI and document it'), ignoreFocusOut: true,
      });
      if (task?.trim()) await tasks.start(task.trim());
    },
    editSelection: async (arg?: unknown) => {
      const editor = withSelection();
      if (!editor) return;
      const ctx = selectionContext(editor);
      if (!ctx) return;
      const instruction = typeof arg === 'string' && arg.trim() ? arg : await vscode.window.showInputBox({
        title: vscode.l10n.t('Forge: Edit Selection ({0}, {1})', ctx.path, ctx.lines), prompt: vscode.l10n.t('How should the selected code change?'), ignoreFocusOut: true,
      });
      if (!instruction?.trim()) return;
      await tasks.start(`Edit the selected code in ${ctx.path} (${ctx.lines}): ${instruction.trim()}\nChange the selection (and elsewhere only if the instruction needs it), then propose the edit with propose_edits.`, { context: ctx.sections });
    },
    explainSelection: async () => {
      const editor = withSelection();
      if (!editor) return;
      const ctx = selectionContext(editor);
      if (!ctx) return;
      await tasks.start(`Explain the selected code in ${ctx.path} (${ctx.lines}): what it does, how, and anything surprising. Answer in the chat; do not change any file.`, { context: ctx.sections, readOnly: true });
    },
    fixProblems: async () => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      const path = uri && workspacePath(uri);
      const relevant = (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning';
      let scope = path ? `in ${path}` : 'in the workspace';
      let problems = path ? (await diagnostics.get(path)).filter(relevant) : [];
      if (problems.length === 0) {
        scope = 'in the workspace';
        problems = (await diagnostics.get()).filter(relevant);
      }
      if (problems.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Forge: the Problems list has no errors or warnings to fix.'));
        return;
      }
      await tasks.start(`Fix these ${problems.length} problem${problems.length === 1 ? '' : 's'} ${scope} (from the Problems list):\n${formatProblems(problems)}`);
    },
    stop: () => tasks.stop(),
    showTaskHistory: () => tasks.showHistory(),
    continueTask: async () => {
      const message = await vscode.window.showInputBox({ title: vscode.l10n.t('Forge: Continue Task'), prompt: vscode.l10n.t('A message for the agent (optional: leave empty to just continue)'), ignoreFocusOut: true });
      if (message === undefined) return;
      await tasks.continueTask(message.trim() || undefined);
    },
  };
}

export type AgentCommands = ReturnType<typeof agentCommands>;
