/**
 * git: its global options (`-c`, `--config-env` and `--exec-path` change what it runs; `-C`,
 * `--git-dir`, `--work-tree` name folders), then per subcommand the options that run programs
 * (external diff, textconv, pagers, upload-pack, rebase --exec, ...), that write files
 * (`--output`), and the forms of listing subcommands that change the repository (`git branch x`).
 */
import { has, scanOptions } from './optionScan';
import { asks, type Invocation, type PathUse, type RuleOutcome } from './programRule';
import type { ShellWord } from './shellSyntax';

const GLOBAL_FLAGS = new Set(['-p', '--paginate', '-P', '--no-pager', '--bare', '--no-replace-objects', '--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks', '--no-advice', '--version', '--help', '-h']);
const GLOBAL_PATHS = new Set(['-C', '--git-dir', '--work-tree']);

/** Options of any subcommand that run another program or write files. */
const RUNS = ['ext-diff', 'textconv', 'filters', 'open-files-in-pager', 'upload-pack', 'receive-pack', 'exec', 'extcmd', 'tool', 'gui', 'web', 'browser', 'editor', 'template', 'separate-git-dir', 'config', 'reference-if-able', 'run'];
const WRITES = ['output', 'output-directory', 'in-place'];

/** Subcommands that run programs by design, or change the repository in ways no allowlist prefix should imply. */
const ALWAYS_ASK: Record<string, string> = {
  bisect: 'can run commands (`git bisect run`)', 'filter-branch': 'runs shell snippets', 'filter-repo': 'runs code', difftool: 'runs a diff tool', mergetool: 'runs a merge tool',
  instaweb: 'starts a web server', daemon: 'starts a server', 'send-email': 'sends mail', credential: 'prints stored credentials', 'credential-store': 'prints stored credentials',
  'web--browse': 'runs a browser', 'upload-pack': 'runs a transport helper', 'receive-pack': 'runs a transport helper', 'remote-ext': 'runs a command', 'fsmonitor--daemon': 'starts a daemon',
};

const SHORT_RUNS: Record<string, string[]> = { grep: ['-O'], rebase: ['-x'], clone: ['-u', '-c'], 'ls-remote': ['-u'], fetch: ['-u'], pull: ['-u'],  archive: [] };
const SHORT_WRITES: Record<string, string[]> = { 'format-patch': ['-o'], diff: ['-o'], log: ['-o'], show: ['-o'] };

/** Listing forms: these subcommands are read-only only with these options and no positional arguments. */
const LISTING: Record<string, { flags: RegExp; positionals: number; sub?: RegExp; readFlags?: RegExp }> = {
  branch: { flags: /^(-a|-r|-v|-vv|-l|--list|--all|--remotes|--verbose|--show-current|--contains|--no-contains|--merged|--no-merged|--points-at|--sort|--format|--color|--no-color|--column|--no-column|--abbrev|--no-abbrev|-i|--ignore-case|--omit-empty)(=.*)?$/, positionals: 0 },
  tag: { flags: /^(-l|--list|-n\d*|--contains|--no-contains|--merged|--no-merged|--points-at|--sort|--format|--color|--column|--no-column|-i|--ignore-case|--omit-empty)(=.*)?$/, positionals: 0 },
  config: { flags: /^(--get|--get-all|--get-regexp|--get-urlmatch|-l|--list|--show-origin|--show-scope|--name-only|--null|-z|--local|--global|--system|--worktree|--includes|--no-includes|--type|--bool|--int|--path|--default)(=.*)?$/, positionals: 2, sub: /^(get|list)$/, readFlags: /^(--get|--get-all|--get-regexp|--get-urlmatch|-l|--list)$/ },
  stash: { flags: /^.*$/, positionals: 2, sub: /^(list|show)$/ },
  remote: { flags: /^(-v|--verbose)$/, positionals: 2, sub: /^(show|get-url)$/ },
  worktree: { flags: /^(--porcelain|-v|--verbose|-z)$/, positionals: 1, sub: /^list$/ },
  notes: { flags: /^.*$/, positionals: 2, sub: /^(list|show)$/ },
  reflog: { flags: /^.*$/, positionals: 2, sub: /^(show|exists)$/ },
};

