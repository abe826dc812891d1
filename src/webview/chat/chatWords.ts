/**
 * The chat view's phrases that depend on a number or a state, in the user's language: a whole
 * phrase per case ("1 file" / "{0} files"), as translations need.
 */
import * as l10n from '@vscode/l10n';

export { filesText, hunksText } from '../review/format';

/** What an answered approval card says in place of its buttons. */
export function resolvedText(decision: 'deny' | 'always' | 'remember' | 'once'): string {
  return {
    deny: () => l10n.t('Denied'),
    always: () => l10n.t('Allowed for this task'),
    remember: () => l10n.t('Always allowed (saved in {0})', 'forge.sandbox.allowOutside'),
    once: () => l10n.t('Allowed once'),
  }[decision]();
}

export function endLabel(kind: 'finished' | 'stopped' | 'limitReached' | 'error'): string {
  return { finished: () => l10n.t('Done'), stopped: () => l10n.t('Stopped'), limitReached: () => l10n.t('Limit reached'), error: () => l10n.t('Error') }[kind]();
}

export function planStepLabel(step: string, status: 'pending' | 'in_progress' | 'done'): string {
  return { pending: () => l10n.t('{0}: pending', step), in_progress: () => l10n.t('{0}: in progress', step), done: () => l10n.t('{0}: done', step) }[status]();
}

/** "2 of 3 hunks accepted". */
export function hunksAccepted(m: { accepted: number; rejected: number }): string {
  const total = m.accepted + m.rejected;
  return total === 1 ? l10n.t('{0} of 1 hunk accepted', m.accepted) : l10n.t('{0} of {1} hunks accepted', m.accepted, total);
}
