/** The review panel's keyboard map: what each shortcut does and how it is shown in tooltips. */
import * as l10n from '@vscode/l10n';

export type Command =
  | 'nextHunk'
  | 'prevHunk'
  | 'firstHunk'
  | 'lastHunk'
  | 'nextFile'
  | 'prevFile'
  | 'accept'
  | 'reject'
  | 'edit'
  | 'acceptFile'
  | 'rejectFile'
  | 'acceptAll'
  | 'rejectAll'
  | 'toggleSideBySide'
  | 'openDiff'
  | 'help';

/** Shortcut labels shown in titles (hover) and in the help list. */
export const KEYS = {
  next: 'J / N',
  prev: 'K / P',
  nextFile: ']',
  prevFile: '[',
  accept: 'A',
  reject: 'R',
  edit: 'E',
  acceptFile: 'Alt+A',
  rejectFile: 'Alt+R',
  acceptAll: 'Shift+A',
  rejectAll: 'Shift+R',
  sideBySide: 'S',
  openDiff: 'O',
  help: '?',
  homeEnd: 'Home / End',
  enter: 'Enter',
  escape: 'Escape',
  ctrlEnter: 'Ctrl+Enter',
} as const;

/** The help list: the keys (as on the keyboard) and what they do (translated). */
export function helpRows(): [string, string][] {
  return [
    [`${KEYS.next} / ↓`, l10n.t('Next hunk (continues into the next file)')],
    [`${KEYS.prev} / ↑`, l10n.t('Previous hunk')],
    [`${KEYS.nextFile}  ${KEYS.prevFile}`, l10n.t('Next / previous file')],
    [KEYS.homeEnd, l10n.t('First / last hunk of the file')],
    [KEYS.accept, l10n.t('Accept hunk (in the file list: the file)')],
    [KEYS.reject, l10n.t('Reject hunk, with an optional reason (in the file list: the file)')],
    [KEYS.edit, l10n.t('Edit the hunk before accepting (Ctrl+Enter accepts, Escape cancels)')],
    [`${KEYS.acceptFile} / ${KEYS.rejectFile}`, l10n.t('Accept / reject the whole file')],
    [`${KEYS.acceptAll} / ${KEYS.rejectAll}`, l10n.t('Accept / reject everything')],
    [KEYS.sideBySide, l10n.t('Toggle side-by-side')],
    [KEYS.openDiff, l10n.t('Open the file in the diff editor')],
    [KEYS.enter, l10n.t('In the file list: show the file and move to its first hunk')],
    [KEYS.help, l10n.t('Show or hide this list')],
  ];
}

/** The command for a key press, or undefined. Plain letters only without Ctrl/Meta. */
export function commandFor(e: KeyboardEvent): Command | undefined {
  if (e.ctrlKey || e.metaKey) return undefined;
  if (e.altKey) {
    if (e.code === 'KeyA') return 'acceptFile';
    if (e.code === 'KeyR') return 'rejectFile';
    return undefined;
  }
  switch (e.key) {
    case 'j':
    case 'n':
    case 'ArrowDown':
      return 'nextHunk';
    case 'k':
    case 'p':
    case 'ArrowUp':
      return 'prevHunk';
    case 'Home':
      return 'firstHunk';
    case 'End':
      return 'lastHunk';
    case ']':
      return 'nextFile';
    case '[':
      return 'prevFile';
    case 'a':
      return 'accept';
    case 'r':
      return 'reject';
    case 'e':
      return 'edit';
    case 'A':
      return 'acceptAll';
    case 'R':
      return 'rejectAll';
    case 's':
      return 'toggleSideBySide';
    case 'o':
      return 'openDiff';
    case '?':
      return 'help';
    default:
      return undefined;
  }
}
