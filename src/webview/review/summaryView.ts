/** The panel once every hunk is decided: what was written and decided, with Revert, Open Changed Files and Close. */
import type { ReviewSummaryMessage } from '../../protocol/review';
import { button, h } from './dom';
import { plural } from './format';

export function renderSummary(m: ReviewSummaryMessage): HTMLElement {
  const decided = [
    `${plural(m.accepted, 'hunk')} accepted`,
    `${plural(m.rejected, 'hunk')} rejected`,
    `${plural(m.edited, 'hunk')} edited`,
  ].join(' · ');
  const files = m.written.length
    ? h('ul', { class: 'summary-files', 'aria-label': 'Files written' }, ...m.written.map((p) => h('li', {}, h('code', { class: 'summary-path' }, p))))
    : h('p', { class: 'summary-none' }, m.writtenBy ? `${m.writtenBy} writes what you accepted, with your edits; Forge wrote nothing.` : 'No file was written.');
  return h('section', { class: 'review-summary', 'aria-labelledby': 'review-summary-title', tabindex: -1 },
    h('h1', { id: 'review-summary-title', class: 'title' }, `Review finished: ${m.title}`),
    h('p', { class: 'summary-counts' }, decided),
    h('h2', { class: 'summary-heading' }, m.written.length ? `${plural(m.written.length, 'file')} written` : 'Files'),
    files,
    h('div', { class: 'summary-actions' },
      m.canRevert ? button({ label: 'Revert what this review wrote (asks first)', text: 'Revert…', action: 'revert', kind: 'secondary' }) : null,
      m.written.length ? button({ label: 'Open Changed Files', text: 'Open Changed Files', action: 'openChangedFiles', kind: 'secondary' }) : null,
      button({ label: 'Close', text: 'Close', action: 'close', kind: 'primary' }),
    ),
  );
}
