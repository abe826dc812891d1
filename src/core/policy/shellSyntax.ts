/**
 * What the command policy knows of a shell command line: its simple commands, each with its
 * assignments, words and redirections, as the shell would see them. A ShellParser builds this from
 * a real grammar (see bashParser.ts); anything it does not fully understand throws Unanalysable,
 * and the caller asks the user.
 */

/** The line cannot be checked; the message names what was not understood ("a function definition"). */
export class Unanalysable extends Error {}

export interface ShellWord {
  /** The word's value after quote removal; parts only known at run time are left out. */
  text: string;
  /** The source text of the word. */
  raw: string;
  /** Contains an expansion or substitution: its value is only known when it runs. */
  dynamic: boolean;
  /** Contains an unquoted glob (`*`, `?`, `[`) or brace expansion: it may become several words. */
  glob: boolean;
  /** Is or contains a process substitution `<(...)`: the shell passes a /dev/fd path, never an option. */
  procsub?: boolean;
  /** Names of the variables it expands (`$HOME` -> HOME). */
  vars: string[];
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `&>`, `>&`, `<<`, `<<<`, ... */
  op: string;
  /** The file descriptor before the operator, when given (`2>` -> "2"). */
  fd?: string;
  /** The target word; undefined for a here-document (its body is data, given on stdin). */
  target?: ShellWord;
}

export interface SimpleCommand {
  /** `NAME=value` words before the command (or a line that only assigns). */
  assignments: { name: string; value: ShellWord }[];
  /** The command name and its arguments. */
  words: ShellWord[];
  redirects: ShellRedirect[];
}

/** Turns a command line into its simple commands (including those inside substitutions, loops, groups). */
export interface ShellParser {
  /** Throws Unanalysable when the line is not fully understood. */
  parse(line: string): Promise<SimpleCommand[]>;
}

/** A simple command as text, for display ("git log --oneline"). */
export function commandText(c: SimpleCommand): string {
  const parts = [...c.assignments.map((a) => `${a.name}=${a.value.raw}`), ...c.words.map((w) => w.raw)];
  for (const r of c.redirects) parts.push(`${r.fd ?? ''}${r.op}${r.target ? r.target.raw : ''}`);
  return parts.join(' ');
}
