/**
 * Command approval. A line runs without asking only when every simple command in it (across
 * lists, pipes, substitutions, groups, loops and here-documents, as tree-sitter-bash reads it)
 * is allowed as invoked: its program is on the allowlist by a word prefix, no wrapper runs another
 * command, its program's rule finds no option that runs a program or writes a file, every
 * argument naming a file passes the path policy (inside the workspace, not secret, not protected),
 * no redirection writes or reads a file it should not, and no variable that holds a key is
 * expanded. Anything that cannot be parsed asks. Allowlist entries are word prefixes: "git status"
 * allows "git status --short".
 */
import { isSecretPath } from '../context/secrets';
import { pathConcern, placePath } from '../context/pathPolicy';
import { ruleFor, WRAPPERS } from './programRules';
import type { Invocation, PathUse } from './programRule';
import { commandText, Unanalysable, type ShellParser, type ShellWord, type SimpleCommand } from './shellSyntax';

export interface CommandVerdict {
  /** 'allow': run without asking; 'ask': the user must approve. */
  verdict: 'allow' | 'ask';
  /** Why it must ask (one sentence), or what made it allowed. */
  reason: string;
  /** The simple commands found, as text (for display). */
  commands: string[];
}

export interface CommandCheckOptions {
  allowlist: readonly string[];
  /** The workspace-relative folder the command runs in ('' for the root). */
  cwd?: string;
  /** Environment variables that hold keys (FORGE_API_KEY, a profile's apiKeyEnv, ...). */
  secretVars?: readonly string[];
  /** Follows symbolic links: the workspace-relative real path, or null when it leads outside. */
  realPath?: (path: string) => Promise<string | null>;
}

/** A suggested default for settings: read-only inspection and the usual test commands. */
export const DEFAULT_COMMAND_ALLOWLIST = ['ls', 'pwd', 'echo', 'true', 'false', 'test', '[', '[[', 'wc', 'cat', 'head', 'tail', 'grep', 'rg', 'git status', 'git diff', 'git log', 'git show', 'npm test', 'npm run test', 'node --test', 'npx tsc --noEmit'];

/** The variables Forge reads keys from: never given to children, never expanded without asking. */
export const KEY_ENV_NAMES = ['FORGE_API_KEY', 'OPENAI_API_KEY'] as const;

/** Variables whose names say they hold a secret. */
const SECRET_VAR = /(KEY|TOKEN|SECRET|PASSW(OR)?D|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE)/i;
const SAFE_DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

export async function checkCommand(parser: ShellParser | undefined, line: string, opts: CommandCheckOptions): Promise<CommandVerdict> {
  if (!parser) return { verdict: 'ask', reason: 'This host has no shell parser, so every command asks.', commands: [] };
  let cmds: SimpleCommand[];
  try {
    cmds = await parser.parse(line);
  } catch (e) {
    if (e instanceof Unanalysable) return { verdict: 'ask', reason: `The command line contains ${e.message}, which Forge cannot check.`, commands: [] };
    return { verdict: 'ask', reason: `Forge could not read the command line with its shell parser (${(e as Error).message}), so it asks.`, commands: [] };
  }
  const commands = cmds.map(commandText);
  if (cmds.length === 0) return { verdict: 'ask', reason: 'The command line has no command.', commands };
  const entries = opts.allowlist.map((e) => e.trim().split(/\s+/).filter(Boolean)).filter((e) => e.length > 0);
  const ask = (i: number, why: string): CommandVerdict => ({ verdict: 'ask', reason: `\`${commands[i]}\` ${why}.`, commands });
  const cwd = opts.cwd ?? '';
  for (const [i, c] of cmds.entries()) {
    const found = checkOne(c, entries, opts);
    if (typeof found === 'string') return ask(i, found);
    for (const use of found) {
      const why = await pathProblem(use, cwd, opts);
      if (why) return ask(i, why);
    }
  }
  return { verdict: 'allow', reason: 'Every command is on the allowlist and uses only workspace files.', commands };
}

