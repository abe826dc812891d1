/**
 * The selected file: its header (actions) and its hunks. Only the selected file is in the DOM, and
 * a large file's hunks are added in batches as they scroll into view, so any change set opens fast.
 * A file whose hunks are not loaded yet shows its header and a short loading line, and asks for them.
 */
import * as l10n from '@vscode/l10n';
import type { ReviewFile, ReviewHunk } from '../../protocol/review';
import { button, h } from './dom';
import { ACTION_LETTER, actionWord, statusWord } from './format';
import { renderHunk, reasonBox, type HunkRenderOptions } from './hunkView';
import { KEYS } from './keys';

/** Lines per rendering batch. */
const BATCH_LINES = 1500;

export interface DiffPaneContext {
  hunkOptions(file: ReviewFile, hunk: ReviewHunk, pos: number): HunkRenderOptions;
  fileOptions(): { sideBySide: boolean; busy: boolean; inflight: boolean; reasonOpen: boolean };
  /** Asks the host for a file's hunks (once). */
  load(path: string): void;
}

export class DiffPane {
  readonly el = h('main', { class: 'diff' });
  private head: HTMLElement = h('div');
  private list: HTMLElement = h('div');
  private more: HTMLElement = h('div');
  /** The "Loading…" line while the file's hunks are on the way (focusable, so keyboard users keep their place). */
  loadingEl: HTMLElement | undefined;
  private file: ReviewFile | undefined;
  private rendered = 0;
  private readonly observer: IntersectionObserver;

