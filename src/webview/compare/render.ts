/**
 * The comparison page's DOM: one column per candidate (endpoint and model, its figures, each
 * file's diff with a "take" checkbox per hunk), a footer with the optional reason and the
 * "Review Selected Hunks" button. File text is always set as text, never as HTML.
 */
import * as l10n from '@vscode/l10n';
import type { CompareCandidate, CompareFile, CompareView } from '../../protocol/compare';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function icon(name: string): HTMLElement {
  // "sync~spin" as in VS Code's own icon syntax: the icon, spinning.
  const [n, mod] = name.split('~');
  const i = el('span', `codicon codicon-${n}${mod ? ` codicon-modifier-${mod}` : ''}`);
  i.setAttribute('aria-hidden', 'true');
  return i;
}

export function button(label: string, action: string, cls: string, codicon?: string): HTMLButtonElement {
  const b = el('button', `btn ${cls}`);
  b.type = 'button';
  b.dataset.action = action;
  if (codicon) b.append(icon(codicon));
  b.append(el('span', undefined, label));
  return b;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatCost(usd: number | null): string {
  if (usd === null) return '—';
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

const STATE: Record<CompareCandidate['state'], [string, string]> = {
  running: [l10n.t('Running…'), 'sync~spin'],
  ended: [l10n.t('Ended'), 'pass'],
  failed: [l10n.t('Failed'), 'error'],
  stopped: [l10n.t('Stopped'), 'debug-stop'],
};

function fact(dl: HTMLElement, term: string, value: string | HTMLElement, cls?: string): void {
  const row = el('div', `fact${cls ? ` ${cls}` : ''}`);
  row.append(el('dt', undefined, term));
  const dd = el('dd');
  if (typeof value === 'string') dd.textContent = value;
  else dd.append(value);
  row.append(dd);
  dl.append(row);
}

function checkValue(c: CompareCandidate): HTMLElement {
  const span = el('span', 'check');
  if (!c.check) {
    span.textContent = l10n.t('not run');
    span.classList.add('muted');
    return span;
  }
  span.classList.add(c.check.passed ? 'passed' : 'failed');
  span.append(icon(c.check.passed ? 'pass' : 'error'), el('span', undefined, c.check.passed ? l10n.t('passed') : l10n.t('failed')));
  span.title = `${c.check.command}\n${c.check.outputTail}`;
  return span;
}

function fileBlock(c: CompareCandidate, f: CompareFile, picks: ReadonlySet<string>): HTMLElement {
  const details = el('details', 'file');
  details.open = true;
  const summary = el('summary', 'file-head');
  const chevron = icon('chevron-down');
  chevron.classList.add('chevron');
  summary.append(chevron, el('span', 'file-path', f.path), el('span', 'file-counts', `+${f.added} −${f.removed}`));
  if (f.action !== 'update') summary.append(el('span', 'file-action', f.action === 'add' ? 'new' : f.action === 'delete' ? 'deleted' : f.action));
  details.append(summary);
  for (const h of f.hunks) {
    const box = el('div', 'hunk');
    box.dataset.path = f.path;
    box.dataset.hunk = String(h.index);
    const head = el('label', 'hunk-head');
    const cb = el('input');
    cb.type = 'checkbox';
    cb.className = 'take';
    cb.dataset.candidate = c.id;
    cb.dataset.path = f.path;
    cb.dataset.hunk = String(h.index);
    cb.checked = picks.has(pickKey(c.id, f.path, h.index));
    cb.disabled = !c.pickable;
    cb.setAttribute('aria-label', l10n.t('Take hunk {0} of {1} from candidate {2}', h.index + 1, f.path, c.letter));
    head.append(cb, el('span', undefined, l10n.t('Take hunk {0} · line {1}', h.index + 1, h.line)));
    box.append(head);
    const pre = el('pre', 'diff');
    for (const l of h.lines) {
      const line = el('div', l.op === '+' ? 'add' : 'del');
      line.append(el('span', 'op', l.op), el('span', 'text', l.text || ' '));
      pre.append(line);
    }
    box.append(pre);
    details.append(box);
  }
  return details;
}

export const pickKey = (candidateId: string, path: string, hunkIndex: number) => `${candidateId}\u0000${path}\u0000${hunkIndex}`;

function column(c: CompareCandidate, picks: ReadonlySet<string>, decided: boolean): HTMLElement {
  const col = el('section', `candidate state-${c.state}`);
  col.dataset.candidate = c.id;
  const headId = `cand-${c.letter}`;
  col.setAttribute('aria-labelledby', headId);
  const head = el('header', 'cand-head');
  const title = el('h2', 'cand-title');
  title.id = headId;
  title.append(el('span', 'letter', c.letter), el('span', 'endpoint', c.endpoint));
  head.append(title, el('div', 'model', c.model));
  const [stateText, stateIcon] = STATE[c.state];
  const state = el('div', 'cand-state');
  state.append(icon(stateIcon), el('span', undefined, c.note ? `${stateText} (${c.note})` : stateText));
  head.append(state);
  const dl = el('dl', 'facts');
  const running = c.state === 'running';
  fact(dl, l10n.t('Files'), running ? '—' : String(c.files.length));
  const lines = el('span', 'lines');
  if (running) lines.textContent = '—';
  else lines.append(el('span', 'added', `+${c.linesAdded}`), el('span', 'removed', ` −${c.linesRemoved}`));
  fact(dl, l10n.t('Lines'), lines);
  fact(dl, l10n.t('Check'), checkValue(c));
  fact(dl, l10n.t('Cost'), formatCost(c.costUsd));
  fact(dl, l10n.t('Tokens'), c.tokens.toLocaleString('en-US'));
  fact(dl, l10n.t('Time'), formatDuration(c.durationMs));
  head.append(dl);
  if (!decided) {
    const pick = button(l10n.t('Review {0}', c.letter), 'pick', 'btn-secondary', 'git-pull-request');
    pick.dataset.candidate = c.id;
    pick.disabled = !c.pickable;
    pick.title = c.pickable ? l10n.t('Open candidate {0}\'s changes in the review panel; the other candidates are discarded after a warning', c.letter) : c.state === 'running' ? l10n.t('Still running') : l10n.t('Nothing to review');
    head.append(pick);
  }
  col.append(head);
  const body = el('div', 'cand-files');
  if (c.files.length === 0) body.append(el('p', 'muted empty', c.state === 'running' ? l10n.t('Still running…') : l10n.t('No changes.')));
  for (const f of c.files) body.append(fileBlock(c, f, picks));
  col.append(body);
  return col;
}

export function renderPage(root: HTMLElement, view: CompareView, picks: ReadonlySet<string>, reason: string): void {
  root.replaceChildren();
  const top = el('header', 'page-head');
  const h1 = el('h1', undefined, l10n.t('Best of {0}', view.candidates.length));
  top.append(h1, el('p', 'task', view.task));
  root.append(top);
  const decided = view.decided !== undefined;
  if (decided) {
    const done = el('div', 'decided');
    done.setAttribute('role', 'status');
    done.append(icon('check'), el('span', undefined, view.decided!));
    root.append(done);
  }
  const grid = el('main', 'candidates');
  grid.style.setProperty('--columns', String(view.candidates.length));
  for (const c of view.candidates) grid.append(column(c, picks, decided));
  root.append(grid);
  const alert = el('div', 'refusal');
  alert.setAttribute('role', 'alert');
  alert.hidden = true;
  root.append(alert);
  if (decided) return;
  const foot = el('footer', 'page-foot');
  const label = el('label', 'reason-label', l10n.t('Reason (optional)'));
  label.htmlFor = 'reason';
  const input = el('input', 'reason-input');
  input.id = 'reason';
  input.type = 'text';
  input.placeholder = l10n.t('Why this one? Kept with your choice in the decisions log');
  input.value = reason;
  const take = button(reviewSelectedLabel(picks.size), 'takeHunks', 'btn-secondary', 'checklist');
  take.disabled = picks.size === 0;
  foot.append(label, input, take);
  root.append(foot);
}

/** The label of the button that reviews the picked hunks, with how many are picked. */
export function reviewSelectedLabel(n: number): string {
  return l10n.t('Review Selected Hunks ({0})', n);
}
