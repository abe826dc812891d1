/**
 * The chat view: transcript (user messages, the model's markdown, tool cards, change-set links,
 * inline command approvals), the plan checklist, usage, Stop, and the input box. One handler per
 * host message type. Every model or tool string goes in through textContent.
 */
import * as l10n from '@vscode/l10n';
import type { ChatHostMessage } from '../../protocol/chat';
import { approvalCard } from './approvalCard';
import { endLabel, filesText, hunksAccepted, hunksText, planStepLabel, resolvedText } from './chatWords';
import { Composer } from './composer';
import { renderInline, renderMarkdown } from './markdownDom';
import { SetupLine } from './setupLine';
import { RETRY_AFTER_MS, StallWatch } from './stallWatch';
import type { Host } from './vscodeApi';

/** Whether each host message means the model is (still) expected to answer; absent: unchanged. */
const WAITING: Partial<Record<ChatHostMessage['type'], boolean>> = {
  status: true, text: true, toolFinished: true, editProgress: true, changeSetReviewed: true,
  toolStarted: false, approval: false, changeSet: false, end: false, reset: false,
};

/** Tools whose card summary is the model's prose (markdown), not a path, pattern or command. */
const PROSE_SUMMARY = new Set(['finish', 'ask_user']);

type Handlers = { [K in ChatHostMessage['type']]: (m: Extract<ChatHostMessage, { type: K }>) => void };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function iconButton(icon: string, label: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', `icon-button ${cls}`);
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  b.append(el('span', `codicon codicon-${icon}`));
  b.addEventListener('click', onClick);
  return b;
}

export class ChatApp {
  private readonly bar = el('div', 'toolbar');
  private readonly transcript = el('div', 'transcript');
  private readonly plan = el('ol', 'plan');
  private readonly status = el('div', 'status');
  private readonly usage = el('div', 'usage');
  private readonly composer: Composer;
  private readonly stopButton: HTMLButtonElement;
  private reply: { el: HTMLElement; text: string; pending: boolean } | undefined;
  private readonly tools = new Map<string, HTMLElement>();
  /** Cards of propose_edits calls the model is still writing, by their index in the turn. */
  private readonly writing = new Map<number, HTMLElement>();
  private readonly approvals = new Map<string, HTMLElement>();
  private readonly changeSets = new Map<string, HTMLElement>();
  private running = false;
  private taskId: string | undefined;
  /** The decision on the change set a propose_edits call waits for: its result is the user's choice, not a failure. */
  private decided: { accepted: number; rejected: number } | undefined;
  /** The user denied the command or tool call that the next finished card is about. */
  private denied = false;
  private waitingForModel = false;
  private readonly stall = el('div', 'stall');
  private readonly stallText = el('span', 'stall-text');
  private readonly watch: StallWatch;
  private readonly setup = new SetupLine(() => this.host.post({ type: 'setupEndpoint' }));

