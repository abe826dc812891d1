/**
 * The smaller VS Code ports: Problems (diagnostics), AskUser (input box / quick pick), and the
 * pieces shared with the CLI host where VS Code adds nothing: ripgrep searcher (VS Code's own rg),
 * task storage (a folder of JSON files), tree-sitter outlines; and the Forge terminal's factory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AskUser, Diagnostic, Diagnostics, Outliner, Searcher, Storage, Terminal } from '../../core/ports';
import { FileStorage } from '../../node/fileStorage';
import { RipgrepSearcher } from '../../node/rgSearcher';
import type { CommandSandbox } from './commandSandbox';
import { CachedOutliner } from '../../core/context/outlineCache';
import { TreeSitterOutliner, type GrammarSource } from '../../core/context/treeSitterOutliner';
import { TreeSitterShellParser } from '../../core/policy/bashParser';
import { ShellTerminal } from './shellTerminal';
import type { VscodeWorkspace } from './vscodeWorkspace';

const SEVERITY: Record<vscode.DiagnosticSeverity, Diagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export class VscodeDiagnostics implements Diagnostics {
  constructor(private readonly workspace: VscodeWorkspace) {}

  async get(rel?: string): Promise<Diagnostic[]> {
    const pairs: [vscode.Uri, readonly vscode.Diagnostic[]][] = rel === undefined ? vscode.languages.getDiagnostics() : [[this.workspace.uri(rel), vscode.languages.getDiagnostics(this.workspace.uri(rel))]];
    const out: Diagnostic[] = [];
    for (const [uri, list] of pairs) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const first = vscode.workspace.workspaceFolders?.[0];
      const p = `${folder === first || folder.index === 0 ? '' : `${folder.name}/`}${uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1)}`;
      for (const d of list) {
        out.push({ path: p, line: d.range.start.line + 1, column: d.range.start.character + 1, severity: SEVERITY[d.severity], message: d.message, source: d.source });
      }
    }
    return out;
  }
}

export class VscodeAskUser implements AskUser {
  async ask(question: string, options?: { choices?: string[]; signal?: AbortSignal }): Promise<string | null> {
    const token = new vscode.CancellationTokenSource();
    options?.signal?.addEventListener('abort', () => token.cancel(), { once: true });
    try {
      if (options?.choices?.length) {
        const picked = await vscode.window.showQuickPick(options.choices, { title: vscode.l10n.t('Forge asks'), placeHolder: question, ignoreFocusOut: true }, token.token);
        return picked ?? null;
      }
      const answer = await vscode.window.showInputBox({ title: vscode.l10n.t('Forge asks'), prompt: question, ignoreFocusOut: true }, token.token);
      return answer ?? null;
    } finally {
      token.dispose();
    }
  }
}

/** The first workspace folder on disk, when it is a local folder (child_process and rg need one). */
function localRoot(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f?.uri.scheme === 'file' ? f.uri.fsPath : undefined;
}

/**
 * The Terminal port for a task: the shared Forge terminal (shell integration, with its own
 * child-process fallback) when the first folder is on local disk; none otherwise.
 */
export function createTerminal(shell: ShellTerminal): Terminal | undefined {
  return localRoot() ? shell : undefined;
}

/** The one Forge terminal for the window (disposed with the extension). */
export function createShellTerminal(workspace: VscodeWorkspace, log: vscode.LogOutputChannel, extensionUri: vscode.Uri, sandbox: CommandSandbox): ShellTerminal {
  const icon = (theme: string) => vscode.Uri.joinPath(extensionUri, 'media', 'icons', `forge-terminal-${theme}.svg`);
  return new ShellTerminal(workspace, log, { iconPath: { light: icon('light'), dark: icon('dark') }, sandbox: () => sandbox.get(), ready: () => sandbox.ready() });
}

/** VS Code's bundled ripgrep, when it is there. */
export function bundledRipgrep(): string | undefined {
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const p = path.join(vscode.env.appRoot, modules, '@vscode', 'ripgrep', 'bin', exe);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** ripgrep over the first folder; undefined lets the agent use the core's JS searcher. */
export function createSearcher(): Searcher | undefined {
  const root = localRoot();
  const rg = bundledRipgrep();
  return root && rg && (vscode.workspace.workspaceFolders?.length ?? 0) === 1 ? new RipgrepSearcher(root, rg) : undefined;
}

/** The tasks' saved histories; `folder`: another set of them (worktree tasks, which the chat's Task History must not resume in the checkout). */
export function createStorage(context: vscode.ExtensionContext, folder = 'tasks'): Storage {
  const base = context.storageUri ?? context.globalStorageUri;
  return new FileStorage(vscode.Uri.joinPath(base, folder).fsPath);
}

/** The tree-sitter wasm files the build copies to dist/wasm. */
function wasmGrammars(extensionUri: vscode.Uri): GrammarSource {
  const dir = vscode.Uri.joinPath(extensionUri, 'dist', 'wasm');
  const read = async (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name));
  return { grammar: (name) => read(`tree-sitter-${name}.wasm`), runtime: () => read('web-tree-sitter.wasm') };
}

/** Outlines parsed with tree-sitter on first use, then remembered by path and content hash for the session. */
export function createOutliner(extensionUri: vscode.Uri): Outliner {
  return new CachedOutliner(new TreeSitterOutliner(wasmGrammars(extensionUri)));
}

/** The command policy's shell parser (tree-sitter-bash). */
export function createShellParser(extensionUri: vscode.Uri): TreeSitterShellParser {
  return new TreeSitterShellParser(wasmGrammars(extensionUri));
}
