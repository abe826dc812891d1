/** One hunk: its header (range, badges, actions) and its lines, unified or side by side. */
import * as l10n from '@vscode/l10n';
import { type DiffLine, type ReviewFile, type ReviewHunk } from '../../protocol/review';
import { button, h, icon } from './dom';
import { decisionText, fuzzyText, hunkAriaLabel, placementOf, rangeText } from './format';
import { renderHunkEditor } from './editor/hunkEditor';
import { KEYS } from './keys';
import { DiffHighlighter, type Span } from './syntax';
import { languageFor } from './syntaxLanguages';

export interface HunkRenderOptions {
  pos: number;
  sideBySide: boolean;
  selected: boolean;
  inflight: boolean;
  /** The editor's text when this hunk is being edited. */
  draft?: string;
  /** In the editor, Tab moves focus (Ctrl+M) instead of indenting. */
  tabMovesFocus?: boolean;
  reasonOpen: boolean;
  busy: boolean;
}

/** How many lines one click on "expand" asks for. */
export const EXPAND_STEP = 20;

export function renderHunk(f: ReviewFile, hk: ReviewHunk, o: HunkRenderOptions): HTMLElement {
  const decided = hk.decision !== 'pending';
  const data = { 'data-path': f.path, 'data-hunk': hk.index };
  const el = h('div', {
    class: `hunk hunk-${hk.decision}${o.selected ? ' selected' : ''}${o.inflight ? ' inflight' : ''}`,
    role: 'listitem',
    tabindex: o.selected ? 0 : -1,
    'aria-label': hunkAriaLabel(f, hk, o.pos, o.inflight),
    'aria-current': o.selected ? 'true' : undefined,
    'data-pos': o.pos,
    ...data,
  });

  const head = h('div', { class: 'hunk-head' }, h('span', { class: 'hunk-range' }, rangeText(hk)));
  const placed = placementOf(hk);
  if (placed.review) {
    head.appendChild(h('span', { class: 'tag tag-placement tag-fuzzy', 'data-kind': placed.kind, title: l10n.t('Placed {0}: {1}. Check that it landed in the right place.', placed.label, placed.detail) }, icon('warning'), fuzzyText(hk)));
  } else {
    head.appendChild(h('span', { class: 'tag tag-placement tag-exact', 'data-kind': placed.kind, title: l10n.t('Placed {0}: {1}', placed.label, placed.detail) }, placed.label));
  }
  if (hk.syntaxWarning) head.appendChild(h('span', { class: 'tag tag-syntax', title: hk.syntaxWarning }, icon('error'), l10n.t('syntax: {0}', hk.syntaxWarning)));
  head.appendChild(h('span', { class: `hunk-state state-${o.inflight && !decided ? 'inflight' : hk.decision}` }, decisionText(hk, o.inflight)));
  if (hk.rejectReason) head.appendChild(h('span', { class: 'hunk-reason', title: hk.rejectReason }, `“${hk.rejectReason}”`));
  head.appendChild(h('span', { class: 'spacer' }));
  if (!decided && !o.inflight && o.draft === undefined) {
    const dis = o.busy;
    head.appendChild(
      h('div', { class: 'actions', role: 'toolbar', 'aria-label': l10n.t('Hunk {0} actions', o.pos + 1) },
        button({ label: l10n.t('Edit before accepting'), icon: 'edit', shortcut: KEYS.edit, action: 'editHunk', disabled: dis }, data),
        button({ label: l10n.t('Reject hunk'), icon: 'close', text: l10n.t('Reject'), shortcut: KEYS.reject, action: 'rejectHunk', disabled: dis }, data),
        button({ label: l10n.t('Accept hunk'), icon: 'check', text: l10n.t('Accept'), shortcut: KEYS.accept, kind: 'primary', action: 'acceptHunk', disabled: dis }, data),
      ),
    );
  }
  el.appendChild(head);

  if (hk.moreAbove !== false && hk.hiddenAbove !== 0 && hk.oldStart > 1 + hk.before.length) {
    el.appendChild(expandBar('above', data, hk.hiddenAbove));
  }
  const moreBelow = hk.moreBelow !== false && hk.hiddenBelow !== 0 ? expandBar('below', data, hk.hiddenBelow) : undefined;
  if (o.draft !== undefined) {
    // The editor's buttons come last, under the context it shows (and its "more lines below").
    el.appendChild(renderHunkEditor(f, hk, { pos: o.pos, draft: o.draft, tabMovesFocus: !!o.tabMovesFocus, moreBelow }));
  } else {
    const body = shownBody(hk);
    const lines = [...hk.before, ...body, ...hk.after];
    const to = hk.before.length + body.length;
    el.appendChild(o.sideBySide ? splitRows(lines, hk.before.length, to, f.path) : unifiedRows(lines, hk.before.length, to, f.path));
    if (moreBelow) el.appendChild(moreBelow);
  }
  if (o.reasonOpen) el.appendChild(reasonBox(l10n.t('Reason for rejecting hunk {0} of {1}', o.pos + 1, f.path), data));
  return el;
}

/** The body as it will be applied: an edited hunk shows its removed lines then the edited lines. */
function shownBody(hk: ReviewHunk): DiffLine[] {
  if (!hk.editedNewLines) return hk.lines;
  const removed = hk.lines.filter((l) => l.op === '-' || l.op === ' ').map((l) => ({ ...l, op: '-' as const, newNo: undefined }));
  let n = hk.newStart;
  return [...removed, ...hk.editedNewLines.map((text) => ({ op: '+' as const, text, newNo: n++ }))];
}

