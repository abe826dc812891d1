/**
 * The review panel: renders the store, turns clicks and keys into protocol messages.
 * The host owns every decision; after an accept/reject the hunk shows "Applying…" until the
 * host's `update` arrives.
 */
import * as l10n from '@vscode/l10n';
import type { LoadedReviewFile, ReviewFile, WebviewMessage } from '../../protocol/review';
import { closestData, h } from './dom';
import { DiffPane } from './diffPane';
import { renderFileList, renderFileRow, type FileListOptions } from './fileList';
import { renderHeader } from './header';
import { replaceRange } from './editor/codeKeys';
import { editedNewLines, initialDraft } from './editor/hunkEditor';
import { EXPAND_STEP, type HunkRenderOptions } from './hunkView';
import { hunkKey, type Store } from './store';
import type { Host } from './vscodeApi';

type ReasonTarget = { scope: 'all' } | { scope: 'file'; path: string } | { scope: 'hunk'; path: string; index: number };

export class App {
  private headerEl: HTMLElement = h('header');
  private filesEl: HTMLElement = h('nav');
  readonly pane: DiffPane;
  private readonly live = h('div', { class: 'statusline', role: 'status', 'aria-live': 'polite' });
  private reason: ReasonTarget | undefined;
  private showHelp = false;
  /** In the hunk editor, Tab moves focus instead of indenting (Ctrl+M), as VS Code's own toggle. */
  private tabMovesFocus = false;
  private error: string | undefined;
  /** A file selected before its hunks arrived: where to go (and whether to focus) once they do. */
  private awaiting: { path: string; focus: boolean; firstPending: boolean } | undefined;

  constructor(readonly root: HTMLElement, readonly store: Store, private readonly host: Host) {
    this.pane = new DiffPane({
      hunkOptions: (f, hk, pos) => this.hunkOptions(f, hk.index, pos),
      fileOptions: () => {
        const f = this.store.selectedFile();
        return {
          sideBySide: this.store.ui.sideBySide,
          busy: this.store.busy,
          inflight: !!f && this.store.inflight.has(f.path),
          reasonOpen: !!f && this.reason?.scope === 'file' && this.reason.path === f.path,
        };
      },
      load: (path) => {
        if (this.store.startLoading(path)) this.post({ type: 'loadFile', path });
      },
    });
  }

  post(m: WebviewMessage): void {
    const always = m.type === 'ready' || m.type === 'loadFile' || m.type === 'expandContext' || m.type === 'openDiff' || m.type === 'openInEditor';
    if (this.store.busy && !always) return;
    this.host.post(m);
  }

  get liveRegion(): HTMLElement {
    return this.live;
  }

  announce(text: string): void {
    this.live.textContent = text;
  }

  setError(message: string | undefined): void {
    this.error = message;
    this.renderHeader();
  }

  // --- rendering -----------------------------------------------------------------------------

  renderAll(): void {
    const view = this.store.view;
    this.root.setAttribute('aria-busy', 'false');
    if (!view) {
      this.root.replaceChildren(h('div', { class: 'empty-state' }, l10n.t('Waiting for changes…')), this.live);
      return;
    }
    this.renderHeader();
    this.filesEl = renderFileList(view.files, this.fileListOptions());
    const body = h('div', { class: 'body' }, this.filesEl, this.pane.el);
    this.root.replaceChildren(this.headerEl, body, this.live);
    this.pane.show(this.store.selectedFile(), this.store.ui.selectedHunk);
  }

  renderHeader(): void {
    const view = this.store.view;
    if (!view) return;
    const keep = focusKey();
    const el = renderHeader(view, { busy: this.store.busy, rejectAllOpen: this.reason?.scope === 'all', showHelp: this.showHelp, error: this.error });
    if (this.headerEl.isConnected) this.headerEl.replaceWith(el);
    this.headerEl = el;
    restoreFocus(keep);
  }

