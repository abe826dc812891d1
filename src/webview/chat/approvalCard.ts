/**
 * The inline approval of a command (or a tool call): the command as code (monospace, wrapped,
 * never markdown), the rule that made it need approval, and Allow once / Always (for the task) / Deny;
 * a command that asks to leave the sandbox gets Allow once / For this task / Always (saved as a
 * standing rule, which the card names) / Deny. The card
 * itself takes focus, never a button, so Enter cannot run anything; each choice is a click or a
 * Tab away.
 */
import * as l10n from '@vscode/l10n';
import { renderInline } from './markdownDom';

/** always: for the task; remember: always, saved in the user's settings. */
export type ApprovalChoice = 'once' | 'always' | 'remember' | 'deny';

export interface ApprovalRequest {
  command: string;
  reason: string;
  kind?: 'command' | 'tool';
  detail?: string;
  /** The rule "Always" saves (a command that asks to leave the sandbox); without it there is no "Always". */
  remember?: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** What "Always" would save, and where the user undoes it. */
function savesLine(rule: string): HTMLElement {
  // One translated sentence; its {0} and {1} become code elements.
  const line = el('div', 'approval-saves');
  const codes = [rule, 'forge.sandbox.allowOutside'];
  for (const piece of l10n.t('"Always" saves {0} in your user setting {1} (remove it there to undo).', '\u0000{0}\u0000', '\u0000{1}\u0000').split('\u0000')) {
    const slot = /^\{([01])\}$/.exec(piece);
    line.append(slot ? el('code', undefined, codes[Number(slot[1])]) : piece);
  }
  return line;
}

export function approvalCard(m: ApprovalRequest, answer: (d: ApprovalChoice) => void): HTMLElement {
  const tool = m.kind === 'tool';
  const card = el('div', 'entry approval');
  card.setAttribute('role', 'group');
  card.tabIndex = -1;
  card.setAttribute('aria-label', tool ? l10n.t('Tool approval: {0}', m.command) : l10n.t('Command approval: {0}', m.command));
  const q = el('div', 'approval-question', tool ? l10n.t('Use this tool?') : l10n.t('Run this command?'));
  const command = el('pre', 'approval-command');
  command.append(el('code', undefined, m.command));
  // The policy's sentence quotes commands in backticks: shown as code, never as literal backticks.
  const rule = el('div', 'approval-reason');
  rule.append(el('span', 'approval-rule-label', l10n.t('Needs approval: ')));
  const why = el('span');
  renderInline(why, m.reason);
  rule.append(why);
  const buttons = el('div', 'approval-buttons');
  const choices: [ApprovalChoice, string][] = m.remember
    ? [['once', l10n.t('Allow once')], ['always', l10n.t('For this task')], ['remember', l10n.t('Always')], ['deny', l10n.t('Deny')]]
    : [['once', l10n.t('Allow once')], ['always', tool ? l10n.t('Always for this tool') : l10n.t('Always for this command')], ['deny', l10n.t('Deny')]];
  for (const [decision, label] of choices) {
    const b = el('button', `approve-${decision}`, label);
    b.type = 'button';
    if (decision === 'remember') b.title = l10n.t('Saves "{0}" in your user setting {1} (remove it there to undo)', m.remember ?? '', 'forge.sandbox.allowOutside');
    b.addEventListener('click', () => answer(decision));
    buttons.append(b);
  }
  const saves = m.remember ? [savesLine(m.remember)] : [];
  card.append(q, command, rule, ...(m.detail ? [el('pre', 'approval-args', m.detail)] : []), ...saves, buttons);
  // Enter or Space on the card itself does nothing (only a focused button acts, as buttons do).
  card.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === card) e.preventDefault();
  });
  return card;
}
