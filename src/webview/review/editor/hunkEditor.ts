/**
 * The hunk editor: "Edit" on a hunk shows its unchanged lines read-only (dimmed, numbered) above
 * and below, the lines it removes, and an editable area that holds only the hunk's new lines. The
 * editable area is a textarea with transparent text over a syntax-coloured <pre> kept in step on
 * every input (codeLayer.ts) (same font, size, padding and tab size, so the caret sits on the coloured text), with
 * a gutter of the new line numbers. Keys are in codeKeys.ts (Tab, Shift+Tab, Enter) and
 * keyboard.ts (Ctrl+Enter accepts, Escape cancels).
 *
 * What is posted: the hunk's new side with the unchanged lines it starts and ends with kept as
 * they are, and the user's lines in between (editHunk's `newLines`, as before).
 */
import * as l10n from '@vscode/l10n';
import { hunkNewLines, type DiffLine, type Indent, type ReviewFile, type ReviewHunk } from '../../../protocol/review';
import { button, h } from '../dom';
import { unifiedRows } from '../hunkView';
import type { Language, State } from '../syntax';
import { CodeLayer } from './codeLayer';
import { KEYS } from '../keys';
import { languageFor } from '../syntaxLanguages';

/** A hunk's body cut in three: unchanged lines it starts with, the changed stretch, unchanged lines it ends with. */
export interface EditFrame {
  lead: DiffLine[];
  middle: DiffLine[];
  trail: DiffLine[];
}

export function editFrame(hk: ReviewHunk): EditFrame {
  const first = hk.lines.findIndex((l) => l.op !== ' ');
  if (first < 0) return { lead: [], middle: hk.lines, trail: [] };
  let last = hk.lines.length - 1;
  while (hk.lines[last]!.op === ' ') last--;
  return { lead: hk.lines.slice(0, first), middle: hk.lines.slice(first, last + 1), trail: hk.lines.slice(last + 1) };
}

/** Text <-> lines: an empty editor holds no lines (a hunk that only removes). */
export function draftLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n');
}

/** The text the editor starts with: the proposal's new lines of the changed stretch (or a previous edit of them). */
export function initialDraft(hk: ReviewHunk): string {
  const { lead, middle, trail } = editFrame(hk);
  const edited = hk.editedNewLines;
  const framed = edited && edited.length >= lead.length + trail.length
    && lead.every((l, i) => edited[i] === l.text) && trail.every((l, i) => edited[edited.length - trail.length + i] === l.text);
  return (framed ? edited.slice(lead.length, edited.length - trail.length) : hunkNewLines({ lines: middle })).join('\n');
}

/** editHunk's newLines for the editor's text: the unchanged lead and trail around the user's lines. */
export function editedNewLines(hk: ReviewHunk, text: string): string[] {
  const { lead, trail } = editFrame(hk);
  return [...lead.map((l) => l.text), ...draftLines(text), ...trail.map((l) => l.text)];
}