  /** After decisions changed: header, the files' rows, and the selected file's hunks. */
  refreshFiles(files: ReviewFile[]): void {
    const keep = focusKey();
    this.renderHeader();
    for (const f of files) this.rowOf(f.path)?.replaceWith(renderFileRow(f, f.path === this.store.ui.selectedPath, this.fileListOptions()));
    if (files.some((f) => f === this.pane.current)) this.pane.refresh();
    restoreFocus(keep);
  }

  rerenderBusy(): void {
    const view = this.store.view;
    if (view) this.refreshFiles(view.files);
  }

  private fileListOptions(): FileListOptions {
    return { selectedPath: this.store.ui.selectedPath, busy: this.store.busy, isInflight: (p) => this.store.inflight.has(p) };
  }

  private hunkOptions(f: ReviewFile, index: number, pos: number): HunkRenderOptions {
    const key = hunkKey(f.path, index);
    const r = this.reason;
    return {
      pos,
      sideBySide: this.store.ui.sideBySide,
      selected: f.path === this.store.ui.selectedPath && pos === this.store.ui.selectedHunk,
      inflight: this.store.isInflight(f.path, index),
      draft: this.store.ui.editing === key ? this.store.ui.drafts[key] : undefined,
      tabMovesFocus: this.tabMovesFocus,
      reasonOpen: r?.scope === 'hunk' && r.path === f.path && r.index === index,
      busy: this.store.busy,
    };
  }

