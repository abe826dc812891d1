/**
 * The chat input: multi-line text (Enter sends, Shift+Enter adds a line), the @-mention list, the
 * context bar above it, and the history of sent messages (Up on the first line, Down on the last).
 */
import * as l10n from '@vscode/l10n';
import type { ChatWebviewMessage } from '../../protocol/chat';
import type { ContextChip, MentionItemMessage } from '../../protocol/chatContext';
import { ContextBar } from './contextBar';
import { listDetail } from './listDetails';
import { SLASH_COMMANDS } from '../../protocol/chatContext';
import { MentionMenu, menuItemOf, type MenuItem } from './mentionMenu';
import type { Host } from './vscodeApi';

/** `@query` right before the caret (query without spaces), or undefined. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : undefined;
}

const PREVIEW_DELAY_MS = 300;

/** The URIs a drag carries (VS Code's own list first), or undefined for other drags (plain text). */
function uriList(dt: DataTransfer | null): string[] | undefined {
  if (!dt) return undefined;
  const raw = dt.getData('application/vnd.code.uri-list') || dt.getData('text/uri-list');
  if (!raw && !dt.types.some((t) => t === 'application/vnd.code.uri-list' || t === 'text/uri-list')) return undefined;
  const uris = raw.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return uris.length ? uris : raw ? undefined : [];
}
const MAX_HISTORY = 50;

export class Composer {
  readonly el = document.createElement('form');
  readonly input = document.createElement('textarea');
  readonly send = document.createElement('button');
  /** The active endpoint profile; a click switches it (Forge: Select Model). Never the default of Enter. */
  readonly profile = document.createElement('button');
  readonly bar: ContextBar;
  private readonly menu: MentionMenu;
  private query: { id: number; start: number } | undefined;
  private seq = 0;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly history: string[] = [];
  /** Where Up/Down is in the history (history.length = the draft being typed). */
  private at = 0;
  private draft = '';
  private taskId: string | undefined;
  private running = false;

