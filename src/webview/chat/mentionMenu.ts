/**
 * The @-mention completion list under the chat input: keyboard first (Up/Down move, Enter or Tab
 * picks, Escape closes), items from the host (fuzzy matched there). The input keeps the focus;
 * the list is an ARIA listbox the input points at with aria-activedescendant.
 */
import * as l10n from '@vscode/l10n';
import type { MentionItemMessage } from '../../protocol/chatContext';
import { listDetail } from './listDetails';

/** One row: a mention from the host or a slash command. */
export interface MenuItem {
  label: string;
  detail?: string;
  insert: string;
  icon: string;
}

export const menuItemOf = (it: MentionItemMessage): MenuItem => ({ label: it.label, detail: listDetail(it.detail), insert: it.insert, icon: ICONS[it.kind] });

export class MentionMenu {
  readonly el = document.createElement('ul');
  private items: MenuItem[] = [];
  private active = 0;

  constructor(private readonly input: HTMLTextAreaElement, private readonly onPick: (item: MenuItem) => void) {
    this.el.className = 'mention-menu';
    this.el.id = 'mention-menu';
    this.el.setAttribute('role', 'listbox');
    this.el.setAttribute('aria-label', l10n.t('Mentions'));
    this.el.hidden = true;
    input.setAttribute('aria-controls', this.el.id);
    input.setAttribute('aria-autocomplete', 'list');
    // A click picks without taking the focus from the input.
    this.el.addEventListener('mousedown', (e) => {
      e.preventDefault();
      const li = (e.target as Element).closest<HTMLElement>('li[data-index]');
      if (li) this.onPick(this.items[Number(li.dataset.index)]!);
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  show(items: MenuItem[]): void {
    this.items = items;
    this.active = 0;
    this.el.replaceChildren(...items.map((it, i) => {
      const li = document.createElement('li');
      li.id = `mention-${i}`;
      li.dataset.index = String(i);
      li.setAttribute('role', 'option');
      li.className = 'mention-item';
      const icon = document.createElement('span');
      icon.className = `codicon codicon-${it.icon}`;
      const label = document.createElement('span');
      label.className = 'mention-label';
      label.textContent = it.label;
      li.append(icon, label);
      if (it.detail) {
        const d = document.createElement('span');
        d.className = 'mention-detail';
        d.textContent = it.detail;
        li.append(d);
      }
      return li;
    }));
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'mention-empty';
      li.textContent = l10n.t('No matches');
      this.el.append(li);
    }
    this.el.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.mark();
  }

  close(): void {
    this.el.hidden = true;
    this.items = [];
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** Handles a key while the list is open; true when it was the list's key. */
  key(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    const n = this.items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (n) this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.mark();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      // Enter picks while the list is open; it never sends the task then.
      if (n) this.onPick(this.items[this.active]!);
      else this.close();
    } else if (e.key === 'Escape') this.close();
    else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  private mark(): void {
    this.el.querySelectorAll('[aria-selected="true"]').forEach((x) => x.setAttribute('aria-selected', 'false'));
    const li = this.el.querySelector<HTMLElement>(`#mention-${this.active}`);
    if (!li) return;
    li.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView?.({ block: 'nearest' });
  }
}

const ICONS: Record<MentionItemMessage['kind'], string> = {
  file: 'file', folder: 'folder', symbol: 'symbol-method', problems: 'warning', changes: 'git-compare', selection: 'selection', terminal: 'terminal',
};