  constructor(root: HTMLElement, private readonly host: Host) {
    this.stopButton = iconButton('debug-stop', l10n.t('Stop'), 'stop', () => this.host.post({ type: 'stop' }));
    // New Task and Task History are the view's own title actions (package.json view/title).
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    const retry = el('button', 'link retry', l10n.t('Retry'));
    retry.type = 'button';
    retry.title = l10n.t('Stop waiting and send the last request again');
    retry.addEventListener('click', () => this.host.post({ type: 'retry' }));
    this.stall.append(el('span', 'codicon codicon-watch'), this.stallText, retry);
    this.stall.hidden = true;
    this.bar.append(this.status, this.stall, this.usage, this.stopButton);
    this.watch = new StallWatch((ms) => this.showStall(ms));
    this.transcript.addEventListener('click', (e) => this.activate(e.target));
    this.transcript.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.target as HTMLElement).getAttribute?.('role') === 'link') this.activate(e.target);
    });
    this.plan.setAttribute('aria-label', l10n.t('Plan'));
    this.plan.hidden = true;
    this.transcript.setAttribute('role', 'log');
    this.transcript.setAttribute('aria-label', l10n.t('Transcript'));
    this.composer = new Composer(host);
    root.append(this.bar, this.setup.el, this.plan, this.transcript, this.composer.el);
    root.removeAttribute('aria-busy');
    this.sync();
    this.syncBar();
  }

  handle(m: ChatHostMessage): void {
    (this.handlers[m.type] as (x: ChatHostMessage) => void)(m);
    const w = m.type === 'state' ? m.running : WAITING[m.type];
    if (w !== undefined) this.waitingForModel = w;
    this.watch.activity(this.running && this.waitingForModel);
    this.syncBar();
  }

  /** "Waiting for the model, 45 s" after a silence; Retry offered once it is long. */
  private showStall(ms: number | undefined): void {
    this.stall.hidden = ms === undefined;
    if (ms !== undefined) {
      this.stallText.textContent = l10n.t('Waiting for the model, {0} s', Math.floor(ms / 1000));
      (this.stall.querySelector('.retry') as HTMLElement).hidden = ms < RETRY_AFTER_MS;
    }
    this.syncBar();
  }

  /** Clicks in the transcript: file references, web links and code block buttons. */
  private activate(target: EventTarget | null): void {
    const t = target instanceof Element ? target : null;
    const ref = t?.closest<HTMLElement>('.file-ref');
    if (ref?.dataset.path) {
      this.host.post({ type: 'openFile', path: ref.dataset.path, ...(ref.dataset.line ? { line: Number(ref.dataset.line) } : {}) });
      return;
    }
    const link = t?.closest<HTMLElement>('.web-link');
    if (link?.dataset.href) {
      this.host.post({ type: 'openLink', url: link.dataset.href });
      return;
    }
    const action = t?.closest('.code-copy, .code-insert');
    const code = action?.closest('.md-code-block')?.querySelector('pre code')?.textContent;
    if (action && code !== undefined && code !== null) this.host.post({ type: action.classList.contains('code-copy') ? 'copyCode' : 'insertCode', text: code });
  }

  /** The header shows only while it has something to say (progress, usage, Stop). */
  private syncBar(): void {
    this.bar.hidden = !this.running && !this.status.textContent && !this.usage.childElementCount && this.stall.hidden;
  }

  private sync(): void {
    this.stopButton.disabled = !this.running;
    this.stopButton.hidden = !this.running;
    this.composer.setState(this.running, this.taskId);
  }

  private add(node: HTMLElement): HTMLElement {
    const stick = this.transcript.scrollHeight - this.transcript.scrollTop - this.transcript.clientHeight < 40;
    this.transcript.append(node);
    if (stick) this.transcript.scrollTop = this.transcript.scrollHeight;
    return node;
  }

  /** Renders the streaming reply at most once a frame. */
  private paintReply(): void {
    const r = this.reply;
    if (!r || r.pending) return;
    r.pending = true;
    requestAnimationFrame(() => {
      r.pending = false;
      renderMarkdown(r.el, r.text);
      this.transcript.scrollTop = this.transcript.scrollHeight;
    });
  }

  /** Removes the "writing" card of call `index` (all of them when undefined). */
  private dropWriting(index?: number): void {
    for (const [i, card] of this.writing) {
      if (index !== undefined && i !== index) continue;
      card.remove();
      this.writing.delete(i);
    }
  }

  private endReply(): void {
    if (this.reply) renderMarkdown(this.reply.el, this.reply.text);
    this.reply = undefined;
  }

  private readonly handlers: Handlers = {
    state: (m) => {
      this.running = m.running;
      this.taskId = m.taskId;
      if (!m.running) {
        this.endReply();
        this.dropWriting();
      } else for (const b of this.transcript.querySelectorAll('.end .retry')) b.remove();
      this.sync();
    },
    reset: () => {
      this.transcript.replaceChildren();
      this.plan.replaceChildren();
      this.plan.hidden = true;
      this.usage.replaceChildren();
      this.status.textContent = '';
      this.reply = undefined;
      this.tools.clear();
      this.writing.clear();
      this.approvals.clear();
      this.changeSets.clear();
      this.decided = undefined;
    },
    draft: (m) => {
      if (!this.composer.value.trim()) this.composer.value = m.text;
      this.composer.input.focus();
    },
    user: (m) => {
      if (this.composer.value.trim() === m.text.trim()) this.composer.value = '';
      this.endReply();
      this.add(el('div', 'entry user', m.text));
    },
    text: (m) => {
      if (!this.reply) this.reply = { el: this.add(el('div', 'entry assistant markdown')), text: '', pending: false };
      this.reply.text += m.text;
      this.paintReply();
    },
    toolStarted: (m) => {
      this.endReply();
      // The call is complete now: its "writing" card gives way to the tool card.
      if (m.name === 'propose_edits') this.dropWriting(Math.min(...this.writing.keys()));
      const card = el('details', 'entry tool running');
      const summary = el('summary');
      const arg = el('span', 'tool-arg', m.summary);
      if (PROSE_SUMMARY.has(m.name)) renderInline(arg, m.summary);
      arg.title = arg.textContent ?? '';
      summary.append(el('span', 'codicon codicon-tools'), el('span', 'tool-name', m.name), arg);
      card.dataset.tool = m.name;
      card.append(summary, el('pre', 'tool-output'));
      this.tools.set(m.callId, card);
      this.add(card);
    },
    toolFinished: (m) => {
      const card = this.tools.get(m.callId);
      if (!card) return;
      card.classList.remove('running');
      const icon = card.querySelector('summary .codicon')!;
      const decided = card.dataset.tool === 'propose_edits' ? this.decided : undefined;
      const denied = this.denied;
      let note: string | undefined;
      this.decided = undefined;
      this.denied = false;
      if (denied) {
        card.classList.add('decided');
        icon.className = 'codicon codicon-circle-slash';
        note = l10n.t('denied by you');
      } else if (decided) {
        // Rejecting is the user's decision, not an error: neutral, with the count.
        card.classList.add('decided');
        icon.className = 'codicon codicon-pass';
        note = hunksAccepted(decided);
      } else {
        if (m.ok !== undefined) card.classList.add(m.ok ? 'ok' : 'failed');
        icon.className = `codicon codicon-${m.ok === undefined ? 'tools' : m.ok ? 'check' : 'error'}`;
      }
      if (m.durationMs !== undefined) card.querySelector('summary')!.append(el('span', 'tool-time', l10n.t('{0}s', (m.durationMs / 1000).toFixed(1))));
      if (note) card.querySelector('summary')!.append(el('span', 'tool-decision', note));
      card.querySelector('.tool-output')!.textContent = m.output;
    },
    editProgress: (m) => {
      this.endReply();
      let card = this.writing.get(m.index);
      if (!card) {
        card = el('div', 'entry tool running writing');
        card.setAttribute('aria-label', l10n.t('Edit being written'));
        this.writing.set(m.index, card);
        this.add(card);
      }
      const hunks = m.files.reduce((n, f) => n + f.hunks, 0);
      const files = m.files.map((f) => `${f.path}${f.hunks ? ` (${f.hunks})` : ''}`).join(', ');
      const row = el('div', 'writing-row');
      row.append(el('span', 'codicon codicon-loading codicon-modifier-spin'), el('span', 'tool-name', 'propose_edits'), el('span', 'tool-arg', l10n.t('writing {0}, {1} so far: {2}', filesText(m.files.length), hunksText(hunks), files)));
      row.lastElementChild!.setAttribute('title', files);
      card.replaceChildren(row);
    },
    plan: (m) => {
      this.plan.hidden = m.items.length === 0;
      this.plan.replaceChildren(...m.items.map((it) => {
        const li = el('li', `plan-item ${it.status}`);
        const icon = it.status === 'done' ? 'pass-filled' : it.status === 'in_progress' ? 'circle-large-filled' : 'circle-large-outline';
        li.append(el('span', `codicon codicon-${icon}`), el('span', 'plan-step', it.step));
        li.setAttribute('aria-label', planStepLabel(it.step, it.status));
        return li;
      }));
    },
    changeSet: (m) => {
      this.endReply();
      const card = el('div', 'entry change-set');
      const link = el('button', 'link open-review');
      link.type = 'button';
      link.append(el('span', 'codicon codicon-diff'), el('span', undefined, l10n.t('Review: {0}', m.title)));
      link.addEventListener('click', () => this.host.post({ type: 'openReview', changeSetId: m.id }));
      card.dataset.title = m.title;
      card.append(link, el('span', 'cs-meta', l10n.t('{0}, {1} — waiting for review', filesText(m.files), hunksText(m.hunks))));
      this.changeSets.set(m.id, card);
      this.add(card);
    },
    changeSetReviewed: (m) => {
      const card = this.changeSets.get(m.id);
      const link = card?.querySelector('.open-review');
      // Review mode end: this set has no panel of its own; the task's whole set is reviewed at the end.
      if (m.deferred && link) link.replaceWith(el('span', 'cs-title', l10n.t('Written: {0}', card?.dataset.title ?? '')));
      const meta = card?.querySelector('.cs-meta');
      this.decided = m.completed && !m.failed && !m.deferred ? { accepted: m.accepted, rejected: m.rejected } : undefined;
      if (m.failed) card?.classList.add('failed');
      if (meta) {
        meta.textContent = m.deferred ? l10n.t('in your files; reviewed when the task ends')
          : m.failed ? l10n.t('{0}; writing them failed', hunksAccepted(m))
          : m.completed ? hunksAccepted(m) : l10n.t('{0} (review closed)', hunksAccepted(m));
      }
    },
    approval: (m) => {
      this.endReply();
      const card = approvalCard(m, (decision) => this.host.post({ type: 'approve', id: m.id, decision }));
      this.approvals.set(m.id, card);
      this.add(card);
      // The card takes focus, not a button (Enter never runs the command), and only when the engineer is in
      // this view: a card never pulls focus from an editor or terminal.
      if (document.hasFocus()) card.focus();
    },
    approvalResolved: (m) => {
      this.denied = m.decision === 'deny';
      const card = this.approvals.get(m.id);
      if (!card) return;
      card.querySelector('.approval-buttons')!.replaceWith(el('div', 'approval-result', resolvedText(m.decision)));
    },
    usage: (m) => {
      const pct = Math.round(m.contextFill * 100);
      const meter = el('meter');
      meter.min = 0;
      meter.max = 1;
      meter.value = Math.min(1, m.contextFill);
      meter.setAttribute('aria-label', l10n.t('Context window {0}% full', pct));
      const tokens = m.totalTokens.toLocaleString('en-US');
      const text = m.costUsd !== undefined ? l10n.t('{0} tokens · ${1}', tokens, m.costUsd.toFixed(m.costUsd < 1 ? 4 : 2)) : l10n.t('{0} tokens', tokens);
      this.usage.replaceChildren(el('span', 'tokens', text), meter, el('span', 'fill', `${pct}%`));
      this.usage.title = l10n.t('Context: {0} of {1} tokens', m.contextTokens.toLocaleString('en-US'), m.contextWindow.toLocaleString('en-US'));
    },
    status: (m) => {
      this.status.textContent = m.step ? l10n.t('Step {0} of {1}', m.step.n, m.step.of) : m.text;
    },
    mentionItems: (m) => this.composer.items(m.id, m.items),
    context: (m) => this.composer.chips(m.chips, m.window),
    insertMentions: (m) => this.composer.insert(m.text),
    notice: (m) => {
      this.endReply();
      this.add(el('div', `entry notice ${m.level}`, m.text));
    },
    setup: (m) => {
      this.setup.show(m.endpoint);
      this.composer.setProfile(m.profile);
    },
    end: (m) => {
      this.endReply();
      const label = endLabel(m.kind);
      const card = el('div', `entry end ${m.kind}`);
      card.append(el('div', 'end-label', label));
      const body = el('div', 'markdown');
      renderMarkdown(body, m.text);
      card.append(body);
      if (m.kind === 'error' || m.kind === 'stopped') {
        const retry = el('button', 'link retry', l10n.t('Retry'));
        retry.type = 'button';
        retry.title = l10n.t('Send the last request again and go on with this task');
        retry.prepend(el('span', 'codicon codicon-refresh'));
        retry.addEventListener('click', () => this.host.post({ type: 'retry' }));
        card.append(retry);
      }
      this.add(card);
      this.status.textContent = label;
    },
  };
}
