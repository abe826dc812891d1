/**
 * Entry of the review panel webview (bundled to dist/webview/review.js).
 * Every message from the host is validated with the protocol parser; one handler per type.
 */
import '../l10n';
import * as l10n from '@vscode/l10n';
import { parseHostMessage, type HostMessage, type Indent } from '../../protocol/review';
import { App } from './app';
import { closestData } from './dom';
import { statusWord } from './format';
import { bindKeyboard } from './keyboard';
import { renderSummary } from './summaryView';
import { Store } from './store';
import { connectHost } from './vscodeApi';

type Handlers = { [K in HostMessage['type']]: (m: Extract<HostMessage, { type: K }>) => void };

function start(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('review panel: #root is missing');
  const host = connectHost();
  const store = new Store(host);
  const app = new App(root, store, host);

  const handlers: Handlers = {
    show: (m) => {
      store.show(m.view);
      app.renderAll(); // (asks for the selected file's hunks if the view does not carry them)
      root.dataset.rendered = m.view.changeSetId;
    },
    fileHunks: (m) => {
      const f = store.setHunks(m.path, m.hunks, m.indent);
      if (f) app.fileLoaded(f);
    },
    update: (m) => {
      const changed = store.update(m.files);
      app.refreshFiles(changed);
      const words = changed.map((f) => l10n.t('{0}: {1}', f.path, statusWord(f.status).toLowerCase()));
      if (words.length) app.announce(words.join('; '));
    },
    contextLines: (m) => {
      const r = store.addContext(m);
      if (!r || app.pane.current !== r.file) return;
      app.pane.refreshHunk(r.file.hunks!.indexOf(r.hunk));
    },
    error: (m) => {
      // Whatever was being applied did not complete: let the user act on it again.
      store.inflight.clear();
      app.rerenderBusy();
      app.setError(m.message);
      app.announce(m.message);
    },
    notice: (m) => app.announce(m.message),
    hunkText: (m) => app.receiveHunkText(m.path, m.hunkIndex, m.text),
    summary: (m) => {
      // The panel stays open on what happened; it never takes focus for it.
      root.replaceChildren(renderSummary(m), app.liveRegion);
      root.dataset.summary = 'true';
      app.announce(l10n.t('Review finished: {0} accepted, {1} rejected, {2} edited.', m.accepted, m.rejected, m.edited));
    },
    busy: (m) => {
      store.busy = m.busy;
      // The host sends its updates before busy:false; anything still "Applying…" was not applied.
      if (!m.busy) store.inflight.clear();
      root.classList.toggle('busy', m.busy);
      app.rerenderBusy();
    },
  };

  window.addEventListener('message', (e: MessageEvent) => {
    const t0 = performance.now();
    const r = parseHostMessage(e.data);
    const t1 = performance.now();
    if (!r.ok) {
      console.error(`[forge review] ${r.error}`);
      app.setError(l10n.t('Ignored a malformed message from Forge ({0}).', r.error.split('\n')[0]!));
      return;
    }
    (handlers[r.message.type] as (m: HostMessage) => void)(r.message);
    // Timings for tests and the curious (Developer Tools > Performance): parse, then handle.
    performance.measure(`forge:${r.message.type}:parse`, { start: t0, end: t1 });
    performance.measure(`forge:${r.message.type}:handle`, { start: t1, end: performance.now() });
  });

  root.addEventListener('click', (e) => onClick(app, e));
  root.addEventListener('input', (e) => {
    const t = e.target;
    if (t instanceof HTMLTextAreaElement && t.classList.contains('editor') && store.ui.editing) {
      store.ui.drafts[store.ui.editing] = t.value;
      store.save();
    }
  });
  // Roving focus: whichever hunk gets focus (Tab, click, screen reader) becomes the current one.
  root.addEventListener('focusin', (e) => {
    const hunk = e.target instanceof Element ? e.target.closest<HTMLElement>('.hunk') : null;
    const pos = Number(hunk?.dataset.pos ?? -1);
    if (hunk && pos >= 0 && pos !== store.ui.selectedHunk && app.pane.hunkEl(pos) === hunk) app.selectHunk(pos, false);
  });
  bindKeyboard(app);
  window.addEventListener('pagehide', () => store.flush());

  const saved = host.getState();
  if (saved) {
    store.restore(saved);
    app.renderAll();
    if (saved.view) root.dataset.rendered = saved.changeSetId;
  } else {
    app.renderAll();
  }
  // The host's `show` then carries the hunks of the file the user was looking at.
  host.post(store.ui.selectedPath ? { type: 'ready', selectedPath: store.ui.selectedPath } : { type: 'ready' });
}

/** Click delegation: every control carries data-action (+ data-path / data-hunk). */
function onClick(app: App, e: MouseEvent): void {
  const act = closestData(e.target, 'action');
  if (!act) {
    const hunk = closestData(e.target, 'pos');
    if (hunk && hunk.el.classList.contains('hunk') && !window.getSelection()?.toString()) app.selectHunk(Number(hunk.value), true);
    return;
  }
  const el = act.el;
  if (el instanceof HTMLButtonElement && el.disabled) return;
  const path = el.dataset.path ?? '';
  const index = Number(el.dataset.hunk ?? -1);
  const actions: Record<string, () => void> = {
    selectFile: () => app.selectFile(path, 0, 'row'),
    acceptAll: () => app.acceptAll(),
    rejectAll: () => app.openReason({ scope: 'all' }),
    acceptFile: () => app.acceptFile(path),
    rejectFile: () => app.openReason({ scope: 'file', path }),
    acceptHunk: () => app.acceptHunk(path, index),
    rejectHunk: () => app.openReason({ scope: 'hunk', path, index }),
    editHunk: () => app.startEdit(path, index),
    saveEdit: () => {
      const ta = el.closest('.hunk')?.querySelector('textarea');
      if (ta) app.saveEdit(path, index, ta.value);
    },
    cancelEdit: () => app.endEdit(path, index, false),
    openInEditor: () => {
      const ta = el.closest('.hunk')?.querySelector('textarea');
      if (ta) app.post({ type: 'openInEditor', path, hunkIndex: index, text: ta.value, indent: ta.dataset.indent as Indent | undefined });
    },
    resetEdit: () => app.endEdit(path, index, true),
    confirmReject: () => app.confirmReason(el.parentElement?.querySelector('input')?.value ?? ''),
    cancelReject: () => app.closeReason(true),
    expand: () => app.expand(path, index, el.dataset.direction === 'above' ? 'above' : 'below'),
    openDiff: () => app.post({ type: 'openDiff', path }),
    toggleSideBySide: () => app.toggleSideBySide(),
    moreHunks: () => app.pane.renderBatch(),
    help: () => app.toggleHelp(),
    dismissError: () => app.setError(undefined),
    done: () => app.post({ type: 'done' }),
    revert: () => app.post({ type: 'revert' }),
    openChangedFiles: () => app.post({ type: 'openChangedFiles' }),
    close: () => app.post({ type: 'close' }),
  };
  const run = actions[el.dataset.action ?? ''];
  if (run) {
    e.preventDefault();
    run();
  }
}

start();
