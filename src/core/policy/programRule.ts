/** What a program rule says about one invocation: why it must ask, or which of its words name files. */
import type { ShellWord } from './shellSyntax';

export interface Invocation {
  /** The command's words; words[0] is the program. */
  words: ShellWord[];
  /** How many leading words the matched allowlist entry covers (their options are the user's choice). */
  trusted: number;
}

export interface PathUse {
  word: ShellWord;
  /** The program writes this file. */
  write?: boolean;
}

export interface RuleOutcome {
  /** Why this invocation must ask (without the command; "`--pre` runs another program"). */
  ask?: string;
  /** Words that name files or folders (checked by the path policy). */
  paths: PathUse[];
  /** The program runs commands given by later words (npx tsc ...): checked as their own invocation. */
  inner?: Invocation;
}

export type ProgramRule = (inv: Invocation) => RuleOutcome;

export const asks = (why: string): RuleOutcome => ({ ask: why, paths: [] });
export const reading = (words: ShellWord[], extra: RuleOutcome = { paths: [] }): RuleOutcome => ({ ...extra, paths: [...words.map((word) => ({ word })), ...extra.paths] });
