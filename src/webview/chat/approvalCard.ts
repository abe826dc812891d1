/**
 * The inline approval of a command (or a tool call): the command as code (monospace, wrapped,
 * never markdown), the rule that made it need approval, and Allow once / Always / Deny. The card
 * itself takes focus, never a button, so Enter cannot run anything; each choice is a click or a
 * Tab away.
 */
import { renderInline } from './markdownDom';

export type ApprovalChoice = 'once' | 'always' | 'deny';

export interface ApprovalRequest {
  command: string;
  reason: string;
  kind?: 'command' | 'tool';
  detail?: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function approvalCard(m: ApprovalRequest, answer: (d: ApprovalChoice) => void): HTMLElement {
  const tool = m.kind === 'tool';
  const card = el('div', 'entry approval');
  card.setAttribute('role', 'group');
  card.tabIndex = -1;
  card.setAttribute('aria-label', tool ? `Tool approval: ${m.command}` : `Command approval: ${m.command}`);
  const q = el('div', 'approval-question', tool ? 'Use this tool?' : 'Run this command?');
  const command = el('pre', 'approval-command');
  command.append(el('code', undefined, m.command));
  // The policy's sentence quotes commands in backticks: shown as code, never as literal backticks.
  const rule = el('div', 'approval-reason');
  rule.append(el('span', 'approval-rule-label', 'Needs approval: '));
  const why = el('span');
  renderInline(why, m.reason);
  rule.append(why);
  const buttons = el('div', 'approval-buttons');
  for (const [decision, label] of [['once', 'Allow once'], ['always', tool ? 'Always for this tool' : 'Always for this command'], ['deny', 'Deny']] as const) {
    const b = el('button', `approve-${decision}`, label);
    b.type = 'button';
    b.addEventListener('click', () => answer(decision));
    buttons.append(b);
  }
  card.append(q, command, rule, ...(m.detail ? [el('pre', 'approval-args', m.detail)] : []), buttons);
  // Enter or Space on the card itself does nothing (only a focused button acts, as buttons do).
  card.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === card) e.preventDefault();
  });
  return card;
}
