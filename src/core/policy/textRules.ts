/**
 * Rules for the file and text programs allowlists usually hold: readers whose arguments are files,
 * searchers (grep, rg), find, sed, sort, tee, tar, awk. Each knows the options that run another
 * program or write a file.
 */
import { has, scanOptions, type OptionSpec } from './optionScan';
import { asks, reading, type Invocation, type ProgramRule, type RuleOutcome } from './programRule';
import { sedScriptConcern } from './sedScript';

/** Programs whose positional arguments are files read, with the options of each that run or write. */
const READERS: Record<string, OptionSpec> = {
  cat: {}, head: { valued: ['n', '-n', 'c', '-c', 'lines', 'bytes'] }, tail: { valued: ['n', '-n', 'c', '-c', 'lines', 'bytes', 's', '-s', 'pid', 'sleep-interval'] },
  wc: { reads: ['files0-from'] }, ls: { valued: ['I', '-I', 'ignore', 'hide', 'T', '-T', 'tabsize', 'w', '-w', 'width', 'time-style', 'format', 'sort', 'color', 'quoting-style', 'block-size'] },
  nl: {}, stat: { valued: ['c', '-c', 'format', 'printf'] }, du: { valued: ['d', '-d', 'max-depth', 'B', '-B', 'block-size', 'exclude', 't', '-t', 'threshold'], reads: ['files0-from', 'X', '-X', 'exclude-from'] },
  file: { writes: ['-C', 'compile'], reads: ['m', '-m', 'magic-file', 'f', '-f', 'files-from'] }, diff: { valued: ['label', 'L', '-L', 'C', '-C', 'U', '-U'], reads: ['X', '-X', 'exclude-from', 'from-file', 'to-file'] },
  cmp: {}, cut: { valued: ['d', '-d', 'f', '-f', 'b', '-b', 'c', '-c', 'delimiter', 'fields', 'bytes', 'characters', 'output-delimiter'] },
  strings: {}, od: {}, hexdump: {}, realpath: {}, readlink: {}, column: {}, fold: {}, paste: {}, comm: {}, join: {}, md5sum: {}, sha1sum: {}, sha256sum: {}, sha512sum: {},
  tree: { writes: ['-o'], valued: ['-L', '-P', '-I', 'filelimit', 'charset', 'sort'] }, basename: {}, dirname: {},
};

/** Programs none of whose options run or write: a shell glob that expands to a name like `--flag` is harmless. */
export const GLOB_SAFE = new Set([...Object.keys(READERS).filter((n) => !READERS[n].writes && !READERS[n].runs && !READERS[n].reads), 'grep', 'egrep', 'fgrep']);

/** Programs whose arguments name no files and that run nothing. */
export const INERT = new Set(['[', '[[', 'test', 'echo', 'printf', 'true', 'false', 'pwd', 'seq', 'tr', 'whoami', 'uname', 'nproc']);

const GREP: OptionSpec = {
  reads: ['f', '-f', 'file', 'exclude-from'],
  valued: ['e', '-e', 'regexp', 'm', '-m', 'max-count', 'A', '-A', 'B', '-B', 'C', '-C', 'after-context', 'before-context', 'context', 'include', 'exclude', 'exclude-dir', 'label', 'd', '-d', 'D', '-D', 'directories', 'devices', 'binary-files', 'color', 'colour', 'group-separator'],
};

const RG: OptionSpec = {
  runs: ['pre', 'hostname-bin', 'search-zip', 'z', '-z'],
  reads: ['f', '-f', 'file', 'ignore-file'],
  valued: ['e', '-e', 'regexp', 'g', '-g', 'glob', 'iglob', 't', '-t', 'type', 'T', '-T', 'type-not', 'type-add', 'type-clear', 'm', '-m', 'max-count', 'A', '-A', 'B', '-B', 'C', '-C', 'after-context', 'before-context', 'context',
    'j', '-j', 'threads', 'M', '-M', 'max-columns', 'E', '-E', 'encoding', 'r', '-r', 'replace', 'max-depth', 'd', '-d', 'max-filesize', 'pre-glob', 'sort', 'sortr', 'color', 'colors', 'context-separator', 'field-context-separator', 'field-match-separator', 'path-separator', 'engine', 'dfa-size-limit', 'regex-size-limit', 'generate', 'hyperlink-format', 'max-columns-preview'],
};

