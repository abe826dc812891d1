/**
 * The mention list's fixed rows in the user's language: the slash commands (their English is
 * SLASH_COMMANDS in src/core) and the mention kinds the host lists for a bare `@` (their English
 * is in mentionCompletion.ts). Looked up by that English, so any other detail (a folder, a symbol's
 * file) stays as it came; a unit test keeps every core text in these tables.
 */
import * as l10n from '@vscode/l10n';

export const LIST_DETAILS: Record<string, () => string> = {
  // Slash commands.
  'change the selected code as you say': () => l10n.t('change the selected code as you say'),
  'fix the Problems list (errors and warnings)': () => l10n.t('fix the Problems list (errors and warnings)'),
  'write or repair tests for what you mention': () => l10n.t('write or repair tests for what you mention'),
  'explain the mentioned code (no edits)': () => l10n.t('explain the mentioned code (no edits)'),
  'make a plan first; no edits until you approve it': () => l10n.t('make a plan first; no edits until you approve it'),
  "summarise this task's history now (pinned context stays verbatim)": () => l10n.t("summarise this task's history now (pinned context stays verbatim)"),
  'start a new task (with the rest of the message, if any)': () => l10n.t('start a new task (with the rest of the message, if any)'),
  // Mention kinds.
  'a file, or lines of it (path:10-40)': () => l10n.t('a file, or lines of it (path:10-40)'),
  'a folder: its tree and outlines': () => l10n.t('a folder: its tree and outlines'),
  'a function, class or type by name': () => l10n.t('a function, class or type by name'),
  'the Problems list': () => l10n.t('the Problems list'),
  'uncommitted changes (git diff)': () => l10n.t('uncommitted changes (git diff)'),
  'staged changes (git diff --cached)': () => l10n.t('staged changes (git diff --cached)'),
  'the selected code': () => l10n.t('the selected code'),
  "the terminal's last command and its output": () => l10n.t("the terminal's last command and its output"),
};

/** A list row's detail in the user's language (as it came when it is not one of the fixed texts). */
export function listDetail(detail: string | undefined): string | undefined {
  return detail === undefined ? undefined : Object.hasOwn(LIST_DETAILS, detail) ? LIST_DETAILS[detail]!() : detail;
}
