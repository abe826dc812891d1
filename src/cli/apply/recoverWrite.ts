/**
 * What the CLI does about a change set whose write was interrupted (a journal left in
 * <root>/.forge/journal by a killed process, see writeJournal): `forge apply` and `forge run`
 * refuse to start and say which files hold their old and which their new bytes;
 * `forge apply --recover` shows the same, `--recover finish` completes the write and
 * `--recover rollback` puts every file back as it was.
 */
import { describeJournal, journalDirOf, leftoverJournals, recoverJournal } from '../../node/write/writeJournal';
import { EXIT_OK, EXIT_REFUSED } from '../io';

export type RecoverAction = 'status' | 'finish' | 'rollback';

/** The message for a root with an interrupted write, or undefined when there is none. */
export function interruptedWriteNotice(root: string, command: string): string | undefined {
  const journals = leftoverJournals(journalDirOf(root));
  if (journals.length === 0) return undefined;
  return `${command}: an earlier write of a change set was interrupted; its files are now:\n${journals.map((j) => describeJournal(j, root)).join('\n')}\n` +
    `Run \`forge apply --root ${root} --recover finish\` to complete it or \`--recover rollback\` to put every file back; nothing else is written until then.\n`;
}

export function recoverWrites(root: string, action: RecoverAction, out: (t: string) => void, err: (t: string) => void): number {
  const journals = leftoverJournals(journalDirOf(root));
  if (journals.length === 0) {
    out('No interrupted write to recover.\n');
    return EXIT_OK;
  }
  if (action === 'status') {
    out(`${interruptedWriteNotice(root, 'forge apply')}`);
    return EXIT_REFUSED;
  }
  for (const j of journals) {
    const before = describeJournal(j, root);
    const r = recoverJournal(j, action);
    if (!r.ok) {
      err(`forge apply: ${r.error}\n`);
      return EXIT_REFUSED;
    }
    out(`${action === 'finish' ? 'Finished' : 'Rolled back'} the interrupted write; before:\n${before}\n`);
  }
  out(`Every file now holds its ${action === 'finish' ? 'new' : 'old'} bytes.\n`);
  return EXIT_OK;
}