const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

export function gitRule(inv: Invocation): RuleOutcome {
  const w = inv.words;
  const paths: PathUse[] = [];
  let i = 1;
  for (; i < w.length; i++) {
    const t = w[i].text;
    if (!t.startsWith('-') || w[i].dynamic) break;
    const [name, value] = t.includes('=') ? [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] : [t, undefined];
    const mine = i >= inv.trusted;
    if (mine && (name === '-c' || name === '--config-env' || /^-c./.test(t))) return asks(`\`${t}\` sets git configuration, which can name programs to run`);
    if (name === '-c' || name === '--config-env') {
      if (value === undefined && name === '-c') i++;
      continue;
    }
    if (/^-c./.test(t)) continue;
    if (mine && name === '--exec-path' && value !== undefined) return asks('`--exec-path` makes git run programs from another folder');
    if (GLOBAL_PATHS.has(name)) {
      const v = value !== undefined ? { ...w[i], text: value } : w[++i];
      if (!v) return asks(`\`${t}\` has no value`);
      paths.push({ word: v });
      continue;
    }
    if (name === '--namespace' || name === '--attr-source' || name === '--list-cmds' || name === '--exec-path') {
      if (value === undefined && name !== '--exec-path') i++;
      continue;
    }
    if (mine && !GLOBAL_FLAGS.has(name)) return asks(`\`${t}\` is a git option Forge does not check`);
  }
  const subWord = w[i];
  if (!subWord) return { paths };
  if (subWord.dynamic) return asks('has a git subcommand only known when it runs');
  const sub = subWord.text;
  if (own(ALWAYS_ASK, sub)) return asks(`\`git ${sub}\` ${ALWAYS_ASK[sub]}`);
  const trusted = Math.max(inv.trusted, 0);
  const r = scanOptions(w, {
    runs: [...RUNS, ...(own(SHORT_RUNS, sub) ?? [])],
    writes: [...WRITES, ...(own(SHORT_WRITES, sub) ?? [])],
    safe: ['text'],
    valued: ['-n', 'max-count', 'skip', 'since', 'until', 'author', 'committer', 'grep', 'format', 'pretty', 'date', '-S', '-G', '-L', 'diff-filter', 'abbrev', 'unified', '-U', 'relative', 'src-prefix', 'dst-prefix', 'word-diff-regex', 'color-words', 'sort', 'contains', 'points-at', 'merged', 'no-merged', '-e', '-m', 'message'],
  }, i + 1, trusted);
  if (r.ask) return asks(r.ask);
  if (sub === 'submodule' && r.positionals.some((p) => p.text === 'foreach')) return asks('`git submodule foreach` runs commands');
  if (sub === 'rebase' && has(r, '-i', 'interactive')) return asks('`git rebase -i` runs an editor');
  const listing = own(LISTING, sub);
  if (listing && i + 1 >= trusted) {
    const args = w.slice(i + 1);
    const pos = args.filter((a) => !a.text.startsWith('-'));
    const badFlag = args.find((a) => a.text.startsWith('-') && !listing.flags.test(a.text));
    const reads = listing.readFlags ? args.some((a) => listing.readFlags!.test(a.text.split('=')[0])) : false;
    const subOk = reads || (listing.sub ? pos.length === 0 || listing.sub.test(pos[0].text) : pos.length === 0);
    if (badFlag || !subOk || pos.length > listing.positionals) return asks(`\`git ${sub}\` in this form changes the repository`);
  }
  if (sub === 'grep') return { paths: [...paths, ...pathsOf(has(r, '-e', '-f') ? r.positionals : r.positionals.slice(1))] };
  return { paths: [...paths, ...pathsOf(r.positionals)] };
}

/** git positionals: revisions and paths; `rev:path` names a path in history (checked for secrets). */
function pathsOf(words: ShellWord[]): PathUse[] {
  return words.map((word) => {
    const colon = word.text.indexOf(':');
    return colon > 0 && !word.text.startsWith('/') ? { word: { ...word, text: word.text.slice(colon + 1) || '.' } } : { word };
  });
}
