/** Keyboard handling: the text boxes' own keys, then the panel's shortcuts (see keys.ts) on focused content. */
import type { App } from './app';
import { indent, newline, outdent } from './editor/codeKeys';
import { commandFor, type Command } from './keys';

export function bindKeyboard(app: App): void {
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (t instanceof HTMLTextAreaElement && t.classList.contains('editor')) return editorKeys(app, e, t);
    if (t instanceof HTMLInputElement && t.classList.contains('reason-input')) return reasonKeys(app, e, t);
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable) return;
    // One-key shortcuts act only on review content the engineer focused (a hunk, a file row, a
    // button): never on a panel that merely opened, so letters typed for an editor decide nothing.
    if (!app.root.contains(t) || t === app.root) return;
    if ((e.key === 'Enter' || e.key === ' ') && t.classList.contains('file-row')) {
      e.preventDefault();
      const path = t.dataset.path!;
      const f = app.store.file(path);
      if (f?.hunkCount) app.selectFile(path, 0, 'hunk');
      return;
    }
    const cmd = commandFor(e);
    if (!cmd) return;
    const inFiles = !!t.closest('.files');
    e.preventDefault();
    e.stopPropagation();
    run(app, cmd, inFiles ? t.closest<HTMLElement>('.file-row')?.dataset.path : undefined);
  });
}

/**
 * The hunk editor: Ctrl+Enter (Cmd+Enter) accepts the edit, Escape cancels; Enter alone only starts
 * a new line (with the line's indentation). Tab / Shift+Tab indent and outdent with the file's
 * indentation unless Ctrl+M made Tab move focus. Undo and redo are the textarea's own.
 */
function editorKeys(app: App, e: KeyboardEvent, ta: HTMLTextAreaElement): void {
  const path = ta.dataset.path!;
  const index = Number(ta.dataset.hunk);
  if (e.isComposing) return;
  const mod = e.ctrlKey || e.metaKey;
  const plain = !mod && !e.altKey;
  if (e.key === 'Enter' && mod) {
    e.preventDefault();
    app.saveEdit(path, index, ta.value);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    app.endEdit(path, index, false);
  } else if (e.key === 'Enter' && plain && !e.shiftKey) {
    e.preventDefault();
    newline(ta);
  } else if (e.key === 'Tab' && plain && !app.tabFocus) {
    e.preventDefault();
    const unit = ta.dataset.indent || '    ';
    if (e.shiftKey) outdent(ta, unit);
    else indent(ta, unit);
  } else if ((e.key === 'm' || e.key === 'M') && e.ctrlKey && !e.shiftKey && !e.altKey && !e.metaKey) {
    e.preventDefault();
    app.toggleTabFocus(ta);
  }
}

function reasonKeys(app: App, e: KeyboardEvent, input: HTMLInputElement): void {
  if (e.key === 'Enter') {
    e.preventDefault();
    app.confirmReason(input.value);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    app.closeReason(true);
  }
}

/** `rowPath` is set when focus is in the file list: then a / r act on that file, arrows move between files. */
function run(app: App, cmd: Command, rowPath: string | undefined): void {
  const s = app.store;
  const f = s.selectedFile();
  const hk = f?.hunks?.[s.ui.selectedHunk];
  const table: Record<Command, () => void> = {
    nextHunk: () => (rowPath !== undefined ? app.moveFile(1, 'row') : app.moveHunk(1)),
    prevHunk: () => (rowPath !== undefined ? app.moveFile(-1, 'row') : app.moveHunk(-1)),
    firstHunk: () => (rowPath !== undefined ? firstFile(app) : app.selectHunk(0, true)),
    lastHunk: () => (rowPath !== undefined ? lastFile(app) : app.selectHunk((f?.hunkCount ?? 1) - 1, true)),
    nextFile: () => app.moveFile(1, rowPath !== undefined ? 'row' : 'hunk'),
    prevFile: () => app.moveFile(-1, rowPath !== undefined ? 'row' : 'hunk'),
    accept: () => (rowPath !== undefined ? app.acceptFile(rowPath) : f && hk && app.acceptHunk(f.path, hk.index)),
    reject: () => (rowPath !== undefined ? app.openReason({ scope: 'file', path: rowPath }) : f && hk && app.openReason({ scope: 'hunk', path: f.path, index: hk.index })),
    edit: () => f && hk && app.startEdit(f.path, hk.index),
    acceptFile: () => f && app.acceptFile(rowPath ?? f.path),
    rejectFile: () => f && app.openReason({ scope: 'file', path: rowPath ?? f.path }),
    acceptAll: () => app.acceptAll(),
    rejectAll: () => app.openReason({ scope: 'all' }),
    toggleSideBySide: () => app.toggleSideBySide(),
    openDiff: () => f && app.post({ type: 'openDiff', path: rowPath ?? f.path }),
    help: () => app.toggleHelp(),
  };
  table[cmd]();
}

function firstFile(app: App): void {
  const first = app.store.view?.files[0];
  if (first) app.selectFile(first.path, 0, 'row');
}

function lastFile(app: App): void {
  const files = app.store.view?.files ?? [];
  const last = files[files.length - 1];
  if (last) app.selectFile(last.path, 0, 'row');
}
