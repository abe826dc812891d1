/**
 * How a hunk was placed, in the user's language: the labels and details of src/protocol/placement.ts
 * (English there, for `forge apply` and for the model) looked up by their English. A strategy added
 * later shows its English until it is added here; a unit test keeps every known one in this table.
 */
import * as l10n from '@vscode/l10n';
import type { Placement } from '../../protocol/placement';

export const PLACEMENT_WORDS: Record<string, () => string> = {
  exact: () => l10n.t('exact'),
  'new file': () => l10n.t('new file'),
  appended: () => l10n.t('appended'),
  'appended at the end': () => l10n.t('appended at the end'),
  'exact, newline added': () => l10n.t('exact, newline added'),
  'replaces the whole file': () => l10n.t('replaces the whole file'),
  'whole file': () => l10n.t('whole file'),
  deleted: () => l10n.t('deleted'),
  'whitespace-tolerant': () => l10n.t('whitespace-tolerant'),
  're-indented': () => l10n.t('re-indented'),
  repaired: () => l10n.t('repaired'),
  'elision expanded': () => l10n.t('elision expanded'),
  fuzzy: () => l10n.t('fuzzy'),
  'the old lines matched exactly at the stated place': () => l10n.t('the old lines matched exactly at the stated place'),
  'the old lines matched exactly, once in the file, at another line than the edit said': () => l10n.t('the old lines matched exactly, once in the file, at another line than the edit said'),
  'a new file': () => l10n.t('a new file'),
  'added at the end of the file': () => l10n.t('added at the end of the file'),
  'appended at the end of the file: the edit gave no context or removed lines, and apply_patch defines that as an append': () => l10n.t('appended at the end of the file: the edit gave no context or removed lines, and apply_patch defines that as an append'),
  'the old lines matched exactly at the end of a file without a final newline; the result ends with a newline, as apply_patch defines': () => l10n.t('the old lines matched exactly at the end of a file without a final newline; the result ends with a newline, as apply_patch defines'),
  'the edit added (or moved a file onto) a file that exists, and apply_patch defines that as replacing its whole content': () => l10n.t('the edit added (or moved a file onto) a file that exists, and apply_patch defines that as replacing its whole content'),
  'the whole content was given': () => l10n.t('the whole content was given'),
  'the file is deleted': () => l10n.t('the file is deleted'),
  'matched when trailing whitespace is ignored': () => l10n.t('matched when trailing whitespace is ignored'),
  'matched when runs of whitespace are ignored': () => l10n.t('matched when runs of whitespace are ignored'),
  'matched at another indentation; the new lines were re-indented to the file': () => l10n.t('matched at another indentation; the new lines were re-indented to the file'),
  'the new lines were re-indented to the file': () => l10n.t('the new lines were re-indented to the file'),
  'the edit was malformed and was repaired before it matched': () => l10n.t('the edit was malformed and was repaired before it matched'),
  'a "..." line stood for lines of the file, which were kept': () => l10n.t('a "..." line stood for lines of the file, which were kept'),
  'the old lines did not match exactly; placed at the most similar place': () => l10n.t('the old lines did not match exactly; placed at the most similar place'),
};

function word(english: string): string {
  return Object.hasOwn(PLACEMENT_WORDS, english) ? PLACEMENT_WORDS[english]!() : english;
}

/** The placement with its label ("fuzzy, 87%") and detail in the user's language. */
export function placementInWords(p: Placement): Placement {
  const pct = /^(.*), (\d+)%$/.exec(p.label);
  const label = pct && Object.hasOwn(PLACEMENT_WORDS, pct[1]!) ? l10n.t('{0}, {1}%', word(pct[1]!), pct[2]!) : word(p.label);
  return { ...p, label, detail: word(p.detail) };
}