  private rowOf(path: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`.file-row[data-path="${CSS.escape(path)}"]`);
  }

  // --- selection and focus -------------------------------------------------------------------

  /** Selects a file; `pos` -1 means its first pending hunk (known once its hunks are loaded). */
  selectFile(path: string, pos = 0, focus: 'row' | 'hunk' | 'none' = 'none'): void {
    const prev = this.store.ui.selectedPath;
    const target = this.store.file(path);
    this.awaiting = target && !target.hunks ? { path, focus: focus === 'hunk', firstPending: pos < 0 } : undefined;
    if (target?.hunks && pos < 0) pos = Math.max(0, target.hunks.findIndex((x) => x.decision === 'pending' && !this.store.isInflight(path, x.index)));
    this.store.selectFile(path, Math.max(0, pos));
    if (prev !== path || this.pane.current !== this.store.selectedFile()) {
      for (const p of [prev, path]) {
        const f = p === undefined ? undefined : this.store.file(p);
        if (f) this.rowOf(f.path)?.replaceWith(renderFileRow(f, f.path === path, this.fileListOptions()));
      }
      this.pane.show(this.store.selectedFile(), this.store.ui.selectedHunk);
    }
    if (!document.hasFocus()) focus = 'none'; // never pull focus from an editor into the panel
    if (focus === 'row') this.rowOf(path)?.focus();
    else if (focus === 'hunk' && this.awaiting) this.pane.loadingEl?.focus({ preventScroll: true });
    else if (focus === 'hunk') this.selectHunk(this.store.ui.selectedHunk, true);
    this.rowOf(path)?.scrollIntoView({ block: 'nearest' });
  }

  /** A file's hunks arrived: show them if it is the selected file, and finish the move that asked for them. */
  fileLoaded(f: LoadedReviewFile): void {
    const a = this.awaiting?.path === f.path ? this.awaiting : undefined;
    if (a) this.awaiting = undefined;
    if (this.pane.current !== f) return;
    const active = document.activeElement;
    const focus = !!a?.focus && (!active || active === document.body || active === this.pane.loadingEl || !active.isConnected);
    if (a?.firstPending) {
      const i = f.hunks.findIndex((x) => x.decision === 'pending' && !this.store.isInflight(f.path, x.index));
      this.store.selectHunk(Math.max(0, i));
    }
    const hadLoadingFocus = active === this.pane.loadingEl;
    this.pane.show(f, this.store.ui.selectedHunk);
    if (focus || hadLoadingFocus) this.selectHunk(this.store.ui.selectedHunk, true);
  }

  selectHunk(pos: number, focus: boolean): void {
    const old = this.pane.hunkEl(this.store.ui.selectedHunk);
    this.store.selectHunk(pos);
    this.pane.ensureRendered(this.store.ui.selectedHunk);
    const el = this.pane.hunkEl(this.store.ui.selectedHunk);
    if (old && old !== el) {
      old.classList.remove('selected');
      old.tabIndex = -1;
      old.removeAttribute('aria-current');
    }
    if (!el) return;
    el.classList.add('selected');
    el.tabIndex = 0;
    el.setAttribute('aria-current', 'true');
    if (focus) {
      if (document.hasFocus()) el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Moves by `delta` hunks, crossing into the next/previous file that has hunks. */
  moveHunk(delta: 1 | -1): void {
    const files = this.store.view?.files ?? [];
    const f = this.store.selectedFile();
    if (!f) return;
    const pos = this.store.ui.selectedHunk + delta;
    if (pos >= 0 && pos < f.hunkCount) return this.selectHunk(pos, true);
    let i = files.indexOf(f) + delta;
    while (i >= 0 && i < files.length && files[i]!.hunkCount === 0) i += delta;
    const next = files[i];
    if (next) this.selectFile(next.path, delta > 0 ? 0 : next.hunkCount - 1, 'hunk');
    else this.selectHunk(this.store.ui.selectedHunk, true);
  }

  moveFile(delta: 1 | -1, focus: 'row' | 'hunk'): void {
    const files = this.store.view?.files ?? [];
    const i = files.findIndex((f) => f.path === this.store.ui.selectedPath) + delta;
    const next = files[Math.max(0, Math.min(files.length - 1, i))];
    if (next) this.selectFile(next.path, 0, focus);
  }

  /** After a decision: go to the next hunk still pending (this file first). */
  advance(): void {
    const next = this.store.nextPending();
    if (!next) return;
    if (next.path === this.store.ui.selectedPath) this.selectHunk(next.pos, true);
    else this.selectFile(next.path, next.pos, 'hunk');
  }

  focusedRowPath(): string | undefined {
    return closestData(document.activeElement, 'path')?.el.classList.contains('file-row') ? (document.activeElement as HTMLElement).dataset.path : undefined;
  }

  // --- decisions -----------------------------------------------------------------------------

  acceptHunk(path: string, index: number): void {
    const hk = this.store.file(path)?.hunks?.find((x) => x.index === index);
    if (!hk || hk.decision !== 'pending' || this.store.isInflight(path, index) || this.store.busy) return;
    this.post({ type: 'acceptHunk', path, hunkIndex: index });
    this.markInflight(hunkKey(path, index), path);
    this.announce(l10n.t('Accepting hunk {0} of {1}', index + 1, path));
    this.advance();
  }

  /** Accept Edited: the editor's text (the changed lines only) goes out framed by the hunk's unchanged lines. */
  saveEdit(path: string, index: number, text: string): void {
    const hk = this.store.file(path)?.hunks?.find((x) => x.index === index);
    if (!hk || hk.decision !== 'pending' || this.store.isInflight(path, index) || this.store.busy) return;
    this.post({ type: 'editHunk', path, hunkIndex: index, newLines: editedNewLines(hk, text) });
    this.store.ui.editing = undefined;
    this.markInflight(hunkKey(path, index), path);
    this.announce(l10n.t('Accepting edited hunk {0} of {1}', index + 1, path));
    this.advance();
  }

  startEdit(path: string, index: number): void {
    const f = this.store.file(path);
    const hk = f?.hunks?.find((x) => x.index === index);
    if (!f || !hk || hk.decision !== 'pending' || this.store.isInflight(path, index) || this.store.busy) return;
    const key = hunkKey(path, index);
    const prev = this.store.ui.editing;
    this.store.ui.editing = key;
    this.store.ui.drafts[key] ??= initialDraft(hk);
    this.store.save();
    if (prev && prev !== key) this.refreshKey(prev);
    const el = this.refreshKey(key);
    el?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  /**
   * "Use This Text" in the VS Code editor: the text replaces the hunk editor's (one undoable edit
   * when the editor is open, so Ctrl+Z gets the panel's own text back). Nothing is accepted.
   */
  receiveHunkText(path: string, index: number, text: string): void {
    const hk = this.store.file(path)?.hunks?.find((x) => x.index === index);
    if (!hk || hk.decision !== 'pending' || this.store.isInflight(path, index)) return;
    const key = hunkKey(path, index);
    if (path !== this.store.ui.selectedPath) this.selectFile(path);
    let ta = this.editorOf(key);
    if (!ta) {
      this.startEdit(path, index);
      ta = this.editorOf(key);
    }
    if (!ta) return;
    ta.focus();
    replaceRange(ta, 0, ta.value.length, text, text.length);
    this.store.ui.drafts[key] = ta.value;
    this.store.save();
    this.announce(l10n.t("The editor's text is in hunk {0} of {1}: Ctrl+Enter accepts it", index + 1, path));
  }

  private editorOf(key: string): HTMLTextAreaElement | null {
    if (this.store.ui.editing !== key) return null;
    const [path, index] = key.split('\u0000') as [string, string];
    return this.root.querySelector<HTMLTextAreaElement>(`.hunk[data-path="${CSS.escape(path)}"][data-hunk="${CSS.escape(index)}"] textarea.editor`);
  }

  /** Ctrl+M in the editor: Tab moves focus / Tab indents. */
  toggleTabFocus(ta: HTMLTextAreaElement): void {
    this.tabMovesFocus = !this.tabMovesFocus;
    ta.dataset.tabFocus = this.tabMovesFocus ? 'true' : '';
    this.announce(this.tabMovesFocus ? l10n.t('Tab now moves focus') : l10n.t('Tab now inserts indentation'));
  }

  get tabFocus(): boolean {
    return this.tabMovesFocus;
  }

  endEdit(path: string, index: number, reset: boolean): void {
    const key = hunkKey(path, index);
    const hk = this.store.file(path)?.hunks?.find((x) => x.index === index);
    if (reset && hk) this.store.ui.drafts[key] = initialDraft(hk);
    else {
      this.store.ui.editing = undefined;
      delete this.store.ui.drafts[key];
    }
    this.store.save();
    const el = this.refreshKey(key);
    if (reset) el?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    else el?.focus();
  }

  openReason(target: ReasonTarget): void {
    if (this.store.busy) return;
    if (target.scope === 'hunk') {
      const hk = this.store.file(target.path)?.hunks?.find((x) => x.index === target.index);
      if (!hk || hk.decision !== 'pending' || this.store.isInflight(target.path, target.index)) return;
    }
    if (target.scope !== 'all' && target.path !== this.store.ui.selectedPath) this.selectFile(target.path);
    this.closeReason(false);
    this.reason = target;
    this.renderReasonHost(target)?.querySelector<HTMLInputElement>('.reason-input')?.focus();
  }

  confirmReason(text: string): void {
    const t = this.reason;
    if (!t) return;
    const reason = text.trim() || undefined;
    this.reason = undefined;
    this.renderReasonHost(t);
    if (t.scope === 'all') {
      this.post({ type: 'rejectAll', reason });
      for (const f of this.store.view?.files ?? []) this.store.inflight.add(f.path);
      this.rerenderBusy();
      this.announce(l10n.t('Rejecting all changes'));
    } else if (t.scope === 'file') {
      this.post({ type: 'rejectFile', path: t.path, reason });
      this.markInflight(t.path, t.path);
      this.announce(l10n.t('Rejecting {0}', t.path));
      this.rowOf(t.path)?.focus();
    } else {
      this.post({ type: 'rejectHunk', path: t.path, hunkIndex: t.index, reason });
      this.markInflight(hunkKey(t.path, t.index), t.path);
      this.announce(l10n.t('Rejecting hunk {0} of {1}', t.index + 1, t.path));
      this.advance();
    }
  }

  /** Closes the reason box; `refocus` puts focus back where the box was opened from. */
  closeReason(refocus: boolean): void {
    const t = this.reason;
    if (!t) return;
    this.reason = undefined;
    const el = this.renderReasonHost(t);
    if (!refocus) return;
    if (t.scope === 'hunk') el?.focus();
    else this.root.querySelector<HTMLElement>(t.scope === 'all' ? '[data-action="rejectAll"]' : '.file-head [data-action="rejectFile"]')?.focus();
  }

  acceptFile(path: string): void {
    const f = this.store.file(path);
    if (!f || f.status === 'accepted' || f.status === 'rejected' || this.store.inflight.has(path) || this.store.busy) return;
    this.post({ type: 'acceptFile', path });
    this.markInflight(path, path);
    this.announce(l10n.t('Accepting {0}', path));
  }

  acceptAll(): void {
    if (this.store.busy) return;
    this.post({ type: 'acceptAll' });
    for (const f of this.store.view?.files ?? []) this.store.inflight.add(f.path);
    this.rerenderBusy();
    this.announce(l10n.t('Accepting all changes'));
  }

  expand(path: string, index: number, direction: 'above' | 'below'): void {
    this.post({ type: 'expandContext', path, hunkIndex: index, direction, count: EXPAND_STEP });
  }

  toggleSideBySide(): void {
    const hadFocus = this.pane.el.contains(document.activeElement);
    this.store.ui.sideBySide = !this.store.ui.sideBySide;
    this.store.save();
    this.pane.show(this.store.selectedFile(), this.store.ui.selectedHunk);
    this.selectHunk(this.store.ui.selectedHunk, hadFocus);
    if (!hadFocus) this.root.querySelector<HTMLElement>('[data-action="toggleSideBySide"]')?.focus();
  }

  toggleHelp(): void {
    this.showHelp = !this.showHelp;
    this.renderHeader();
  }

  private markInflight(key: string, path: string): void {
    this.store.inflight.add(key);
    const f = this.store.file(path);
    if (f) this.refreshFiles([f]);
  }

  /** Re-renders the element that hosts a reason box and returns it. */
  private renderReasonHost(t: ReasonTarget): HTMLElement | undefined {
    if (t.scope === 'all') {
      this.renderHeader();
      return this.headerEl;
    }
    if (t.scope === 'file') {
      this.pane.refresh([]);
      return this.pane.el;
    }
    return this.refreshKey(hunkKey(t.path, t.index));
  }

  private refreshKey(key: string): HTMLElement | undefined {
    const [path, index] = key.split('\u0000') as [string, string];
    const f = this.pane.current;
    if (!f?.hunks || f.path !== path) return undefined;
    const pos = f.hunks.findIndex((x) => x.index === Number(index));
    if (pos < 0) return undefined;
    this.pane.refreshHunk(pos);
    return this.pane.hunkEl(pos);
  }
}

/** A selector that finds the focused element again after a re-render. */
function focusKey(): string | undefined {
  const a = document.activeElement as HTMLElement | null;
  if (!a || a === document.body) return undefined;
  const attrs = ['action', 'path', 'hunk', 'pos', 'direction', 'scope']
    .filter((k) => a.dataset[k] !== undefined)
    .map((k) => `[data-${k}="${CSS.escape(a.dataset[k]!)}"]`)
    .join('');
  return attrs ? `${a.tagName.toLowerCase()}${attrs}` : undefined;
}

function restoreFocus(selector: string | undefined): void {
  if (!selector || (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected)) return;
  document.querySelector<HTMLElement>(selector)?.focus({ preventScroll: true });
}