/** Why this simple command needs approval, or the file arguments still to check. */
function checkOne(c: SimpleCommand, entries: string[][], opts: CommandCheckOptions): string | PathUse[] {
  const secretVar = [...c.words, ...c.assignments.map((a) => a.value), ...c.redirects.flatMap((r) => (r.target ? [r.target] : []))]
    .flatMap((w) => w.vars)
    .find((v) => opts.secretVars?.includes(v) || SECRET_VAR.test(v));
  if (secretVar) return `expands $${secretVar}, which may hold a secret`;
  if (c.assignments.length) return `sets ${c.assignments.map((a) => a.name).join(', ')} (a variable can change what a program runs)`;
  const paths: PathUse[] = [];
  for (const r of c.redirects) {
    if (!r.target) continue; // here-document: data on stdin (its substitutions are commands of their own)
    const t = r.target.text;
    if (r.target.dynamic || r.target.glob) return `redirects to a target only known when it runs`;
    if ((r.op === '>&' || r.op === '<&') && /^(\d+-?|-)$/.test(t)) continue;
    if (r.op === '<<<') continue;
    if (/^\/dev\/(tcp|udp)\//.test(t)) return `opens a network connection through ${t}`;
    const reads = r.op === '<';
    if (SAFE_DEVICES.has(t) && (!reads || t === '/dev/null')) continue;
    if (!reads) return `writes to ${t} through a redirection`;
    paths.push({ word: r.target });
  }
  if (c.words.length === 0) return paths;
  const first = c.words[0];
  if (first.dynamic || first.glob) return 'has a command name that is only known when it runs';
  const name = first.text;
  const base = name.split('/').pop()!;
  if (WRAPPERS.has(name) || WRAPPERS.has(base)) return 'runs other commands';
  const entry = entries.filter((e) => e.length <= c.words.length && e.every((w, i) => !c.words[i].dynamic && !c.words[i].glob && c.words[i].text === w)).sort((a, b) => b.length - a.length)[0];
  if (!entry) return 'is not on the allowlist';
  return judge({ words: c.words, trusted: entry.length }, paths, 0);
}

/** Applies the program's rule (and that of a program it runs, as npx does). */
function judge(inv: Invocation, paths: PathUse[], depth: number): string | PathUse[] {
  const name = inv.words[0].text;
  if (inv.words[0].dynamic || inv.words[0].glob) return 'runs a program only known when it runs';
  if (depth > 0 && (WRAPPERS.has(name) || WRAPPERS.has(name.split('/').pop()!))) return `runs ${name}, which runs other commands`;
  const { rule, inert, globSafe } = ruleFor(name);
  if (!inert) {
    const dyn = inv.words.slice(1).find((w) => w.dynamic);
    if (dyn) return `has an argument only known when it runs (\`${dyn.raw}\`), which could be an option`;
  }
  if (!globSafe) {
    const end = inv.words.findIndex((w) => w.text === '--' && !w.dynamic);
    const glob = inv.words.slice(1, end < 0 ? undefined : end).find((w) => w.glob);
    if (glob) return `has a pattern \`${glob.raw}\` that the shell expands to file names, which ${name} could read as options`;
  }
  const out = rule(inv);
  if (out.ask) return out.ask;
  if (out.inner) {
    if (depth > 2) return 'nests programs too deeply to check';
    const inner = judge(out.inner, [], depth + 1);
    if (typeof inner === 'string') return inner;
    paths.push(...inner);
  }
  return [...paths, ...out.paths];
}

/** The path policy for one argument: outside the workspace, secret-looking, protected, or a glob that may match a secret. */
async function pathProblem(use: PathUse, cwd: string, opts: CommandCheckOptions): Promise<string | undefined> {
  const w: ShellWord = use.word;
  if (w.dynamic) return `has a path only known when it runs (\`${w.raw}\`)`;
  if (w.procsub) return w.text === '' ? undefined : `has a path joined to a process substitution (\`${w.raw}\`)`;
  const text = w.text;
  if (text === '' || text === '-') return undefined;
  const why = pathConcern(text, cwd, { write: use.write });
  if (why) return `names \`${w.raw}\`, which ${why}`;
  if (w.glob && globMaySecret(text)) return `has a pattern \`${w.raw}\` that can match a secrets file`;
  const place = placePath(text, cwd);
  if (opts.realPath && place.inside && !w.glob) {
    const real = await opts.realPath(place.path);
    if (real === null) return `names \`${w.raw}\`, which leads outside the workspace through a symbolic link`;
    if (real !== place.path) {
      const again = pathConcern(real, '', { write: use.write });
      if (again) return `names \`${w.raw}\`, which is a link to a file that ${again}`;
    }
  }
  return undefined;
}

const SECRET_SAMPLES = ['.env', '.env.local', '.env.production', 'id_rsa', 'id_ed25519', 'server.pem', 'server.key', 'cert.p12', 'cert.pfx', '.npmrc', '.netrc'];

/** Whether a glob's last segment could match a secret-looking file name. */
function globMaySecret(pattern: string): boolean {
  const last = pattern.split('/').pop() ?? pattern;
  if (!/[*?[]/.test(last)) return isSecretPath(last);
  let re = '';
  for (let i = 0; i < last.length; i++) {
    const c = last[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = last.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${last.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`);
  return SECRET_SAMPLES.some((s) => rx.test(s) && (!s.startsWith('.') || last.startsWith('.') || last.startsWith('[') || last.startsWith('?')));
}
