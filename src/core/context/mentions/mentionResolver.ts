/**
 * Turns each @-mention into the text the model is sent, within a token budget, through the ports.
 * Ignore rules and the secret policy hold: a withheld file, folder or symbol is sent as a sentence
 * saying so (and shown so in the chat) instead of silently disappearing.
 */
import type { Diagnostics, MentionSources, Outliner, Searcher, SymbolHit, Workspace } from '../../ports';
import { walkFiles } from '../fileIndex';
import type { PathGuard } from '../pathGuard';
import { countTokens } from '../tokens';
import { mentionText, type Mention } from './mention';

export interface ResolvedMention {
  /** The mention's text form (`@file:src/a.ts:10-40`): the chip's key. */
  key: string;
  mention: Mention;
  /** The context block's title. */
  title: string;
  text: string;
  tokens: number;
  /** Why the content was withheld or is unavailable (the text says so too). */
  withheld?: string;
  /** What Open shows: a file and line. */
  open?: { path: string; line?: number };
}

export interface MentionResolverDeps {
  workspace: Workspace;
  guard: PathGuard;
  diagnostics?: Diagnostics;
  outliner?: Outliner;
  searcher?: Searcher;
  sources?: MentionSources;
  /** Replaces known secret values (the API key, .env values), as in every tool result. */
  redact?: (text: string) => string;
}

const MAX_TREE_ENTRIES = 300;
const MAX_OUTLINED_FILES = 6;
const MAX_PROBLEMS = 50;

