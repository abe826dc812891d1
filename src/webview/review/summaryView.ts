/** The panel once every hunk is decided: what was written and decided, with Revert, Open Changed Files and Close. */
import * as l10n from '@vscode/l10n';
import type { ReviewSummaryMessage } from '../../protocol/review';
import { button, h } from './dom';
import { filesText, hunksText } from './format';

export function renderSummary(m: ReviewSummaryMessage): HTMLElement {
  const decided = [
    l10n.t('{0} accepted', hunksText(m.accepted)),
    l10n.t('{0} rejected', hunksText(m.rejected)),
    l10n.t('{0} edited', hunksText(m.edited)),
  ].join(' · ');
  const files = m.written.length
    ? h('ul', { class: 'summary-files', 'aria-label': l10n.t('Files written') }, ...m.written.map((p) => h('li', {}, h('code', { class: 'summary-path' }, p))))
    : h('p', { class: 'summary-none' }, m.writtenBy ? l10n.t('{0} writes what you accepted, with your edits; Forge wrote nothing.', m.writtenBy) : l10n.t('No file was written.'));
  return h('section', { class: 'review-summary', 'aria-labelledby': 'review-summary-title', tabindex: -1 },
    h('h1', { id: 'review-summary-title', class: 'title' }, l10n.t('Review finished: {0}', m.title)),
    h('p', { class: 'summary-counts' }, decided),
    h('h2', { class: 'summary-heading' }, m.written.length ? l10n.t('{0} written', filesText(m.written.length)) : l10n.t('Files')),
    files,
    h('div', { class: 'summary-actions' },
      m.canRevert ? button({ label: l10n.t('Revert what this review wrote (asks first)'), text: l10n.t('Revert…'), action: 'revert', kind: 'secondary' }) : null,
      m.written.length ? button({ label: l10n.t('Open Changed Files'), text: l10n.t('Open Changed Files'), action: 'openChangedFiles', kind: 'secondary' }) : null,
      button({ label: l10n.t('Close'), text: l10n.t('Close'), action: 'close', kind: 'primary' }),
    ),
  );
}
