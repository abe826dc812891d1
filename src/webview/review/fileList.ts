/** The changed-files list, in the manner of the SCM view: status, name, folder, +/- counts, A/M/D/R. */
import * as l10n from '@vscode/l10n';
import type { ReviewFile } from '../../protocol/review';
import { button, h, icon } from './dom';
import { ACTION_LETTER, STATUS_ICON, actionWord, fileAriaLabel, splitPath, statusWord } from './format';
import { KEYS } from './keys';

export interface FileListOptions {
  selectedPath?: string;
  busy: boolean;
  isInflight(path: string): boolean;
}

/** Rows per group: off-screen groups skip style, layout and paint (content-visibility in review.css). */
const GROUP = 25;

export function renderFileList(files: ReviewFile[], o: FileListOptions): HTMLElement {
  const list = h('div', { class: 'file-list', role: 'list', 'aria-label': l10n.t('Changed files') });
  const frag = document.createDocumentFragment();
  for (let i = 0; i < files.length; i += GROUP) {
    const group = files.length > GROUP ? h('div', { class: 'file-group', role: 'none' }) : frag;
    for (const f of files.slice(i, i + GROUP)) group.appendChild(renderFileRow(f, f.path === o.selectedPath, o));
    if (group !== frag) frag.appendChild(group);
  }
  list.appendChild(frag);
  return h('nav', { class: 'files', 'aria-label': l10n.t('Files') },
    h('div', { class: 'pane-title' }, h('span', {}, l10n.t('Changes')), h('span', { class: 'badge' }, files.length)),
    list,
  );
}

export function renderFileRow(f: ReviewFile, selected: boolean, o: FileListOptions): HTMLElement {
  const shown = f.newPath ?? f.path;
  const [name, dir] = splitPath(shown);
  const decided = f.status === 'accepted' || f.status === 'rejected';
  const data = { 'data-path': f.path };
  const row = h('div', {
    class: `file-row status-${f.status}${selected ? ' selected' : ''}`,
    role: 'listitem',
    tabindex: selected ? 0 : -1,
    'aria-label': fileAriaLabel(f),
    'aria-current': selected ? 'true' : undefined,
    title: f.newPath ? `${f.path} → ${f.newPath}` : f.path,
    'data-action': 'selectFile',
    ...data,
  },
    h('span', { class: `status-icon status-${f.status}`, title: f.conflictReason ?? statusWord(f.status) }, icon(STATUS_ICON[f.status])),
    h('span', { class: 'name' }, name),
    h('span', { class: 'dir' }, f.newPath ? `${dir} ← ${f.path}` : dir),
    h('span', { class: 'row-actions' },
      decided || o.isInflight(f.path)
        ? null
        : [
            button({ label: l10n.t('Reject {0}', f.path), icon: 'close', shortcut: KEYS.rejectFile, action: 'rejectFile', disabled: o.busy }, { ...data, tabindex: -1 }),
            button({ label: l10n.t('Accept {0}', f.path), icon: 'check', shortcut: KEYS.acceptFile, action: 'acceptFile', disabled: o.busy }, { ...data, tabindex: -1 }),
          ].reduce((s, b) => (s.appendChild(b), s), document.createDocumentFragment()),
    ),
    h('span', { class: 'counts' },
      f.added ? h('span', { class: 'count-add' }, `+${f.added}`) : null,
      f.removed ? h('span', { class: 'count-del' }, `−${f.removed}`) : null,
    ),
    h('span', { class: `letter letter-${f.action}`, title: actionWord(f.action) }, ACTION_LETTER[f.action]),
  );
  return row;
}
