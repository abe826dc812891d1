/**
 * Entry of the best-of-N comparison page (bundled to dist/webview/compare.js). Every host message
 * is validated with the protocol parser; the page keeps the engineer's hunk picks and reason in
 * the webview state, so a hidden tab that is re-created keeps them. Nothing is posted by Enter in
 * the reason box: only the buttons act.
 */
import '../l10n';
import { parseCompareHostMessage, type CompareView, type CompareWebviewMessage } from '../../protocol/compare';
import { pickKey, renderPage, reviewSelectedLabel } from './render';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PageState {
  view?: CompareView;
  picks: string[];
  reason: string;
}

function start(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('compare page: #root is missing');
  const api = acquireVsCodeApi();
  const saved = api.getState() as PageState | undefined;
  const state: PageState = saved && Array.isArray(saved.picks) ? saved : { picks: [], reason: '' };
  const post = (m: CompareWebviewMessage) => api.postMessage(m);
  const save = () => api.setState(state);

  const render = () => {
    if (!state.view) return;
    const focused = document.activeElement as HTMLElement | null;
    const focusKey = focused?.dataset.action === 'pick' ? `pick:${focused.dataset.candidate}` : focused?.classList.contains('take') ? `take:${focused.dataset.candidate}:${focused.dataset.path}:${focused.dataset.hunk}` : focused?.id === 'reason' ? 'reason' : undefined;
    renderPage(root, state.view, new Set(state.picks), state.reason);
    root.removeAttribute('aria-busy');
    root.dataset.rendered = state.view.groupId;
    // A re-render (a candidate ended) keeps the engineer's place.
    if (focusKey === 'reason') document.getElementById('reason')?.focus();
    else if (focusKey?.startsWith('pick:')) root.querySelector<HTMLElement>(`[data-action=pick][data-candidate="${CSS.escape(focusKey.slice(5))}"]`)?.focus();
    else if (focusKey?.startsWith('take:')) {
      const [, c, p, h] = focusKey.split(':');
      root.querySelector<HTMLElement>(`.take[data-candidate="${CSS.escape(c!)}"][data-path="${CSS.escape(p!)}"][data-hunk="${h}"]`)?.focus();
    }
  };

  const refuse = (message: string) => {
    const alert = root.querySelector<HTMLElement>('.refusal');
    if (!alert) return;
    alert.textContent = message;
    alert.hidden = false;
  };

  window.addEventListener('message', (e: MessageEvent) => {
    const r = parseCompareHostMessage(e.data);
    if (!r.ok) return console.error(`Forge compare: ${r.error}`);
    const m = r.message;
    if (m.type === 'show') {
      state.view = m.view;
      const live = new Set(m.view.candidates.filter((c) => c.pickable).map((c) => c.id));
      state.picks = state.picks.filter((k) => live.has(k.split('\u0000')[0]!));
      save();
      render();
    } else refuse(m.message);
  });

  root.addEventListener('change', (e) => {
    const t = e.target as HTMLInputElement;
    if (!t.classList.contains('take')) return;
    const k = pickKey(t.dataset.candidate!, t.dataset.path!, Number(t.dataset.hunk));
    state.picks = t.checked ? [...state.picks.filter((p) => p !== k), k] : state.picks.filter((p) => p !== k);
    save();
    const take = root.querySelector<HTMLButtonElement>('[data-action=takeHunks]');
    if (take) {
      take.disabled = state.picks.length === 0;
      take.querySelector('span:last-child')!.textContent = reviewSelectedLabel(state.picks.length);
    }
    const alert = root.querySelector<HTMLElement>('.refusal');
    if (alert) alert.hidden = true;
  });

  root.addEventListener('input', (e) => {
    const t = e.target as HTMLInputElement;
    if (t.id !== 'reason') return;
    state.reason = t.value;
    save();
  });

  root.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!b || b.disabled) return;
    const reason = state.reason.trim() || undefined;
    if (b.dataset.action === 'pick') post({ type: 'pick', candidateId: b.dataset.candidate!, ...(reason ? { reason } : {}) });
    else if (b.dataset.action === 'takeHunks') {
      const picks = state.picks.map((k) => {
        const [candidateId, path, hunk] = k.split('\u0000');
        return { candidateId: candidateId!, path: path!, hunkIndex: Number(hunk) };
      });
      post({ type: 'takeHunks', picks, ...(reason ? { reason } : {}) });
    }
  });

  if (state.view) render();
  post({ type: 'ready' });
}

start();