/** grep and rg: the first positional is the pattern unless -e/-f give it. */
function searcher(spec: OptionSpec, patternFlags: string[]): ProgramRule {
  return (inv) => {
    const r = scanOptions(inv.words, spec, 1, inv.trusted);
    if (r.ask) return asks(r.ask);
    const files = has(r, ...patternFlags) ? r.positionals : r.positionals.slice(1);
    return reading([...files, ...r.readPaths]);
  };
}

const FIND_RUNS = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const FIND_WRITES = new Set(['-delete', '-fprint', '-fprint0', '-fprintf', '-fls']);
const FIND_READS = new Set(['-files0-from']);

function find(inv: Invocation): RuleOutcome {
  const paths: RuleOutcome['paths'] = [];
  let i = 1;
  while (i < inv.words.length && /^-[HLP]$|^-D$|^-O\d?$/.test(inv.words[i].text)) i += inv.words[i].text === '-D' ? 2 : 1;
  for (; i < inv.words.length && !/^[-(!]/.test(inv.words[i].text) && !inv.words[i].dynamic; i++) paths.push({ word: inv.words[i] });
  for (let k = i; k < inv.words.length; k++) {
    const t = inv.words[k].text;
    if (FIND_RUNS.has(t)) return asks(`\`${t}\` runs another program`);
    if (FIND_WRITES.has(t)) return asks(`\`${t}\` ${t === '-delete' ? 'deletes' : 'writes'} files`);
    if (FIND_READS.has(t) && inv.words[k + 1]) paths.push({ word: inv.words[k + 1] });
  }
  return { paths };
}

function sed(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, { writes: ['-i', 'in-place'], reads: ['-f', 'file'], valued: ['-e', 'expression', '-l', 'line-length'] }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  if (has(r, '-f', 'file')) return asks('reads its script from a file Forge cannot check');
  // -e SCRIPT, -neSCRIPT, --expression=SCRIPT and its abbreviations (--expr=...).
  const isExpr = (name: string) => name === '-e' || (name.length >= 2 && 'expression'.startsWith(name));
  const given = r.all.filter((o) => isExpr(o.name));
  if (given.some((o) => o.value.dynamic)) return asks('has a script only known when it runs');
  const scripts = given.map((o) => o.value.text);
  const explicit = scripts.length > 0 || r.seen.some(isExpr);
  const files = explicit ? r.positionals : r.positionals.slice(1);
  if (!explicit) {
    if (!r.positionals[0] || r.positionals[0].dynamic) return asks('has a script only known when it runs');
    scripts.push(r.positionals[0].text);
  }
  for (const s of scripts) {
    const why = sedScriptConcern(s);
    if (why) return asks(why);
  }
  return reading(files);
}

function sort(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, {
    runs: ['compress-program'], writes: ['-o', 'output', '-T', 'temporary-directory'], reads: ['files0-from', 'random-source'],
    valued: ['-k', 'key', '-t', 'field-separator', '-S', 'buffer-size', 'parallel', 'batch-size', 'sort'],
  }, 1, inv.trusted);
  return r.ask ? asks(r.ask) : reading([...r.positionals, ...r.readPaths]);
}

function tee(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, { valued: ['output-error'] }, 1, inv.trusted);
  const targets = r.positionals.filter((w) => !['/dev/null', '/dev/stdout', '/dev/stderr'].includes(w.text));
  return targets.length ? asks(`writes to ${targets.map((w) => w.raw).join(', ')}`) : { paths: [] };
}

