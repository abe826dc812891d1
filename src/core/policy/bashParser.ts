/**
 * The ShellParser over tree-sitter-bash (the grammar @vscode/tree-sitter-wasm ships, loaded through
 * web-tree-sitter like the outliner's grammars; the host supplies the wasm bytes). The syntax tree
 * is turned into simple commands by a whitelist of node types: a node type not handled here, a
 * parse error, or a place where tree-sitter and bash are known to disagree makes the line
 * Unanalysable.
 */
import type { Node, Parser } from 'web-tree-sitter';
import type { GrammarSource } from '../context/treeSitterOutliner';
import { Unanalysable, type ShellParser, type ShellRedirect, type ShellWord, type SimpleCommand } from './shellSyntax';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const treeSitter = (): typeof import('web-tree-sitter') => require('web-tree-sitter');

/** Characters bash and tree-sitter may read differently (bash: part of a word; tree-sitter: space), or invisible ones. */
const CONFUSING = /[\0-\x08\x0b-\x1f\x7f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

export class TreeSitterShellParser implements ShellParser {
  private parser: Promise<Parser> | undefined;

  constructor(private readonly source: GrammarSource) {}

  private load(): Promise<Parser> {
    this.parser ??= (async () => {
      const { Language, Parser } = treeSitter();
      await (this.source.runtime ? Parser.init({ wasmBinary: await this.source.runtime() } as object) : Parser.init());
      const parser = new Parser();
      parser.setLanguage(await Language.load(await this.source.grammar('bash')));
      return parser;
    })();
    return this.parser;
  }

  async parse(line: string): Promise<SimpleCommand[]> {
    if (CONFUSING.test(line)) throw new Unanalysable('a control or invisible character');
    const parser = await this.load();
    const tree = parser.parse(line);
    if (!tree) throw new Unanalysable('text the shell grammar could not parse');
    try {
      const root = tree.rootNode;
      if (root.hasError) throw new Unanalysable('a syntax error (or shell syntax Forge does not know)');
      checkContinuations(line, root);
      const out: SimpleCommand[] = [];
      new Converter(out, line).statement(root);
      return out;
    } finally {
      tree.delete();
    }
  }
}

/**
 * tree-sitter treats `\` + newline as space everywhere, but bash removes it and joins the words on
 * both sides (`c\<newline>url` is curl). Such a join outside quotes and here-documents is refused.
 */
function checkContinuations(line: string, root: Node): void {
  for (let i = line.indexOf('\\\n'); i >= 0; i = line.indexOf('\\\n', i + 2)) {
    let slashes = 0;
    for (let j = i; j >= 0 && line[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) continue;
    let n: Node | null = root.descendantForIndex(i);
    let quoted = false;
    for (; n; n = n.parent) if (['raw_string', 'string', 'heredoc_body', 'simple_heredoc_body', 'comment', 'ansi_c_string'].includes(n.type)) quoted = true;
    if (quoted) continue;
    const before = line[i - 1];
    const after = line[i + 2];
    if (before !== undefined && after !== undefined && !/\s/.test(before) && !/\s/.test(after)) throw new Unanalysable('a "\\" line continuation inside a word');
  }
}

const SKIP = new Set(['comment', ';', ';;', '&', '&&', '||', '|', '|&', '(', ')', '{', '}', '!', 'if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'for', 'in', 'do', 'done', 'case', 'esac', '\n']);
const BLOCKS = new Set(['program', 'list', 'pipeline', 'subshell', 'compound_statement', 'negated_command', 'do_group', 'if_statement', 'elif_clause', 'else_clause', 'while_statement']);

class Converter {
  constructor(
    private readonly out: SimpleCommand[],
    private readonly line: string,
  ) {}

  statement(n: Node, redirects: ShellRedirect[] = []): void {
    if (BLOCKS.has(n.type)) {
      for (const c of n.children) if (c && !SKIP.has(c.type)) this.statement(c, redirects);
      return;
    }
    switch (n.type) {
      case 'comment':
        return;
      case 'command':
        return this.command(n, redirects);
      case 'redirected_statement': {
        const own = n.childrenForFieldName('redirect').filter((r): r is Node => !!r).flatMap((r) => this.redirect(r));
        // tree-sitter attaches `a && b > f` to the whole list; bash to b only: applying it to every command asks at least as often.
        const body = n.childForFieldName('body');
        if (body) this.statement(body, [...redirects, ...own]);
        else this.out.push({ assignments: [], words: [], redirects: [...redirects, ...own] });
        return;
      }
      case 'variable_assignment':
        return void this.out.push({ assignments: [this.assignment(n)], words: [], redirects });
      case 'variable_assignments':
        return void this.out.push({ assignments: n.namedChildren.filter((c): c is Node => !!c).map((c) => this.assignment(c)), words: [], redirects });
      case 'for_statement': {
        for (const v of n.childrenForFieldName('value')) if (v) this.word(v);
        const body = n.childForFieldName('body');
        if (body) this.statement(body, redirects);
        return;
      }
      case 'case_statement': {
        const value = n.childForFieldName('value');
        if (value) this.word(value);
        for (const item of n.namedChildren) {
          if (!item || item.type !== 'case_item') continue;
          const patterns = new Set(item.childrenForFieldName('value').map((v) => v?.id));
          for (const c of item.namedChildren) {
            if (!c || c.type === 'comment') continue;
            if (patterns.has(c.id)) this.word(c); // a pattern: only its substitutions run
            else this.statement(c, redirects);
          }
        }
        return;
      }
      case 'test_command': {
        // `[[ ... ]]` / `[ ... ]` / `(( ... ))`: runs nothing itself, but its words may substitute commands.
        const opener = n.children[0]?.text ?? '[[';
        if (opener === '((') arithmetic(n);
        if (opener === '[[' && n.descendantsOfType('test_operator').some((o) => /^-(eq|ne|lt|le|gt|ge)$/.test(o?.text ?? ''))) arithmetic(n);
        for (const c of n.namedChildren) if (c) this.substitutionsIn(c);
        return void this.out.push({ assignments: [], words: [literal(opener)], redirects });
      }
      default:
        throw new Unanalysable(describe(n));
    }
  }

  private command(n: Node, redirects: ShellRedirect[]): void {
    const cmd: SimpleCommand = { assignments: [], words: [], redirects: [...redirects] };
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') cmd.assignments.push(this.assignment(c));
      else if (c.type === 'command_name') cmd.words.push(this.word(c.namedChildren[0] ?? c));
      else if (c.type === 'file_redirect' || c.type === 'heredoc_redirect' || c.type === 'herestring_redirect') cmd.redirects.push(...this.redirect(c));
      else if (c.type === 'comment') continue;
      else cmd.words.push(this.word(c));
    }
    this.out.push(cmd);
  }

  private assignment(n: Node): { name: string; value: ShellWord } {
    const name = n.childForFieldName('name');
    const value = n.childForFieldName('value');
    if (!name || name.type !== 'variable_name') throw new Unanalysable('an assignment to an array element');
    return { name: name.text, value: value ? this.word(value) : literal('') };
  }

  /**
   * A here-document: its body is data on stdin, but an unquoted body expands $(...) and `...`
   * (tree-sitter does not parse backticks there: such a body asks). tree-sitter hangs the rest of
   * the line (`> file`, `&& cmd`) below the here-document node.
   */
  private heredoc(n: Node, op: string, fd: string | undefined): ShellRedirect[] {
    const out: ShellRedirect[] = [{ op: op || '<<', fd }];
    const start = n.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '';
    const quoted = /['"\\]/.test(start);
    for (const c of n.namedChildren) {
      if (!c || ['heredoc_start', 'heredoc_end', 'file_descriptor'].includes(c.type)) continue;
      if (c.type === 'heredoc_body' || c.type === 'simple_heredoc_body') {
        if (quoted) continue;
        if (c.text.includes('`')) throw new Unanalysable('a backtick in a here-document');
        if (/\$\((?!\()/.test(c.text) && !c.descendantsOfType('command_substitution').length) throw new Unanalysable('a command substitution in a here-document');
        this.substitutionsIn(c);
      } else if (c.type === 'file_redirect' || c.type === 'herestring_redirect') out.push(...this.redirect(c));
      else this.statement(c);
    }
    return out;
  }

  private redirect(n: Node): ShellRedirect[] {
    const fd = n.childForFieldName('descriptor')?.text;
    const op = n.children.find((c) => c && !c.isNamed)?.text ?? '';
    if (n.type === 'heredoc_redirect') return this.heredoc(n, op, fd);
    const dest = n.childForFieldName('destination') ?? n.namedChildren.filter((c) => c?.type !== 'file_descriptor').at(-1);
    if (!dest) throw new Unanalysable(`a "${op}" without a target`);
    if (n.namedChildren.filter((c) => c?.type !== 'file_descriptor').length > 1) throw new Unanalysable(`a "${op}" redirection with several targets`);
    return [{ op, fd, target: this.word(dest) }];
  }

  /** Collects the commands of every substitution below n (arithmetic, parameter defaults, here-documents). */
  private substitutionsIn(n: Node): void {
    if (n.type === 'command_substitution' || n.type === 'process_substitution') return void this.substitution(n);
    for (const c of n.namedChildren) if (c) this.substitutionsIn(c);
  }

  private substitution(n: Node): void {
    for (const c of n.namedChildren) if (c && c.type !== 'comment') this.statement(c);
  }

  word(n: Node): ShellWord {
    const w: ShellWord = { text: '', raw: n.text, dynamic: false, glob: false, vars: [] };
    this.part(n, w);
    return w;
  }

  private part(n: Node, w: ShellWord): void {
    switch (n.type) {
      case 'word':
      case 'number':
      case 'file_descriptor':
      case 'variable_name':
        return void (w.text += unquoted(n.text, w));
      case 'raw_string':
        return void (w.text += n.text.slice(1, -1));
      case 'ansi_c_string': {
        // /bin/sh (dash) and bash disagree on $'...': its value is taken as unknown.
        w.dynamic = true;
        return;
      }
      case 'string':
      case 'translated_string': {
        const s = n.type === 'translated_string' ? n.namedChildren[0] : n;
        if (!s) return;
        let at = s.startIndex + 1;
        for (const c of s.namedChildren) {
          if (!c) continue;
          w.text += dq(this.line.slice(at, c.startIndex));
          if (c.type === 'string_content') w.text += dq(c.text);
          else this.part(c, w);
          at = c.endIndex;
        }
        w.text += dq(this.line.slice(at, s.endIndex - 1));
        return;
      }
      case 'concatenation':
        // Brace expansion (`{a,b}`, `{1..3}`) spans several tokens: the whole word is then unknown.
        if (/\{[^}]*(,|\.\.)[^}]*\}/.test(n.text)) {
          w.glob = true;
          w.dynamic = true;
        }
        for (const c of n.children) if (c) this.part(c, w);
        return;
      case 'simple_expansion':
      case 'expansion': {
        w.dynamic = true;
        const v = n.namedChildren.find((c) => c?.type === 'variable_name' || c?.type === 'special_variable_name');
        if (v) w.vars.push(v.text);
        if (n.type === 'expansion') {
          if (/@[PEAKaQUuLk]\}$/.test(n.text)) throw new Unanalysable('a ${...@P}-style transformation');
          // An indirect name or an array subscript is evaluated as arithmetic, which can run `a[$(cmd)]` held in a variable.
          if (n.text.startsWith('${!')) throw new Unanalysable('an indirect expansion ${!...}');
          for (const s of n.descendantsOfType('subscript')) if (s && !/^(\d+|@|\*)$/.test(s.childForFieldName('index')?.text ?? '')) throw new Unanalysable('an array subscript that is evaluated as arithmetic');
        }
        for (const c of n.namedChildren) if (c) this.substitutionsIn(c);
        return;
      }
      case 'command_substitution':
        w.dynamic = true;
        return this.substitution(n);
      case 'process_substitution':
        w.procsub = true;
        return this.substitution(n);
      case 'arithmetic_expansion':
        w.dynamic = true;
        arithmetic(n);
        return this.substitutionsIn(n);
      case 'brace_expression':
        w.glob = true;
        w.dynamic = true;
        return;
      case 'extglob_pattern':
        w.glob = true;
        w.text += n.text;
        return;
      default:
        if (!n.isNamed) return void (w.text += unquoted(n.text, w));
        throw new Unanalysable(describe(n));
    }
  }
}

/**
 * Arithmetic evaluates variables recursively, and a value like `a[$(cmd)]` (set by a for loop,
 * printf -v or read) runs cmd: arithmetic that names any variable is refused; constants pass.
 */
function arithmetic(n: Node): void {
  const body = n.text.replace(/^\$?\(\(|\)\)$/g, '');
  if (/[A-Za-z_$`\[\\]/.test(body)) throw new Unanalysable('arithmetic on variables (which can run commands held in them)');
}

/** An unquoted word part: backslash escapes removed; unquoted glob and brace characters noted. */
function unquoted(text: string, w: ShellWord): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] !== '\n') out += text[i + 1] ?? '';
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') w.glob = true;
    if (c === '{' && /\{[^}]*(,|\.\.)[^}]*\}/.test(text.slice(i))) {
      w.glob = true;
      w.dynamic = true;
    }
    out += c;
  }
  return out;
}

/** Backslash escapes inside double quotes. */
function dq(text: string): string {
  return text.replace(/\\([\\"$`\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

function literal(text: string): ShellWord {
  return { text, raw: text, dynamic: false, glob: false, vars: [] };
}

const NAMES: Record<string, string> = {
  function_definition: 'a function definition', declaration_command: 'a declaration (export, declare, local, readonly)', unset_command: 'unset',
  c_style_for_statement: 'a C-style for loop', arithmetic_expansion: 'arithmetic', ERROR: 'a syntax error',
};

function describe(n: Node): string {
  return NAMES[n.type] ?? `shell syntax Forge does not check ("${n.type}": ${JSON.stringify(n.text.slice(0, 40))})`;
}