  constructor(private readonly host: Host) {
    this.el.className = 'composer';
    this.input.className = 'input';
    this.input.rows = 3;
    this.input.setAttribute('aria-label', l10n.t('Task or message (Enter sends, Shift+Enter adds a line, @ mentions a file, folder, symbol or more)'));
    this.send.className = 'send';
    this.send.type = 'submit';
    this.bar = new ContextBar(host);
    this.menu = new MentionMenu(this.input, (item) => this.pick(item));
    this.profile.type = 'button';
    this.profile.className = 'link profile';
    this.profile.hidden = true;
    this.profile.addEventListener('click', () => this.host.post({ type: 'pickModel' }));
    const footer = document.createElement('div');
    footer.className = 'composer-footer';
    footer.append(this.profile, this.send);
    this.el.append(this.bar.el, this.menu.el, this.input, footer);
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => this.keydown(e));
    this.input.addEventListener('input', () => this.changed());
    this.input.addEventListener('click', () => this.lookForMention());
    // The caret moved without typing: the list follows the mention it is in (or closes).
    this.input.addEventListener('keyup', (e) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) this.lookForMention();
    });
    this.input.addEventListener('blur', () => this.closeMenu());
    // A file or folder dragged from the explorer or a tab (VS Code hands it over with Shift held) is mentioned.
    this.input.addEventListener('dragover', (e) => {
      if (uriList(e.dataTransfer)) e.preventDefault();
    });
    this.input.addEventListener('drop', (e) => {
      const uris = uriList(e.dataTransfer);
      if (!uris) return;
      e.preventDefault();
      this.host.post({ type: 'droppedUris', uris });
    });
    this.sync();
  }
  /** Shows the active endpoint profile on the picker (hidden when none is selected: the setup line says so). */
  setProfile(label: string | undefined): void {
    this.profile.hidden = !label;
    this.profile.replaceChildren();
    if (!label) return;
    const icon = document.createElement('span');
    icon.className = 'codicon codicon-server';
    this.profile.append(icon, document.createTextNode(` ${label}`));
    this.profile.title = l10n.t('Model endpoint: {0}. Click to switch (Forge: Select Model)', label);
    this.profile.setAttribute('aria-label', l10n.t('Model endpoint {0}, switch', label));
  }


  get value(): string {
    return this.input.value;
  }

  set value(text: string) {
    this.input.value = text;
    this.changed();
  }

  setState(running: boolean, taskId: string | undefined): void {
    const changed = taskId !== this.taskId;
    if (changed && taskId === undefined) this.bar.clearPins();
    this.running = running;
    this.taskId = taskId;
    this.sync();
    if (changed) this.schedulePreview();
  }

  items(id: number, items: MentionItemMessage[]): void {
    if (this.query?.id === id) this.menu.show(items.map(menuItemOf));
  }

  /** Mentions from a drop, at the caret with a space either side. */
  insert(text: string): void {
    const v = this.input.value;
    const at = this.input.selectionStart;
    const before = at > 0 && !/\s$/.test(v.slice(0, at)) ? ' ' : '';
    const piece = `${before}${text} `;
    this.input.value = v.slice(0, at) + piece + v.slice(at);
    this.input.setSelectionRange(at + piece.length, at + piece.length);
    this.input.focus();
    this.changed();
  }

  chips(chips: ContextChip[], window: number): void {
    this.bar.set(chips, window);
  }

  private sync(): void {
    this.send.disabled = this.running;
    this.send.textContent = this.taskId ? l10n.t('Send') : l10n.t('Start');
    this.input.placeholder = this.running ? l10n.t('Forge is working…') : this.taskId ? l10n.t('Reply to continue this task (@ to mention)') : l10n.t('Describe a task (@ to mention a file, symbol, problems…)');
  }

  private keydown(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Escape' && this.query && !this.menu.open) {
      // The list had not opened yet: it will not.
      this.closeMenu();
      e.preventDefault();
      return;
    }
    if (this.menu.key(e)) {
      // Escape also drops the question in flight: a late answer does not open the list again.
      if (!this.menu.open) this.query = undefined;
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      this.submit();
    } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const v = this.input.value;
      const caret = this.input.selectionStart;
      const onFirst = !v.slice(0, caret).includes('\n');
      const onLast = !v.slice(this.input.selectionEnd).includes('\n');
      if (e.key === 'ArrowUp' && onFirst && this.at > 0) this.recall(this.at - 1, e);
      else if (e.key === 'ArrowDown' && onLast && this.at < this.history.length) this.recall(this.at + 1, e);
    }
  }

  /** Up/Down through the sent messages; the text being typed comes back at the end. */
  private recall(at: number, e: KeyboardEvent): void {
    e.preventDefault();
    if (this.at === this.history.length) this.draft = this.input.value;
    this.at = at;
    this.input.value = at === this.history.length ? this.draft : this.history[at]!;
    const end = e.key === 'ArrowUp' ? 0 : this.input.value.length;
    this.input.setSelectionRange(end, end);
    this.changed();
  }

  private changed(): void {
    this.lookForMention();
    this.schedulePreview();
  }

  private closeMenu(): void {
    this.query = undefined;
    this.menu.close();
  }

  private lookForMention(): void {
    const caret = this.input.selectionStart;
    // A slash command is the message's first word: its list is local.
    const slash = /^\/([a-z]*)$/.exec(this.input.value.slice(0, caret));
    if (slash && this.input.selectionEnd === caret) {
      this.query = { id: ++this.seq, start: 0 };
      this.menu.show(SLASH_COMMANDS.filter((c) => c.name.startsWith(slash[1]!)).map((c) => ({ label: `/${c.name}`, detail: listDetail(c.detail), insert: `/${c.name} `, icon: 'symbol-event' })));
      return;
    }
    const m = this.input.selectionEnd === caret ? mentionAtCaret(this.input.value, caret) : undefined;
    if (!m) {
      this.query = undefined;
      this.menu.close();
      return;
    }
    this.query = { id: ++this.seq, start: m.start };
    this.host.post({ type: 'mentionQuery', id: this.query.id, query: m.query });
  }

  private pick(item: MenuItem): void {
    const q = this.query;
    if (!q) return;
    const v = this.input.value;
    const caret = this.input.selectionStart;
    this.input.value = v.slice(0, q.start) + item.insert + v.slice(caret);
    const at = q.start + item.insert.length;
    this.input.setSelectionRange(at, at);
    this.menu.close();
    this.query = undefined;
    // "@file:" goes on to the file list; a finished mention closes it.
    this.changed();
  }

  private schedulePreview(): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.host.post({ type: 'contextPreview', text: this.input.value, mode: this.taskId ? 'continue' : 'new' }), PREVIEW_DELAY_MS);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.running) return;
    this.menu.close();
    const m: ChatWebviewMessage = { type: 'submit', text, mode: this.taskId ? 'continue' : 'new', ...this.bar.selection() };
    this.host.post(m);
    if (this.history.at(-1) !== text) this.history.push(text);
    if (this.history.length > MAX_HISTORY) this.history.shift();
    this.at = this.history.length;
    this.draft = '';
    this.input.value = '';
    this.bar.sent();
  }
}
