/**
 * The items of the @-mention list for what the user typed after `@`: the mention kinds, files and
 * folders from the host's listing (fuzzy matched, capped), and workspace symbols from the host.
 */
import type { SymbolHit } from '../../ports';
import { fuzzyScore, fuzzyTop } from './fuzzy';
import { mentionOf, mentionText, type MentionKind } from './mention';

export interface MentionItem {
  kind: MentionKind;
  /** What the list shows. */
  label: string;
  /** A second, dimmer line: the folder, the symbol's file, what the kind means. */
  detail?: string;
  /** What replaces `@query` in the input (ends with a space unless more is to be typed). */
  insert: string;
}

export interface MentionListing {
  /** Workspace-relative files, ignore rules applied. */
  files(): Promise<string[]>;
  symbols?(query: string): Promise<SymbolHit[]>;
}

const KINDS: { label: string; insert: string; kind: MentionKind; detail: string }[] = [
  { label: '@file', insert: '@file:', kind: 'file', detail: 'a file, or lines of it (path:10-40)' },
  { label: '@folder', insert: '@folder:', kind: 'folder', detail: 'a folder: its tree and outlines' },
  { label: '@symbol', insert: '@symbol:', kind: 'symbol', detail: 'a function, class or type by name' },
  { label: '@problems', insert: '@problems ', kind: 'problems', detail: 'the Problems list' },
  { label: '@changes', insert: '@changes ', kind: 'changes', detail: 'uncommitted changes (git diff)' },
  { label: '@changes:staged', insert: '@changes:staged ', kind: 'changes', detail: 'staged changes (git diff --cached)' },
  { label: '@selection', insert: '@selection ', kind: 'selection', detail: 'the selected code' },
  { label: '@terminal', insert: '@terminal ', kind: 'terminal', detail: "the terminal's last command and its output" },
];

/** Folders of the listing, derived once per listing. */
const folderCache = new WeakMap<string[], string[]>();
function foldersOf(files: string[]): string[] {
  let folders = folderCache.get(files);
  if (!folders) {
    const set = new Set<string>();
    for (const f of files) for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) set.add(f.slice(0, i));
    folders = [...set].sort();
    folderCache.set(files, folders);
  }
  return folders;
}

function fileItem(path: string, lines?: { start: number; end: number }): MentionItem {
  const slash = path.lastIndexOf('/');
  const insert = `${mentionText({ kind: 'file', arg: path, lines })} `;
  return { kind: 'file', label: path.slice(slash + 1) + (lines ? `:${lines.start}-${lines.end}` : ''), detail: slash > 0 ? path.slice(0, slash) : undefined, insert };
}

/** The list for `query` (the text after `@`, up to the caret), at most `limit` items. */
export async function completeMention(query: string, listing: MentionListing, limit = 50): Promise<MentionItem[]> {
  const colon = query.indexOf(':');
  const head = colon < 0 ? query : query.slice(0, colon);
  const rest = colon < 0 ? '' : query.slice(colon + 1);
  if (colon >= 0 && head === 'file') {
    const m = mentionOf('file', rest);
    const files = await listing.files();
    if (m?.lines && files.includes(m.arg!)) return [fileItem(m.arg!, m.lines)];
    return fuzzyTop(rest, files, (f) => f, limit).map((f) => fileItem(f));
  }
  if (colon >= 0 && head === 'folder') {
    return fuzzyTop(rest, foldersOf(await listing.files()), (f) => f, limit).map((f) => ({ kind: 'folder', label: `${f}/`, insert: `${mentionText({ kind: 'folder', arg: f })} ` }));
  }
  if (colon >= 0 && head === 'symbol') {
    if (!rest || !listing.symbols) return [];
    const hits = await listing.symbols(rest);
    return fuzzyTop(rest, hits, (h) => h.name, limit).map((h) => ({
      kind: 'symbol', label: h.name, detail: `${h.kind} · ${h.path}:${h.startLine}`, insert: `${mentionText({ kind: 'symbol', arg: h.name })} `,
    }));
  }
  const kinds = KINDS.filter((k) => fuzzyScore(query, k.label.slice(1)) >= 0);
  if (!query) return kinds;
  // "@inv" also offers files named like it: the commonest mention needs no "file:".
  const files = fuzzyTop(query, await listing.files(), (f) => f, Math.max(0, limit - kinds.length)).map((f) => fileItem(f));
  return [...kinds, ...files].slice(0, limit);
}