/** One level of indentation: the file's (from the host), else what the hunk's own lines show, else 4 spaces. */
export function indentUnit(f: ReviewFile, hk: ReviewHunk): Indent {
  if (f.indent) return f.indent;
  const leads = [...hk.before, ...hk.lines, ...hk.after].map((l) => /^[ \t]*/.exec(l.text)![0]).filter((s) => s !== '');
  if (leads.length > 0 && leads.every((s) => s.startsWith('\t'))) return '\t';
  const widths = leads.filter((s) => !s.includes('\t')).map((s) => s.length);
  const unit = widths.reduce(gcd, 0);
  return unit === 2 || unit === 8 ? (' '.repeat(unit) as Indent) : '    ';
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** "Spaces: 2" / "Tab Size: 4", as VS Code's status bar says it. */
export function indentLabel(unit: string): string {
  return unit === '\t' ? l10n.t('Tabs') : l10n.t('Spaces: {0}', unit.length);
}

export interface EditorOptions {
  pos: number;
  draft: string;
  /** Tab moves focus instead of indenting (Ctrl+M toggles, as in VS Code). */
  tabMovesFocus: boolean;
  /** The hunk's "more lines below" bar, placed under the lines below and above the buttons. */
  moreBelow?: HTMLElement;
}

export function renderHunkEditor(f: ReviewFile, hk: ReviewHunk, o: EditorOptions): HTMLElement {
  const data = { 'data-path': f.path, 'data-hunk': hk.index };
  const { lead, middle, trail } = editFrame(hk);
  const unit = indentUnit(f, hk);
  const above = [...hk.before, ...lead];
  const removed = middle.filter((l) => l.op === '-');
  const firstNo = (middle.find((l) => l.op !== '-')?.newNo ?? trail[0]?.newNo ?? (above.at(-1)?.newNo ?? hk.newStart - 1) + 1);
  const proposed = middle.filter((l) => l.op !== '-').length;
  const lastNo = firstNo + Math.max(proposed, 1) - 1;
  const where = proposed
    ? l10n.t('Edit the new lines {0} to {1} of hunk {2} of {3}.', firstNo, lastNo, o.pos + 1, f.path)
    : l10n.t('Edit the new lines at line {0} of hunk {1} of {2}.', firstNo, o.pos + 1, f.path);
  const keys = o.tabMovesFocus
    ? l10n.t('Tab moves focus, Ctrl+M toggles; Ctrl+Enter accepts, Escape cancels.')
    : l10n.t('Tab indents ({0}), Shift+Tab outdents, Ctrl+M toggles; Ctrl+Enter accepts, Escape cancels.', indentLabel(unit).toLowerCase());
  const label = `${where} ${keys}`;

  const ta = h('textarea', {
    class: 'editor',
    spellcheck: 'false',
    autocomplete: 'off',
    autocapitalize: 'off',
    wrap: 'off',
    'aria-label': label,
    'data-indent': unit,
    'data-tab-focus': o.tabMovesFocus ? 'true' : undefined,
    ...data,
  });
  ta.value = o.draft;
  const pre = h('pre', { class: 'code-hl', 'aria-hidden': 'true' });
  const gutter = h('div', { class: 'code-gutter', 'aria-hidden': 'true' });
  const below = h('div', { class: 'edit-context edit-below' });
  const stack = h('div', { class: 'code-stack' }, pre, ta);
  const tabSize = unit === '\t' ? 4 : unit.length;
  const edit = h('div', { class: 'code-edit' }, gutter, h('div', { class: 'code-scroll' }, stack));
  edit.style.setProperty('--tab', String(tabSize)); // (CSSOM: the CSP refuses style attributes)

  const lang = languageFor(f.path);
  const layer = new CodeLayer(pre, lang, lang ? stateAfter(lang, above) : null);
  let shift: number | undefined;
  const sync = () => {
    const lines = draftLines(ta.value);
    layer.update(lines);
    paintGutter(gutter, firstNo, Math.max(lines.length, 1));
    if (shift !== lines.length - proposed) {
      shift = lines.length - proposed;
      const by = shift;
      below.replaceChildren(contextRows([...trail, ...hk.after].map((l) => ({ ...l, newNo: l.newNo === undefined ? undefined : l.newNo + by })), f.path));
    }
    // The textarea is as large as the text: it never scrolls itself (the wrapper does).
    if (ta.scrollTop || ta.scrollLeft) {
      ta.scrollTop = 0;
      ta.scrollLeft = 0;
    }
  };
  ta.addEventListener('input', sync);
  ta.addEventListener('scroll', () => {
    ta.scrollTop = 0;
    ta.scrollLeft = 0;
  });
  sync();

  return h('div', { class: 'edit', role: 'group', 'aria-label': l10n.t('Editing hunk {0} of {1}', o.pos + 1, f.path) },
    above.length ? h('div', { class: 'edit-context edit-above' }, contextRows(above, f.path)) : null,
    removed.length ? h('div', { class: 'edit-removed' }, unifiedRows(removed, 0, removed.length, f.path)) : null,
    edit,
    below,
    o.moreBelow,
    h('div', { class: 'edit-actions' },
      button({ label: l10n.t('Accept edited hunk'), icon: 'check', text: l10n.t('Accept Edited'), shortcut: KEYS.ctrlEnter, kind: 'primary', action: 'saveEdit' }, data),
      button({ label: l10n.t('Cancel editing'), text: l10n.t('Cancel'), shortcut: KEYS.escape, action: 'cancelEdit' }, data),
      button({ label: l10n.t('Reset to the proposed text'), icon: 'discard', text: l10n.t('Reset'), action: 'resetEdit' }, data),
      button({ label: l10n.t('Open in a VS Code editor ("Use This Text" there brings it back)'), icon: 'go-to-file', text: l10n.t('Open in Editor'), action: 'openInEditor' }, data),
      h('span', { class: 'spacer' }),
      h('span', { class: 'edit-hint', title: l10n.t('Indentation detected from the file') }, indentLabel(unit)),
    ),
  );
}

/** Read-only unchanged lines, dimmed, numbered on both sides. */
function contextRows(lines: DiffLine[], path: string): HTMLElement {
  return unifiedRows(lines, lines.length, lines.length, path);
}

/** The tokenizer state the unchanged lines above leave on the new side (the removed lines do not count there). */
function stateAfter(lang: Language, above: DiffLine[]): State | null {
  let state: State | null = null;
  for (const l of above) state = lang(l.text, state).state;
  return state;
}

function paintGutter(gutter: HTMLElement, first: number, count: number): void {
  if (gutter.childElementCount === count && gutter.dataset.first === String(first)) return;
  gutter.dataset.first = String(first);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < count; i++) frag.appendChild(h('div', {}, String(first + i)));
  gutter.replaceChildren(frag);
}