function tar(inv: Invocation): RuleOutcome {
  const words = [...inv.words];
  // Old style: the first argument is a bundle of letters without a dash (`tar xzf a.tgz`).
  if (words[1] && !words[1].text.startsWith('-') && !words[1].dynamic) words[1] = { ...words[1], text: `-${words[1].text}` };
  const r = scanOptions(words, {
    runs: ['-I', 'use-compress-program', 'to-command', 'checkpoint-action', 'info-script', 'new-volume-script', '-F', 'rsh-command', 'rmt-command', 'index-file'],
    writes: ['-x', 'extract', 'get', '-c', 'create', '-r', 'append', '-u', 'update', '-A', 'catenate', 'concatenate', 'delete', '-g', 'listed-incremental'],
    reads: ['-f', 'file', '-T', 'files-from', '-X', 'exclude-from', '-C', 'directory'],
    valued: ['-b', 'blocking-factor', '-H', 'format', '-K', 'starting-file', '-N', 'newer', 'after-date', 'exclude', 'transform', 'xform', 'owner', 'group', 'mode', 'mtime', 'strip-components', 'label', '-V'],
  }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  const archive = r.values.get('-f') ?? r.values.get('file');
  if (archive && /:/.test(archive.text) && !has(r, 'force-local')) return asks(`\`${archive.raw}\` names a remote archive (tar runs a remote shell for it)`);
  return reading([...r.positionals, ...r.readPaths]);
}

/** awk: its program can run commands (system, pipes), write files (>), read any file (getline) and the environment. */
function awk(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, { runs: ['-f', 'file', '-i', 'include', '-l', 'load', '-E', 'exec'], valued: ['-F', 'field-separator', '-v', 'assign'] }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  const program = r.positionals[0];
  if (!program || program.dynamic) return asks('has a program only known when it runs');
  if (/system|getline|ENVIRON|PROCINFO|[|>]|close|fflush|@load|@include/.test(program.text)) return asks('has an awk program that can run commands, write files or read the environment');
  return reading(r.positionals.slice(1).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)));
}

/** uniq and xxd write their second file argument. */
function secondWrites(spec: OptionSpec): ProgramRule {
  return (inv) => {
    const r = scanOptions(inv.words, spec, 1, inv.trusted);
    if (r.ask) return asks(r.ask);
    if (r.positionals.length > 1) return asks(`writes to ${r.positionals[1].raw}`);
    return reading(r.positionals);
  };
}

export const TEXT_RULES: Record<string, ProgramRule> = {
  grep: searcher(GREP, ['-e', 'regexp', '-f', 'file']), egrep: searcher(GREP, ['-e', 'regexp', '-f', 'file']), fgrep: searcher(GREP, ['-e', 'regexp', '-f', 'file']),
  rg: searcher(RG, ['-e', 'regexp', '-f', 'file', 'files', 'type-list']),
  find, sed, sort, tee, tar, awk, gawk: awk, mawk: awk,
  uniq: secondWrites({ valued: ['-f', 'skip-fields', '-s', 'skip-chars', '-w', 'check-chars', 'group', 'all-repeated'] }),
  xxd: secondWrites({ writes: ['-r', 'revert'], valued: ['-c', 'cols', '-g', 'groupsize', '-l', 'len', '-o', 'offset', '-s', 'seek', '-n', 'name'] }),
  jq: (inv) => {
    const r = scanOptions(inv.words, { reads: ['-f', 'from-file'], valued: ['arg', 'argjson', 'indent', '-L'] }, 1, inv.trusted);
    if (r.ask) return asks(r.ask);
    for (let i = 1; i < inv.words.length; i++) if (['--rawfile', '--slurpfile'].includes(inv.words[i].text)) return asks(`\`${inv.words[i].text}\` reads a file Forge does not check`);
    return reading([...(has(r, '-f', 'from-file') ? r.positionals : r.positionals.slice(1)), ...r.readPaths]);
  },
};

for (const [name, spec] of Object.entries(READERS)) {
  TEXT_RULES[name] = (inv) => {
    const r = scanOptions(inv.words, spec, 1, inv.trusted);
    return r.ask ? asks(r.ask) : reading([...r.positionals, ...r.readPaths]);
  };
}
