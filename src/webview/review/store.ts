/**
 * The webview's state: the host's ReviewView plus UI state (selection, mode, drafts).
 * Persisted with vscode.setState (debounced) so the panel restores when hidden or reloaded.
 * Files arrive as summaries; a file's hunks are loaded on demand (loadFile -> fileHunks) and kept.
 */
import type { DiffLine, FileUpdate, HostMessage, Indent, LoadedReviewFile, ReviewFile, ReviewHunk, ReviewView } from '../../protocol/review';
import type { Host } from './vscodeApi';

export interface UiState {
  selectedPath?: string;
  /** Position of the selected hunk in the selected file's hunks. */
  selectedHunk: number;
  sideBySide: boolean;
  /** Key of the hunk being edited. */
  editing?: string;
  /** Edited text per hunk key (the textarea's value). */
  drafts: Record<string, string>;
}

export interface PanelState {
  version: 2;
  changeSetId: string;
  /** Kept only for views up to PERSIST_MAX_LINES; larger ones come back from the host's `show` after `ready`. */
  view?: ReviewView;
  ui: UiState;
}

/** setState serialises everything on every call; beyond this many lines only the UI state is kept. */
export const PERSIST_MAX_LINES = 5000;

export type ContextReply = Extract<HostMessage, { type: 'contextLines' }>;

export const hunkKey = (path: string, index: number): string => `${path}\u0000${index}`;