  constructor(private readonly ctx: DiffPaneContext) {
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.renderBatch();
    }, { root: this.el, rootMargin: '600px 0px' });
  }

  get current(): ReviewFile | undefined {
    return this.file;
  }

  /** Renders a file from scratch (new selection, mode change or a new view). */
  show(file: ReviewFile | undefined, upTo = 0): void {
    this.observer.disconnect();
    const wasShowing = this.file !== undefined;
    this.file = file;
    this.rendered = 0;
    this.el.replaceChildren();
    if (wasShowing) this.el.scrollTop = 0; // (a forced layout: skipped on first render)
    if (!file) {
      this.el.appendChild(h('div', { class: 'empty-state' }, l10n.t('No changes to review.')));
      return;
    }
    this.el.setAttribute('aria-label', l10n.t('Changes in {0}', file.path));
    this.el.style.setProperty('--no-w', `${String(maxLineNo(file)).length + 1}ch`);
    this.head = this.renderHead(file);
    this.list = h('div', { class: 'hunks', role: 'list', 'aria-label': l10n.t('Hunks of {0}', file.path) });
    this.more = h('div', { class: 'more' }, button({ label: l10n.t('Show more hunks'), text: l10n.t('Show more hunks'), action: 'moreHunks' }));
    this.el.append(this.head, this.list);
    this.loadingEl = undefined;
    if (!file.hunks) {
      this.loadingEl = h('div', { class: 'empty-state loading', tabindex: -1 }, file.hunkCount === 1 ? l10n.t('Loading the hunk of {0}…', file.path) : l10n.t('Loading the {0} hunks of {1}…', file.hunkCount, file.path));
      this.list.setAttribute('aria-busy', 'true');
      this.list.appendChild(this.loadingEl);
      this.ctx.load(file.path);
      return;
    }
    if (!file.hunks.length) {
      const why = file.action === 'rename' ? l10n.t('Renamed to {0} without content changes.', file.newPath ?? '?')
        : file.action === 'add' ? l10n.t('New empty file.') : l10n.t('No content changes.');
      this.list.appendChild(h('div', { class: 'empty-state' }, why));
    }
    this.renderBatch();
    this.ensureRendered(upTo);
  }

  /** Re-renders the file header and the given hunks in place (after an update). */
  refresh(positions?: number[]): void {
    if (!this.file) return;
    const head = this.renderHead(this.file);
    this.head.replaceWith(head);
    this.head = head;
    const all = positions ?? (this.file.hunks ?? []).map((_, i) => i);
    for (const pos of all) this.refreshHunk(pos);
  }

  refreshHunk(pos: number): void {
    const old = this.hunkEl(pos);
    const f = this.file;
    if (!old || !f?.hunks) return;
    const hadFocus = old.contains(document.activeElement);
    // Typing in the hunk editor when an update re-renders it: the caret stays where it was.
    const ta = document.activeElement instanceof HTMLTextAreaElement && old.contains(document.activeElement) ? document.activeElement : undefined;
    const fresh = renderHunk(f, f.hunks[pos]!, this.ctx.hunkOptions(f, f.hunks[pos]!, pos));
    old.replaceWith(fresh);
    const again = ta && fresh.querySelector<HTMLTextAreaElement>(`textarea.${ta.classList[0] ?? 'editor'}`);
    if (ta && again) {
      again.focus({ preventScroll: true });
      again.setSelectionRange(ta.selectionStart, ta.selectionEnd, ta.selectionDirection);
    } else if (hadFocus) fresh.focus({ preventScroll: true });
  }

  hunkEl(pos: number): HTMLElement | undefined {
    return pos < this.rendered ? (this.list.children[pos] as HTMLElement | undefined) : undefined;
  }

  /** Makes sure hunk `pos` is in the DOM (keyboard navigation can jump past the rendered batches). */
  ensureRendered(pos: number): void {
    while (this.file?.hunks && this.rendered <= pos && this.rendered < this.file.hunks.length) this.renderBatch();
  }

  renderBatch(): void {
    const f = this.file;
    if (!f?.hunks || this.rendered >= f.hunks.length) return;
    this.observer.unobserve(this.more);
    const frag = document.createDocumentFragment();
    let lines = 0;
    while (this.rendered < f.hunks.length && (lines < BATCH_LINES || this.rendered === 0)) {
      const hk = f.hunks[this.rendered]!;
      frag.appendChild(renderHunk(f, hk, this.ctx.hunkOptions(f, hk, this.rendered)));
      lines += hk.before.length + hk.lines.length + hk.after.length;
      this.rendered++;
    }
    this.list.appendChild(frag);
    if (this.rendered < f.hunks.length) {
      this.el.appendChild(this.more);
      this.observer.observe(this.more);
    } else {
      this.more.remove();
    }
  }

  private renderHead(f: ReviewFile): HTMLElement {
    const o = this.ctx.fileOptions();
    const decided = f.status === 'accepted' || f.status === 'rejected';
    const data = { 'data-path': f.path };
    const head = h('div', { class: 'file-head' },
      h('span', { class: `letter letter-${f.action}`, title: actionWord(f.action) }, ACTION_LETTER[f.action]),
      h('span', { class: 'file-path', title: f.path }, f.newPath ? `${f.path} → ${f.newPath}` : f.path),
      h('span', { class: 'counts' }, h('span', { class: 'count-add' }, `+${f.added}`), ' ', h('span', { class: 'count-del' }, `−${f.removed}`)),
      h('span', { class: `file-status status-${f.status}` }, statusWord(f.status)),
      h('span', { class: 'spacer' }),
      button({ label: l10n.t('Side by side'), icon: 'split-horizontal', shortcut: KEYS.sideBySide, action: 'toggleSideBySide' }, { 'aria-pressed': String(o.sideBySide) }),
      button({ label: l10n.t('Open in diff editor'), icon: 'diff', shortcut: KEYS.openDiff, action: 'openDiff' }, data),
      decided
        ? null
        : button({ label: l10n.t('Reject file'), icon: 'close', text: l10n.t('Reject File'), shortcut: KEYS.rejectFile, action: 'rejectFile', disabled: o.busy || o.inflight }, data),
      decided
        ? null
        : button({ label: l10n.t('Accept file'), icon: 'check', text: l10n.t('Accept File'), shortcut: KEYS.acceptFile, action: 'acceptFile', disabled: o.busy || o.inflight }, data),
    );
    const wrap = h('div', { class: 'file-head-wrap' }, head);
    if (f.status === 'conflict') {
      wrap.appendChild(h('div', { class: 'banner banner-warning', role: 'status' },
        h('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }),
        h('span', { class: 'banner-text' }, f.conflictReason ?? l10n.t('This file changed since the proposal.')),
      ));
    }
    if (o.reasonOpen) wrap.appendChild(reasonBox(l10n.t('Reason for rejecting {0}', f.path), { ...data, 'data-scope': 'file' }));
    return wrap;
  }
}

function maxLineNo(f: ReviewFile): number {
  let m = 1;
  const last = f.hunks?.[f.hunks.length - 1];
  if (!last) return m;
  for (const l of [...last.lines, ...last.after]) m = Math.max(m, l.oldNo ?? 0, l.newNo ?? 0);
  return Math.max(m, 99);
}