/** "Show N more lines above/below": N is what one click reveals (the step, or fewer when that is all there is). */
function expandBar(direction: 'above' | 'below', data: Record<string, string | number>, hidden: number | undefined): HTMLElement {
  const n = Math.min(EXPAND_STEP, hidden ?? EXPAND_STEP);
  const text = direction === 'above'
    ? n === 1 ? l10n.t('1 more line above') : l10n.t('{0} more lines above', n)
    : n === 1 ? l10n.t('1 more line below') : l10n.t('{0} more lines below', n);
  return h('div', { class: `expand expand-${direction}` },
    button({ label: l10n.t('Show {0}', text), icon: direction === 'above' ? 'fold-up' : 'fold-down', text, kind: 'icon', action: 'expand' }, { ...data, 'data-direction': direction }),
  );
}

const OP_CLASS = { ' ': 'ctx', '-': 'del', '+': 'add' } as const;

/** Syntax spans of each line (in order, both sides' states carried), or undefined for plain text. */
function highlight(lines: DiffLine[], path: string): (Span[] | undefined)[] | undefined {
  const lang = languageFor(path);
  if (!lang) return undefined;
  const hl = new DiffHighlighter(lang);
  return lines.map((l) => hl.next(l.op, l.text));
}

/** Unified rows. Lines outside [bodyFrom, bodyTo) are surrounding context; `path` picks the colouring. */
export function unifiedRows(lines: DiffLine[], bodyFrom: number, bodyTo: number, path: string): HTMLElement {
  const rows = h('div', { class: 'rows' });
  const frag = document.createDocumentFragment();
  const spans = highlight(lines, path);
  lines.forEach((l, i) => {
    const row = document.createElement('div');
    row.className = `ln ${OP_CLASS[l.op]}${i < bodyFrom || i >= bodyTo ? ' outer' : ''}`;
    row.append(cell('no', l.oldNo), cell('no', l.newNo), cell('sign', l.op === ' ' ? '' : l.op), codeSpans('tx', l.text, spans?.[i]));
    frag.appendChild(row);
  });
  rows.appendChild(frag);
  return h('div', { class: 'lines unified', role: 'presentation' }, rows);
}

/** Side-by-side rows: runs of removed lines paired with the added lines that follow them. */
export function splitRows(lines: DiffLine[], bodyFrom: number, bodyTo: number, path: string): HTMLElement {
  const rows = h('div', { class: 'rows' });
  const frag = document.createDocumentFragment();
  const spans = highlight(lines, path);
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.op === ' ') {
      frag.appendChild(splitRow([l, spans?.[i]], [l, spans?.[i]], i < bodyFrom || i >= bodyTo));
      i++;
      continue;
    }
    const del: Side[] = [];
    const add: Side[] = [];
    while (i < lines.length && lines[i]!.op === '-') del.push([lines[i]!, spans?.[i++]]);
    while (i < lines.length && lines[i]!.op === '+') add.push([lines[i]!, spans?.[i++]]);
    for (let k = 0; k < Math.max(del.length, add.length); k++) frag.appendChild(splitRow(del[k], add[k], false));
  }
  rows.appendChild(frag);
  return h('div', { class: 'lines split', role: 'presentation' }, rows);
}

type Side = [DiffLine, Span[] | undefined];

function splitRow(left: Side | undefined, right: Side | undefined, outer: boolean): HTMLElement {
  const row = document.createElement('div');
  row.className = `sbs${outer ? ' outer' : ''}`;
  const side = (s: Side | undefined, no: number | undefined) =>
    s ? [cell(`no ${OP_CLASS[s[0].op]}`, no), codeSpans(`tx ${OP_CLASS[s[0].op]}`, s[0].text, s[1])] : [cell('no empty', undefined), cell('tx empty', '')];
  row.append(...side(left, left?.[0].oldNo), ...side(right, right?.[0].newNo));
  return row;
}

/** A line of code: plain stretches as text nodes, coloured ones as spans (textContent, never markup). */
export function codeSpans(cls: string, text: string, spans: Span[] | undefined): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  if (!spans?.length) {
    s.textContent = text;
    return s;
  }
  let at = 0;
  for (const t of spans) {
    if (t.from > at) s.appendChild(document.createTextNode(text.slice(at, t.from)));
    const span = document.createElement('span');
    span.className = `tok-${t.tok}`;
    span.textContent = text.slice(t.from, t.to);
    s.appendChild(span);
    at = t.to;
  }
  if (at < text.length) s.appendChild(document.createTextNode(text.slice(at)));
  return s;
}

function cell(cls: string, text: string | number | undefined): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  if (text !== undefined) s.textContent = String(text);
  return s;
}

/** The small "why?" box shown by Reject: Enter confirms, Escape cancels. */
export function reasonBox(label: string, data: Record<string, string | number>): HTMLElement {
  return h('div', { class: 'reason-box', role: 'group', 'aria-label': label },
    icon('comment'),
    h('input', { type: 'text', class: 'reason-input', placeholder: l10n.t('Why? (optional, sent to the agent) — Enter to reject, Escape to cancel'), 'aria-label': label, maxlength: 2000, ...data }),
    button({ label: l10n.t('Confirm reject'), text: l10n.t('Reject'), shortcut: KEYS.enter, kind: 'primary', action: 'confirmReject' }, data),
    button({ label: l10n.t('Cancel'), text: l10n.t('Cancel'), shortcut: KEYS.escape, action: 'cancelReject' }, data),
  );
}