export class Store {
  view: ReviewView | undefined;
  ui: UiState = { selectedHunk: 0, sideBySide: false, drafts: {} };
  /** Hunks and files the user acted on whose update has not arrived yet (not persisted). */
  readonly inflight = new Set<string>();
  /** Files whose hunks were asked for and have not arrived yet. */
  readonly loading = new Set<string>();
  busy = false;
  private byPath = new Map<string, ReviewFile>();
  /** The change set whose UI state was restored before its view arrived. */
  private restoredId: string | undefined;
  private viewLines = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: Host) {}

  restore(state: PanelState): void {
    this.restoredId = state.changeSetId;
    this.ui = { ...this.ui, ...state.ui, drafts: { ...state.ui.drafts } };
    if (state.view) {
      this.setView(state.view);
      this.fixSelection();
    }
  }

  /** A full view from the host. Keeps selection and expanded context when it is the same change set. */
  show(view: ReviewView): void {
    const prevId = this.view?.changeSetId ?? this.restoredId;
    if (prevId === view.changeSetId) {
      for (const f of view.files) {
        const old = this.byPath.get(f.path);
        if (old?.hunks && f.hunks) for (const h of f.hunks) keepExpansion(h, old.hunks.find((o) => o.index === h.index));
      }
    } else {
      this.ui = { selectedHunk: 0, sideBySide: this.ui.sideBySide, drafts: {} };
    }
    this.inflight.clear();
    this.loading.clear();
    this.setView(view);
    this.fixSelection();
    this.save();
  }

  /** Applies status/decision updates; returns the files that changed. */
  update(updates: FileUpdate[]): ReviewFile[] {
    const changed: ReviewFile[] = [];
    for (const u of updates) {
      const f = this.byPath.get(u.path);
      if (!f) continue;
      f.status = u.status;
      f.conflictReason = u.conflictReason;
      this.inflight.delete(f.path);
      if (u.pendingHunks !== undefined) f.pendingHunks = u.pendingHunks;
      else if (!f.hunks && (f.status === 'accepted' || f.status === 'rejected')) f.pendingHunks = 0;
      for (const hu of f.hunks ? u.hunks ?? [] : []) {
        const h = f.hunks!.find((x) => x.index === hu.index);
        if (!h) continue;
        h.decision = hu.decision;
        h.editedNewLines = hu.editedNewLines;
        h.rejectReason = hu.rejectReason;
        const key = hunkKey(f.path, h.index);
        this.inflight.delete(key);
        if (h.decision !== 'pending') {
          delete this.ui.drafts[key];
          if (this.ui.editing === key) this.ui.editing = undefined;
        }
      }
      if (f.hunks) f.pendingHunks = f.hunks.filter((h) => h.decision === 'pending').length;
      changed.push(f);
    }
    if (changed.length) this.save();
    return changed;
  }

  /** A file's hunks from the host (the reply to loadFile); returns the file, if known. */
  setHunks(path: string, hunks: ReviewHunk[], indent?: Indent): LoadedReviewFile | undefined {
    this.loading.delete(path);
    const f = this.byPath.get(path);
    if (!f) return undefined;
    f.hunks = hunks;
    if (indent) f.indent = indent;
    f.hunkCount = hunks.length;
    f.pendingHunks = hunks.filter((h) => h.decision === 'pending').length;
    this.countLines();
    this.fixSelection();
    this.save();
    return f as LoadedReviewFile;
  }

  /** Marks a file's hunks as requested; false if they are loaded or already on the way. */
  startLoading(path: string): boolean {
    const f = this.byPath.get(path);
    if (!f || f.hunks || this.loading.has(path)) return false;
    this.loading.add(path);
    return true;
  }

  /** Adds lines from an expandContext reply; returns the hunk, if known. */
  addContext(m: ContextReply): { file: ReviewFile; hunk: ReviewHunk } | undefined {
    const file = this.byPath.get(m.path);
    const hunk = file?.hunks?.find((h) => h.index === m.hunkIndex);
    if (!file || !hunk) return undefined;
    if (m.direction === 'above') {
      const first = hunk.before[0]?.oldNo ?? hunk.oldStart;
      const added = m.lines.filter((l) => (l.oldNo ?? 0) < first);
      hunk.before = [...added, ...hunk.before];
      hunk.moreAbove = m.more;
      if (hunk.hiddenAbove !== undefined) hunk.hiddenAbove = m.more ? Math.max(0, hunk.hiddenAbove - added.length) : 0;
    } else {
      const last = hunk.after[hunk.after.length - 1]?.oldNo ?? lastOldNo(hunk);
      const added = m.lines.filter((l) => (l.oldNo ?? Infinity) > last);
      hunk.after = [...hunk.after, ...added];
      hunk.moreBelow = m.more;
      if (hunk.hiddenBelow !== undefined) hunk.hiddenBelow = m.more ? Math.max(0, hunk.hiddenBelow - added.length) : 0;
    }
    this.save();
    return { file, hunk };
  }

  file(path: string): ReviewFile | undefined {
    return this.byPath.get(path);
  }

  selectedFile(): ReviewFile | undefined {
    return this.ui.selectedPath === undefined ? undefined : this.byPath.get(this.ui.selectedPath);
  }

  selectFile(path: string, hunk = 0): void {
    this.ui.selectedPath = path;
    this.ui.selectedHunk = hunk;
    this.fixSelection();
    this.save();
  }

  selectHunk(pos: number): void {
    this.ui.selectedHunk = pos;
    this.fixSelection();
    this.save();
  }

  isInflight(path: string, index?: number): boolean {
    return this.inflight.has(path) || (index !== undefined && this.inflight.has(hunkKey(path, index)));
  }

  /**
   * Position of the next hunk still to decide after the selected one (this file, then the next
   * files). `pos` is -1 for a file whose hunks are not loaded yet: its first pending hunk.
   */
  nextPending(): { path: string; pos: number } | undefined {
    const files = this.view?.files ?? [];
    const start = Math.max(0, files.findIndex((f) => f.path === this.ui.selectedPath));
    for (let i = 0; i < files.length; i++) {
      const f = files[(start + i) % files.length]!;
      if (!f.hunks) {
        if (i > 0 && f.pendingHunks > 0 && !this.inflight.has(f.path)) return { path: f.path, pos: -1 };
        continue;
      }
      const from = i === 0 ? this.ui.selectedHunk + 1 : 0;
      for (let p = from; p < f.hunks.length; p++) {
        const h = f.hunks[p]!;
        if (h.decision === 'pending' && !this.isInflight(f.path, h.index)) return { path: f.path, pos: p };
      }
    }
    return undefined;
  }

  /** Debounced persistence (the view can be large; serialising it on every keystroke is not free). */
  save(): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flush(), 200);
  }

  flush(): void {
    this.saveTimer = undefined;
    if (!this.view) return;
    const small = this.viewLines <= PERSIST_MAX_LINES;
    this.host.setState({ version: 2, changeSetId: this.view.changeSetId, ...(small ? { view: this.view } : {}), ui: this.ui });
  }

  private setView(view: ReviewView): void {
    this.view = view;
    this.byPath = new Map(view.files.map((f) => [f.path, f]));
    this.countLines();
  }

  private countLines(): void {
    this.viewLines = 0;
    for (const f of this.view?.files ?? []) for (const h of f.hunks ?? []) this.viewLines += h.lines.length + h.before.length + h.after.length;
  }

  private fixSelection(): void {
    const files = this.view?.files ?? [];
    if (!files.length) {
      this.ui.selectedPath = undefined;
      this.ui.selectedHunk = 0;
      return;
    }
    if (this.ui.selectedPath === undefined || !this.byPath.has(this.ui.selectedPath)) this.ui.selectedPath = files[0]!.path;
    const n = this.byPath.get(this.ui.selectedPath)!.hunkCount;
    this.ui.selectedHunk = Math.max(0, Math.min(this.ui.selectedHunk, n - 1));
  }
}

function lastOldNo(h: ReviewHunk): number {
  let n = h.oldStart - 1;
  for (const l of h.lines) if (l.oldNo !== undefined) n = l.oldNo;
  return n;
}

/** A re-sent hunk whose body is unchanged keeps the context the user already expanded. */
function keepExpansion(h: ReviewHunk, old: ReviewHunk | undefined): void {
  if (!old || old.oldStart !== h.oldStart || !sameLines(old.lines, h.lines)) return;
  if (old.before.length > h.before.length) {
    h.before = old.before;
    h.moreAbove = old.moreAbove;
    h.hiddenAbove = old.hiddenAbove;
  }
  if (old.after.length > h.after.length) {
    h.after = old.after;
    h.moreBelow = old.moreBelow;
    h.hiddenBelow = old.hiddenBelow;
  }
}

function sameLines(a: DiffLine[], b: DiffLine[]): boolean {
  return a.length === b.length && a.every((l, i) => l.op === b[i]!.op && l.text === b[i]!.text);
}