/** `text` cut at a line boundary to at most `budget` tokens, saying how much was left out. */
export async function fitToBudget(text: string, budget: number): Promise<string> {
  if ((await countTokens(text)) <= budget) return text;
  const lines = text.split('\n');
  let lo = 0;
  let hi = lines.length;
  const note = (kept: number) => `\n[... ${lines.length - kept} more lines cut to fit ${budget} tokens]`;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((await countTokens(lines.slice(0, mid).join('\n') + note(mid))) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lines.slice(0, lo).join('\n') + note(lo);
}

export class MentionResolver {
  constructor(private readonly d: MentionResolverDeps) {}

  /** Every mention, the budget shared evenly between them. */
  async resolveAll(mentions: Mention[], budgetTokens: number, signal?: AbortSignal): Promise<ResolvedMention[]> {
    const each = Math.max(200, Math.floor(budgetTokens / Math.max(1, mentions.length)));
    return Promise.all(mentions.map((m) => this.resolve(m, each, signal)));
  }

  async resolve(m: Mention, budget: number, signal?: AbortSignal): Promise<ResolvedMention> {
    const key = mentionText(m);
    let r: { title: string; text: string; withheld?: string; open?: ResolvedMention['open'] };
    try {
      r = await this.body(m, budget, signal);
    } catch (e) {
      r = { title: key, text: '', withheld: `could not be read: ${(e as Error).message}` };
    }
    const text = r.withheld ? `(${key} ${r.withheld})` : await fitToBudget(this.redact(r.text), budget);
    return { key, mention: m, title: r.title, text, tokens: await countTokens(text), ...(r.withheld ? { withheld: r.withheld } : {}), ...(r.open ? { open: r.open } : {}) };
  }

  private redact(text: string): string {
    return this.d.redact ? this.d.redact(text) : text;
  }

  /** A readable file of the workspace, or why not. */
  private async readable(input: string): Promise<{ ok: true; path: string } | { ok: false; why: string }> {
    const g = await this.d.guard.resolve(input);
    if (!g.ok) return { ok: false, why: `is withheld: ${g.reason.replace(/^"[^"]*" is refused: /, '').replace(/\.$/, '')}` };
    if (g.secret) return { ok: false, why: `is withheld: ${g.path} looks like a secrets file, which Forge never sends to a model` };
    return { ok: true, path: g.path };
  }

  private async body(m: Mention, budget: number, signal?: AbortSignal) {
    switch (m.kind) {
      case 'file': return this.file(m);
      case 'folder': return this.folder(m.arg!, budget, signal);
      case 'symbol': return this.symbol(m.arg!, signal);
      case 'problems': return this.problems();
      case 'changes': return this.changes(m.arg === 'staged');
      case 'selection': return this.selection();
      case 'terminal': return this.terminal();
    }
  }

  private async file(m: Mention) {
    const title = `@file ${m.arg}${m.lines ? `:${m.lines.start}-${m.lines.end}` : ''}`;
    const r = await this.readable(m.arg!);
    if (!r.ok) return { title, text: '', withheld: r.why };
    const st = await this.d.workspace.stat(r.path);
    if (!st || st.type !== 'file') return { title, text: '', withheld: st ? 'is a folder (mention it with @folder)' : 'does not exist' };
    const lines = (await this.d.workspace.readText(r.path)).split('\n');
    const start = m.lines ? Math.min(m.lines.start, lines.length) : 1;
    const end = m.lines ? Math.min(m.lines.end, lines.length) : lines.length;
    const body = lines.slice(start - 1, end).map((l, i) => `${start + i}| ${l}`).join('\n');
    const where = m.lines ? `lines ${start}-${end} of ${lines.length}` : `${lines.length} lines`;
    return { title, text: `${r.path} (${where}):\n${body}`, open: { path: r.path, line: start } };
  }

  private async folder(dir: string, budget: number, signal?: AbortSignal) {
    const title = `@folder ${dir}`;
    const r = dir === '.' ? { ok: true as const, path: '' } : await this.readable(dir);
    if (!r.ok) return { title, text: '', withheld: r.why };
    const ignored = r.path ? await this.d.guard.ignore.check(r.path, true) : { ignored: false };
    if (ignored.ignored) return { title, text: '', withheld: `is withheld: it is ignored by ${ignored.source}` };
    const st = r.path ? await this.d.workspace.stat(r.path) : { type: 'directory' };
    if (!st || st.type !== 'directory') return { title, text: '', withheld: st ? 'is a file (mention it with @file)' : 'does not exist' };
    const { files, truncated } = await walkFiles(this.d.workspace, this.d.guard.ignore, { under: r.path, maxFiles: 5000, signal });
    const rel = (f: string) => (r.path ? f.slice(r.path.length + 1) : f);
    const tree = files.slice(0, MAX_TREE_ENTRIES).map(rel);
    const more = files.length > MAX_TREE_ENTRIES || truncated ? `\n[... ${truncated ? 'more' : files.length - MAX_TREE_ENTRIES} more files]` : '';
    const parts = [`${r.path || '(workspace root)'}/ (${files.length}${truncated ? '+' : ''} files, ignored ones left out):\n${tree.join('\n')}${more}`];
    let used = await countTokens(parts[0]!);
    if (this.d.outliner) {
      // The main files: shallow ones first, entry points (index, main, mod, lib) before the rest.
      const main = /^(index|main|mod|lib|__init__)\./;
      const ranked = [...files].sort((a, b) => a.split('/').length - b.split('/').length || Number(main.test(rel(b).split('/').pop()!)) - Number(main.test(rel(a).split('/').pop()!)));
      let outlined = 0;
      for (const f of ranked) {
        if (outlined >= MAX_OUTLINED_FILES || used > budget * 0.8 || signal?.aborted) break;
        const ok = await this.readable(f);
        if (!ok.ok) continue;
        const symbols = await this.d.outliner.outline(f, await this.d.workspace.readText(f)).catch(() => null);
        if (!symbols?.length) continue;
        const block = `Outline of ${f}:\n${symbols.slice(0, 80).map((s) => `${'  '.repeat(s.depth)}${s.startLine}-${s.endLine} ${s.kind} ${s.signature}`).join('\n')}`;
        used += await countTokens(block);
        parts.push(block);
        outlined++;
      }
    }
    return { title, text: parts.join('\n\n'), open: r.path ? { path: r.path } : undefined };
  }

  /** The symbol's definition: workspace symbols first, else the outlines of the files a text search finds. */
  private async symbol(name: string, signal?: AbortSignal) {
    const title = `@symbol ${name}`;
    const hits = (await this.d.sources?.symbols?.(name, signal).catch(() => []) ?? []).filter((h) => h.name === name || h.name.startsWith(`${name}(`));
    const hit = hits[0] ?? (await this.symbolByOutline(name, signal));
    if (!hit) return { title, text: '', withheld: 'was not found (no workspace symbol or outlined definition has that name)' };
    const r = await this.readable(hit.path);
    if (!r.ok) return { title, text: '', withheld: `is in ${hit.path}, which ${r.why.replace(/^is /, 'is ')}` };
    const lines = (await this.d.workspace.readText(r.path)).split('\n');
    const end = Math.min(Math.max(hit.endLine, hit.startLine), lines.length);
    const body = lines.slice(hit.startLine - 1, end).map((l, i) => `${hit.startLine + i}| ${l}`).join('\n');
    const others = hits.length > 1 ? `\n(also defined in: ${hits.slice(1, 6).map((h) => `${h.path}:${h.startLine}`).join(', ')})` : '';
    return { title, text: `${hit.kind} ${name} in ${r.path}, lines ${hit.startLine}-${end}:\n${body}${others}`, open: { path: r.path, line: hit.startLine } };
  }

  private async symbolByOutline(name: string, signal?: AbortSignal): Promise<SymbolHit | undefined> {
    return (await this.outlinedSymbols(name, { exact: true, limit: 1 }, signal))[0];
  }

  /**
   * The outline index for the @symbol list when the host has no workspace symbols (no language
   * server yet): the symbols, in the outlines of the files a text search for `query` finds, whose
   * names hold it (case-insensitive; `exact`: the very name). Ignored and secret files are skipped.
   */
  async outlinedSymbols(query: string, o: { exact?: boolean; limit?: number } = {}, signal?: AbortSignal): Promise<SymbolHit[]> {
    if (!this.d.searcher || !this.d.outliner || !query) return [];
    const found = await this.d.searcher.search({ pattern: query, caseSensitive: !!o.exact, maxResults: o.exact ? 200 : 1000 }, signal).catch(() => ({ matches: [] }));
    const q = query.toLowerCase();
    const hits: SymbolHit[] = [];
    for (const path of [...new Set(found.matches.map((m) => m.path))].slice(0, 20)) {
      const ok = await this.readable(path);
      if (!ok.ok) continue;
      const symbols = await this.d.outliner.outline(path, await this.d.workspace.readText(path)).catch(() => null);
      for (const s of symbols ?? []) {
        if (o.exact ? s.name !== query : !s.name.toLowerCase().includes(q)) continue;
        hits.push({ name: s.name, kind: s.kind, path, startLine: s.startLine, endLine: s.endLine });
        if (hits.length >= (o.limit ?? 200)) return hits;
      }
    }
    return hits;
  }

  private async problems() {
    const title = '@problems';
    if (!this.d.diagnostics) return { title, text: '', withheld: 'is not available in this host' };
    const all = (await this.d.diagnostics.get()).filter((d) => d.severity === 'error' || d.severity === 'warning');
    if (!all.length) return { title, text: 'The Problems list has no errors or warnings.' };
    const lines = all.slice(0, MAX_PROBLEMS).map((d) => `${d.path}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`);
    if (all.length > MAX_PROBLEMS) lines.push(`(${all.length - MAX_PROBLEMS} more)`);
    return { title, text: lines.join('\n') };
  }

  private async changes(staged: boolean) {
    const title = staged ? '@changes:staged' : '@changes';
    if (!this.d.sources?.changes) return { title, text: '', withheld: 'is not available in this host' };
    const diff = await this.d.sources.changes(staged);
    if (diff === null) return { title, text: '', withheld: 'is not available: the workspace is not a git repository' };
    return { title, text: diff.trim() ? diff.trimEnd() : `There are no ${staged ? 'staged' : 'uncommitted'} changes.` };
  }

  private async selection() {
    const title = '@selection';
    const sel = await this.d.sources?.selection?.();
    if (!sel) return { title, text: '', withheld: 'is empty: nothing is selected in the active editor' };
    const r = await this.readable(sel.path);
    if (!r.ok) return { title, text: '', withheld: `is in ${sel.path}, which ${r.why}` };
    const body = sel.text.split('\n').map((l, i) => `${sel.startLine + i}| ${l}`).join('\n');
    return { title, text: `${r.path}, lines ${sel.startLine}-${sel.endLine}:\n${body}`, open: { path: r.path, line: sel.startLine } };
  }

  private async terminal() {
    const title = '@terminal';
    const out = await this.d.sources?.terminalOutput?.();
    if (out === undefined) return { title, text: '', withheld: 'is not available in this host' };
    if (typeof out === 'string') return { title, text: '', withheld: `is not available: ${out}` };
    return { title, text: `$ ${out.command}\n${out.output.trimEnd()}` };
  }
}
