/**
 * The chat input's context for the VS Code host: the @-mention list (from the workspace's file
 * listing, cached; workspace symbols), the MentionSources (symbols, git changes, selection, the
 * terminal's last command), and the context bar's chips for the text being typed.
 */
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { walkFiles } from '../../../core/context/fileIndex';
import { IgnoreRules } from '../../../core/context/ignoreRules';
import { JsSearcher } from '../../../core/context/jsSearcher';
import { SecretRedactor } from '../../../core/context/redaction';
import { PathGuard } from '../../../core/context/pathGuard';
import { readRulesFiles } from '../../../core/context/rulesFiles';
import { completeMention, type MentionItem } from '../../../core/context/mentions/mentionCompletion';
import { MentionResolver, type ResolvedMention } from '../../../core/context/mentions/mentionResolver';
import { chipsOf, packBudget, resolveText, sectionKey, selectForRequest, type Chip } from '../../../core/context/mentions/requestContext';
import type { ContextSection } from '../../../core/context/contextPack';
import type { Diagnostics, MentionSources, Outliner, Searcher, SymbolHit } from '../../../core/ports';
import { resolveRole } from '../../../core/settings/forgeSettings';
import type { EndpointServices } from '../../endpoints/services';
import { workspacePath } from '../agentCommands';
import type { TerminalCapture } from './terminalCapture';
import type { VscodeWorkspace } from '../vscodeWorkspace';
import { workspaceContext } from '../workspaceContext';

const LISTING_TTL_MS = 30_000;
const DEFAULT_WINDOW = 128_000;
/** How long the @symbol list waits for the workspace symbol provider before it lists the outline index. */
const SYMBOLS_WAIT_MS = 1500;

/** The agent role's context window as configured (the default when unknown). */
export async function agentWindow(endpoints: EndpointServices): Promise<number> {
  const role = resolveRole(await endpoints.settings.resolve(), 'agent');
  return role.ok && role.profile.kind !== 'vscode-lm' ? role.profile.maxContextTokens ?? DEFAULT_WINDOW : DEFAULT_WINDOW;
}

export interface ChatContextDeps {
  workspace: VscodeWorkspace;
  diagnostics: Diagnostics;
  outliner?: Outliner;
  searcher?: () => Searcher | undefined;
  terminal: TerminalCapture;
  /** The active profile's context window (tokens). */
  window: () => Promise<number>;
}

function git(args: string[]): Promise<string | null> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (root?.scheme !== 'file') return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile('git', args, { cwd: root.fsPath, timeout: 5000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => resolve(err ? null : stdout));
  });
}

export class ChatContext implements MentionSources {
  private listing: { at: number; files: Promise<string[]> } | undefined;
  /** The last preview's pieces, for Open. */
  private last: { mentions: ResolvedMention[]; sections: ContextSection[] } = { mentions: [], sections: [] };

  constructor(private readonly d: ChatContextDeps) {}

  private files(): Promise<string[]> {
    if (!this.listing || Date.now() - this.listing.at > LISTING_TTL_MS) {
      const files = walkFiles(this.d.workspace, new IgnoreRules(this.d.workspace), { maxFiles: 300_000 }).then((r) => r.files);
      this.listing = { at: Date.now(), files };
      files.catch(() => (this.listing = undefined));
    }
    return this.listing.files;
  }

