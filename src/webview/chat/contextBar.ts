/**
 * The context bar above the chat input: a chip per piece of context the next request will carry,
 * with its token count, and the total against the profile's context window. A chip can be removed
 * for this request, pinned for the whole task (kept verbatim through compaction) or opened.
 */
import * as l10n from '@vscode/l10n';
import type { ContextChip } from '../../protocol/chatContext';
import type { Host } from './vscodeApi';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The fixed chips' names in the user's language (the others are paths, mentions and file names). */
function chipLabel(c: ContextChip): string {
  if (c.kind === 'repoMap') return l10n.t('Repo map');
  if (c.kind === 'plan') return l10n.t('Plan');
  if (c.kind !== 'workspace') return c.label;
  // The workspace sections' titles (src/vscode/agent/workspaceContext.ts), which the model reads in English.
  const titles: Record<string, () => string> = {
    'Other open editors': () => l10n.t('Other open editors'),
    Problems: () => l10n.t('Problems'),
    'Uncommitted changes (git diff HEAD)': () => l10n.t('Uncommitted changes (git diff HEAD)'),
  };
  return titles[c.label]?.() ?? c.label;
}

function button(icon: string, label: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `icon-button chip-action ${cls}`;
  b.title = label;
  b.setAttribute('aria-label', label);
  const i = document.createElement('span');
  i.className = `codicon codicon-${icon}`;
  b.append(i);
  b.addEventListener('click', onClick);
  return b;
}

export class ContextBar {
  readonly el = document.createElement('div');
  private chips: ContextChip[] = [];
  private window = 0;
  /** Removed for the next request only. */
  private readonly removed = new Set<string>();
  /** Pinned for the whole task. */
  private readonly pinned = new Set<string>();

  constructor(private readonly host: Host) {
    this.el.className = 'context-bar';
    this.el.setAttribute('role', 'group');
    this.el.setAttribute('aria-label', l10n.t('Context of the next request'));
    this.el.hidden = true;
  }

  set(chips: ContextChip[], window: number): void {
    // The host answers every pause in typing: the same chips again change nothing (and keep a click's target).
    if (window === this.window && JSON.stringify(chips) === JSON.stringify(this.chips)) return;
    this.chips = chips;
    this.window = window;
    this.render();
  }

  /** What the submit message carries: the removed chips that are still there, every pinned one. */
  selection(): { exclude: string[]; pinned: string[] } {
    const keys = new Set(this.chips.map((c) => c.key));
    return { exclude: [...this.removed].filter((k) => keys.has(k)), pinned: [...this.pinned] };
  }

  /** A new task: the pins of the last one go. */
  clearPins(): void {
    this.pinned.clear();
    this.render();
  }

  /** After a send: removals were for that request; pins stay for the task. */
  sent(): void {
    this.removed.clear();
    this.chips = this.chips.filter((c) => c.kind !== 'mention');
    this.render();
  }

  private render(): void {
    // Keep the keyboard focus on the same chip's button across the re-render.
    const focused = document.activeElement instanceof HTMLElement && this.el.contains(document.activeElement) ? document.activeElement : undefined;
    const focusKey = focused?.closest<HTMLElement>('.chip')?.dataset.key;
    const focusCls = focused?.classList.contains('chip-pin') ? '.chip-pin' : focused?.classList.contains('chip-remove') ? '.chip-remove' : '.chip-label';
    const shown = this.chips.filter((c) => !this.removed.has(c.key));
    const total = shown.reduce((n, c) => n + c.tokens, 0);
    this.el.hidden = this.chips.length === 0;
    const list = this.chips.map((c) => this.chip(c));
    const sum = document.createElement('span');
    sum.className = 'context-total';
    sum.textContent = l10n.t('{0} / {1} tokens', fmt(total), fmt(this.window));
    sum.title = l10n.t("The next request's context: about {0} tokens of the {1}-token context window", fmt(total), fmt(this.window));
    this.el.replaceChildren(...list, sum);
    if (focusKey) list.find((c) => c.dataset.key === focusKey)?.querySelector<HTMLElement>(focusCls)?.focus();
  }

  private chip(c: ContextChip): HTMLElement {
    const removed = this.removed.has(c.key);
    const pinned = this.pinned.has(c.key);
    const name = chipLabel(c);
    const chip = document.createElement('span');
    chip.className = `chip ${c.kind}${removed ? ' removed' : ''}${pinned ? ' pinned' : ''}${c.withheld ? ' withheld' : ''}`;
    chip.dataset.key = c.key;
    const label = document.createElement(c.openable ? 'button' : 'span');
    label.className = 'chip-label';
    label.textContent = name;
    if (label instanceof HTMLButtonElement) {
      label.type = 'button';
      label.title = l10n.t('Open {0}', name);
      label.addEventListener('click', () => this.host.post({ type: 'openContext', key: c.key }));
    }
    const tokens = document.createElement('span');
    tokens.className = 'chip-tokens';
    tokens.textContent = `${c.estimate ? '≤' : ''}${fmt(c.tokens)}`;
    chip.append(label, tokens);
    if (c.withheld) {
      const w = document.createElement('span');
      w.className = 'chip-withheld';
      w.textContent = l10n.t('withheld');
      chip.title = `${name} ${c.withheld}`;
      chip.append(w);
    } else chip.title = chipTitle(c, name, pinned, removed);
    if (!c.fixed && !c.withheld) {
      chip.append(button(pinned ? 'pinned' : 'pin', pinned ? l10n.t('Unpin {0}', name) : l10n.t('Pin {0} for this task (kept through compaction)', name), 'chip-pin', () => {
        if (pinned) this.pinned.delete(c.key);
        else this.pinned.add(c.key);
        this.render();
      }));
    }
    if (!c.fixed) {
      chip.append(button(removed ? 'add' : 'close', removed ? l10n.t('Put {0} back', name) : l10n.t('Remove {0} from the next request', name), 'chip-remove', () => {
        if (removed) this.removed.delete(c.key);
        else {
          this.removed.add(c.key);
          this.pinned.delete(c.key);
        }
        this.render();
      }));
    }
    return chip;
  }
}

/** A chip's tooltip: its size, and whether it is pinned or removed. */
function chipTitle(c: ContextChip, name: string, pinned: boolean, removed: boolean): string {
  const size = c.estimate ? l10n.t('{0}: up to {1} tokens', name, fmt(c.tokens)) : l10n.t('{0}: {1} tokens', name, fmt(c.tokens));
  if (pinned) return l10n.t('{0}, pinned for this task', size);
  if (removed) return l10n.t('{0}, removed from the next request', size);
  return size;
}
