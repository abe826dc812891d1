/** The panel header: title, totals, Accept All / Reject All / Done. */
import * as l10n from '@vscode/l10n';
import type { ReviewView } from '../../protocol/review';
import { button, h } from './dom';
import { filesText, hunksText, thousands } from './format';
import { reasonBox } from './hunkView';
import { helpRows, KEYS } from './keys';

export interface HeaderOptions {
  busy: boolean;
  rejectAllOpen: boolean;
  showHelp: boolean;
  error?: string;
}

export function totals(view: ReviewView): { added: number; removed: number; hunks: number; pending: number } {
  let added = 0;
  let removed = 0;
  let hunks = 0;
  let pending = 0;
  for (const f of view.files) {
    added += f.added;
    removed += f.removed;
    hunks += f.hunkCount;
    pending += f.pendingHunks;
  }
  return { added, removed, hunks, pending };
}

export function renderHeader(view: ReviewView, o: HeaderOptions): HTMLElement {
  const t = totals(view);
  const anyPending = t.pending > 0;
  const summary = h('span', { class: 'summary' },
    filesText(view.files.length),
    h('span', { class: 'count-add' }, ` +${thousands(t.added)}`),
    h('span', { class: 'count-del' }, ` −${thousands(t.removed)}`),
    ` · ${anyPending ? l10n.t('{0} of {1} to review', thousands(t.pending), hunksText(t.hunks)) : l10n.t('all hunks decided')}`,
  );
  const el = h('header', { class: 'header' },
    h('div', { class: 'header-row' },
      h('h1', { class: 'title', title: view.title }, view.title || l10n.t('Review changes')),
      summary,
      h('span', { class: 'spacer' }),
      button({ label: l10n.t('Keyboard shortcuts'), icon: 'keyboard', shortcut: KEYS.help, action: 'help' }, { 'aria-expanded': String(o.showHelp) }),
      button({ label: l10n.t('Reject All'), icon: 'close-all', text: l10n.t('Reject All'), shortcut: KEYS.rejectAll, action: 'rejectAll', disabled: o.busy || !anyPending }),
      button({ label: l10n.t('Accept All'), icon: 'check-all', text: l10n.t('Accept All'), shortcut: KEYS.acceptAll, kind: 'primary', action: 'acceptAll', disabled: o.busy || !anyPending }),
      button({
        label: view.alreadyApplied ? l10n.t('Done: keep the undecided hunks as they are and close the review') : l10n.t('Done: close the review'),
        text: l10n.t('Done'), action: 'done', kind: anyPending ? 'secondary' : 'primary', disabled: o.busy,
      }),
    ),
  );
  if (view.alreadyApplied) {
    el.appendChild(h('div', { class: 'banner banner-info', role: 'note' },
      h('span', { class: 'codicon codicon-info', 'aria-hidden': 'true' }),
      h('span', { class: 'banner-text' }, l10n.t('These changes are already in your files: the agent worked on them and ran its checks against them. Accept keeps a hunk; Reject puts back the exact text it replaced.')),
    ));
  }
  if (o.busy) el.appendChild(h('div', { class: 'progress', role: 'progressbar', 'aria-label': l10n.t('Applying changes') }));
  if (o.rejectAllOpen) el.appendChild(reasonBox(l10n.t('Reason for rejecting all changes'), { 'data-scope': 'all' }));
  const error = o.error ?? view.error;
  if (error) {
    el.appendChild(h('div', { class: 'banner banner-error', role: 'alert' },
      h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }),
      h('span', { class: 'banner-text' }, error),
      o.error ? button({ label: l10n.t('Dismiss'), icon: 'close', action: 'dismissError' }) : null,
    ));
  }
  if (o.showHelp) {
    const list = h('dl', { class: 'help-list' });
    for (const [k, what] of helpRows()) list.append(h('dt', {}, h('kbd', {}, k)), h('dd', {}, what));
    el.appendChild(h('section', { class: 'help', 'aria-label': l10n.t('Keyboard shortcuts') }, list));
  }
  return el;
}
