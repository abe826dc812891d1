/**
 * A conservative POSIX-shell reader for command approval: splits a command line into its simple
 * commands (across ;, &, &&, ||, |, newlines, $(...) and backticks) with their words and
 * redirections. Anything it does not fully understand (subshells, here-docs, arithmetic, process
 * substitution, unterminated quotes) throws Unanalysable, and the caller asks the user.
 */

export class Unanalysable extends Error {}

export interface ShellWord {
  text: string;
  /** Contains a parameter expansion or command substitution: its value is not known here. */
  dynamic: boolean;
}

export interface ShellRedirect {
  op: string;
  target: ShellWord;
}

export interface SimpleCommand {
  words: ShellWord[];
  redirects: ShellRedirect[];
}

const VAR_START = /[A-Za-z_@*#?$!0-9-]/;

export function parseShell(line: string): SimpleCommand[] {
  const p = new ShellParser(line, 0);
  p.parseList(undefined);
  return p.commands.filter((c) => c.words.length > 0 || c.redirects.length > 0);
}

class ShellParser {
  commands: SimpleCommand[] = [];
  private cur: SimpleCommand = { words: [], redirects: [] };
  private word: ShellWord | null = null;

  constructor(private readonly s: string, public pos: number) {}

  private endWord(): void {
    if (this.word) this.cur.words.push(this.word);
    this.word = null;
  }

  private endCommand(): void {
    this.endWord();
    this.commands.push(this.cur);
    this.cur = { words: [], redirects: [] };
  }

  private w(): ShellWord {
    return (this.word ??= { text: '', dynamic: false });
  }

  /** Reads commands until the end of the text, or until `)` when `close` is ')'. */
  parseList(close: ')' | undefined): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos];
      const next = s[this.pos + 1];
      if (c === ')') {
        if (close !== ')') throw new Unanalysable('an unbalanced ")"');
        this.pos++;
        this.endCommand();
        return;
      }
      if (c === ' ' || c === '\t') {
        this.endWord();
        this.pos++;
      } else if (c === '\n' || c === ';') {
        if (c === ';' && next === ';') throw new Unanalysable('a case statement');
        this.endCommand();
        this.pos++;
      } else if (c === '&') {
        if (next === '>') this.redirect();
        else {
          this.pos += next === '&' ? 2 : 1;
          this.endCommand();
        }
      } else if (c === '|') {
        this.pos += next === '|' || next === '&' ? 2 : 1;
        this.endCommand();
      } else if (c === '#' && this.word === null) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '(') {
        throw new Unanalysable('a subshell or grouping "("');
      } else if (c === '<' || c === '>') {
        this.redirect();
      } else {
        this.wordChar();
      }
    }
    if (close === ')') throw new Unanalysable('an unterminated "$("');
    this.endCommand();
  }

  /** One character (or quoted run / expansion) of a word. */
  private wordChar(): void {
    const s = this.s;
    const c = s[this.pos];
    if (c === "'") {
      const end = s.indexOf("'", this.pos + 1);
      if (end < 0) throw new Unanalysable('an unterminated single quote');
      this.w().text += s.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else if (c === '"') {
      this.w();
      this.pos++;
      for (;;) {
        if (this.pos >= s.length) throw new Unanalysable('an unterminated double quote');
        const d = s[this.pos];
        if (d === '"') {
          this.pos++;
          break;
        }
        if (d === '\\' && '"\\$`\n'.includes(s[this.pos + 1] ?? '')) {
          if (s[this.pos + 1] !== '\n') this.w().text += s[this.pos + 1];
          this.pos += 2;
        } else if (d === '$') this.dollar();
        else if (d === '`') this.backtick();
        else {
          this.w().text += d;
          this.pos++;
        }
      }
    } else if (c === '\\') {
      const n = s[this.pos + 1];
      if (n === undefined) throw new Unanalysable('a trailing backslash');
      if (n !== '\n') this.w().text += n;
      this.pos += 2;
    } else if (c === '$') this.dollar();
    else if (c === '`') this.backtick();
    else {
      this.w().text += c;
      this.pos++;
    }
  }

  private dollar(): void {
    const s = this.s;
    const n = s[this.pos + 1];
    const word = this.w();
    if (n === '(') {
      if (s[this.pos + 2] === '(') throw new Unanalysable('arithmetic expansion "$(("');
      const sub = new ShellParser(s, this.pos + 2);
      sub.parseList(')');
      this.commands.push(...sub.commands.filter((c) => c.words.length || c.redirects.length));
      this.pos = sub.pos;
      word.dynamic = true;
    } else if (n === '{') {
      const end = s.indexOf('}', this.pos + 2);
      if (end < 0) throw new Unanalysable('an unterminated "${"');
      const inner = s.slice(this.pos + 2, end);
      if (/[`$(]/.test(inner)) throw new Unanalysable('an expansion inside "${...}"');
      this.pos = end + 1;
      word.dynamic = true;
    } else if (n === "'" || n === '"') {
      throw new Unanalysable('a $\'...\' or $"..." string');
    } else if (n !== undefined && VAR_START.test(n)) {
      let end = this.pos + 2;
      if (/[A-Za-z_]/.test(n)) while (end < s.length && /[A-Za-z0-9_]/.test(s[end])) end++;
      this.pos = end;
      word.dynamic = true;
    } else {
      word.text += '$';
      this.pos++;
    }
  }

  private backtick(): void {
    const s = this.s;
    let i = this.pos + 1;
    let inner = '';
    for (;;) {
      if (i >= s.length) throw new Unanalysable('an unterminated backtick');
      if (s[i] === '\\' && (s[i + 1] === '`' || s[i + 1] === '\\' || s[i + 1] === '$')) {
        inner += s[i + 1];
        i += 2;
      } else if (s[i] === '`') break;
      else inner += s[i++];
    }
    this.commands.push(...parseShell(inner));
    this.w().dynamic = true;
    this.pos = i + 1;
  }

  private redirect(): void {
    const s = this.s;
    // A word made only of digits right before the operator is its file descriptor (2>file).
    if (this.word && /^\d+$/.test(this.word.text) && !this.word.dynamic) this.word = null;
    else this.endWord();
    const rest = s.slice(this.pos);
    const m = /^(&>>|&>|>>|>\||>&|<&|<<<|<<|<>|>|<)/.exec(rest)!;
    const op = m[1];
    if (op === '<<') throw new Unanalysable('a here-document "<<"');
    this.pos += op.length;
    if (s[this.pos] === '(') throw new Unanalysable('process substitution');
    while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
    const stop = /[\s;&|<>()]/;
    const saved = this.word;
    this.word = null;
    while (this.pos < s.length && !stop.test(s[this.pos])) this.wordChar();
    const target = this.word as ShellWord | null;
    this.word = saved;
    if (!target) throw new Unanalysable(`a "${op}" without a target`);
    this.cur.redirects.push({ op, target });
  }
}
