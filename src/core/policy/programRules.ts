/**
 * Which rule judges a program: the known programs' own rules, and for any other program a
 * generic rule (long options that sound like running or writing ask; positionals are paths).
 */
import { gitRule } from './gitRules';
import { scanOptions } from './optionScan';
import { PACKAGE_RULES } from './packageRules';
import { asks, reading, type ProgramRule } from './programRule';
import { GLOB_SAFE, INERT, TEXT_RULES } from './textRules';

/** Programs that run other commands, or change how or as whom they run: never allowed by a prefix. */
export const WRAPPERS = new Set([
  'eval', 'exec', 'coproc', 'enable', 'sudo', 'su', 'doas', 'pkexec', 'xargs', 'env', 'command', 'builtin', 'nohup', 'time', 'nice', 'ionice', 'timeout', 'watch', 'stdbuf', 'setsid', 'chroot', 'unshare', 'nsenter', 'flock',
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'busybox', 'source', '.', 'trap', 'alias', 'script', 'expect', 'parallel', 'run-parts', 'strace', 'ltrace', 'gdb', 'perl', 'ruby', 'php', 'lua', 'osascript',
]);

/** Long-option words that suggest running a program or writing a file, for programs Forge has no rule for. */
const GENERIC_DANGER = /(output|outfile|out-file|out-dir|outdir|exec|command|shell|eval|require|import|loader|preload|^pre$|preprocessor|pager|editor|config|plugin|hook|script|compress-program|to-command|upload-pack|receive-pack|rcfile|init-file|load|env-file|inspect)/;

const generic: ProgramRule = (inv) => {
  const r = scanOptions(inv.words, { writes: ['-o'] }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  for (let i = Math.max(1, inv.trusted); i < inv.words.length; i++) {
    const t = inv.words[i].text;
    if (t === '--') break;
    // --name, and single-dash long names (go test -exec, -toolexec): bundles of short flags rarely spell these words.
    const m = /^--?([A-Za-z][\w-]*)/.exec(t);
    if (m && (t.startsWith('--') || m[1].length > 2) && GENERIC_DANGER.test(m[1].toLowerCase())) return asks(`\`${t.split('=')[0]}\` may run a program or write a file (Forge has no rule for \`${inv.words[0].text}\`)`);
  }
  return reading(r.positionals);
};

const inert: ProgramRule = () => ({ paths: [] });

/** Programs that write, move or delete the files they name: every path argument is a write (protected files ask). */
const writer: ProgramRule = (inv) => {
  const r = scanOptions(inv.words, { valued: ['-m', 'mode', '-t', 'target-directory', '-S', 'suffix', 'reference', 'owner', 'group', '-o', '-g', '-s', 'size'] }, 1, inv.trusted);
  const paths = r.positionals.map((word) => {
    const eq = /^(of|if)=/.exec(word.text);
    return eq ? { word: { ...word, text: word.text.slice(3) }, write: eq[1] === 'of' } : { word, write: true };
  });
  for (const o of ['-t', 'target-directory']) {
    const v = r.values.get(o);
    if (v) paths.push({ word: v, write: true });
  }
  return { paths };
};
const WRITERS = ['cp', 'mv', 'rm', 'rmdir', 'mkdir', 'touch', 'ln', 'chmod', 'chown', 'chgrp', 'install', 'truncate', 'dd', 'rsync', 'shred', 'unlink', 'patch'];

/** cd/pushd/popd: later relative paths are judged against the command's folder, so the target must be a named workspace folder. */
const changeDir: ProgramRule = (inv) => {
  const args = inv.words.slice(1).filter((w) => w.text !== '--' && !/^-[LPe@]+$/.test(w.text));
  if (inv.words[0].text === 'popd' || args.length !== 1 || args[0].text === '-' || args[0].text === '') return asks('changes to a folder Forge cannot name (home, the previous folder or the stack)');
  return { paths: [{ word: args[0] }] };
};

const RULES: Record<string, ProgramRule> = { ...TEXT_RULES, ...PACKAGE_RULES, git: gitRule, cd: changeDir, pushd: changeDir, popd: changeDir, ...Object.fromEntries(WRITERS.map((w) => [w, writer])) };

export interface ProgramInfo {
  rule: ProgramRule;
  /** Its arguments name nothing and it runs nothing (echo): expansions in them are harmless. */
  inert: boolean;
  /** None of its options runs or writes: a glob that expands to an option-like file name is harmless. */
  globSafe: boolean;
}

export function ruleFor(program: string): ProgramInfo {
  const base = program.split('/').pop() ?? program;
  if (INERT.has(base)) return { rule: inert, inert: true, globSafe: true };
  return { rule: Object.hasOwn(RULES, base) ? RULES[base] : generic, inert: false, globSafe: GLOB_SAFE.has(base) };
}