  async symbols(query: string): Promise<SymbolHit[]> {
    const found = await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query);
    const out: SymbolHit[] = [];
    for (const s of found ?? []) {
      const path = workspacePath(s.location.uri);
      if (!path) continue;
      out.push({ name: s.name, kind: vscode.SymbolKind[s.kind]?.toLowerCase() ?? 'symbol', path, startLine: s.location.range.start.line + 1, endLine: s.location.range.end.line + 1, ...(s.containerName ? { container: s.containerName } : {}) });
      if (out.length >= 200) break;
    }
    return out;
  }

  async changes(staged: boolean): Promise<string | null> {
    if ((await git(['rev-parse', '--is-inside-work-tree'])) === null) return null;
    return (await git(staged ? ['diff', '--cached', '--no-color', '--no-ext-diff'] : ['diff', 'HEAD', '--no-color', '--no-ext-diff'])) ?? '';
  }

  async selection(): Promise<{ path: string; startLine: number; endLine: number; text: string } | null> {
    const e = vscode.window.activeTextEditor;
    const path = e && workspacePath(e.document.uri);
    if (!e || !path || e.selection.isEmpty) return null;
    return { path, startLine: e.selection.start.line + 1, endLine: e.selection.end.line + 1, text: e.document.getText(e.selection) };
  }

  terminalOutput(): Promise<{ command: string; output: string } | string> {
    return this.d.terminal.lastOutput();
  }

  /**
   * The @-mention list; @symbol lists workspace symbols, else the outline index: when no provider
   * has any, or the language server has not answered within SYMBOLS_WAIT_MS (a starting TypeScript
   * server can take a minute, and the list must follow the typing).
   */
  complete(query: string): Promise<MentionItem[]> {
    const symbols = async (q: string) => {
      const late = new Promise<undefined>((r) => setTimeout(r, SYMBOLS_WAIT_MS));
      const hits = await Promise.race([this.symbols(q).catch(() => []), late]);
      return hits?.length ? hits : (await this.resolver()).outlinedSymbols(q);
    };
    return completeMention(query, { files: () => this.files(), symbols }, 50);
  }

  private async resolver(): Promise<MentionResolver> {
    const guard = new PathGuard(this.d.workspace);
    // @symbol falls back to the outlines of the files a text search finds (ripgrep, else the core's searcher).
    const searcher = this.d.searcher?.() ?? new JsSearcher(this.d.workspace, guard.ignore);
    // The workspace's .env values never reach the model through a mention (as through a tool result).
    const redactor = await SecretRedactor.forWorkspace(this.d.workspace);
    return new MentionResolver({ workspace: this.d.workspace, guard, diagnostics: this.d.diagnostics, outliner: this.d.outliner, searcher, sources: this, redact: (t) => redactor.redact(t) });
  }

  /** Everything the next request would carry for `text` (the sections only for a new task). */
  private async pieces(text: string, newTask: boolean): Promise<{ mentions: ResolvedMention[]; sections: ContextSection[]; window: number }> {
    const window = await this.d.window();
    const [mentions, sections] = await Promise.all([resolveText(await this.resolver(), text, window), newTask ? workspaceContext() : Promise.resolve([])]);
    return { mentions, sections, window };
  }

  /** The chips for `text`; a continuing task carries its mentions and its plan (the rest is in its history). */
  async chips(text: string, newTask: boolean, plan?: string): Promise<{ chips: Chip[]; window: number }> {
    const p = await this.pieces(text, newTask);
    this.last = p;
    const rules = newTask ? await readRulesFiles(this.d.workspace) : [];
    return { chips: await chipsOf({ ...p, rules, repoMapTokens: newTask ? packBudget(p.window) : 0, plan: newTask ? undefined : plan }), window: p.window };
  }

  /** What a submitted message carries: resolved again now, minus what the user removed. */
  async forRequest(text: string, newTask: boolean, exclude: readonly string[], pinned: readonly string[]): Promise<ReturnType<typeof selectForRequest>> {
    const p = await this.pieces(text, newTask);
    return selectForRequest(p, exclude, pinned);
  }

  async open(key: string): Promise<void> {
    const m = this.last.mentions.find((x) => x.key === key);
    if (m?.open) {
      const uri = this.d.workspace.uri(m.open.path);
      const st = await vscode.workspace.fs.stat(uri);
      if (st.type === vscode.FileType.Directory) await vscode.commands.executeCommand('revealInExplorer', uri);
      else await vscode.window.showTextDocument(uri, { preview: true, selection: m.open.line ? new vscode.Range(m.open.line - 1, 0, m.open.line - 1, 0) : undefined });
      return;
    }
    if (key === sectionKey('Active editor') && vscode.window.activeTextEditor) await vscode.window.showTextDocument(vscode.window.activeTextEditor.document);
  }
}
