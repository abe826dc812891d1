/**
 * Command approval: a command line runs without asking only when every simple command in it
 * (across &&, ||, ;, |, newlines, $(...) and backticks) is on the allowlist on its own, none writes
 * through a redirection, and none touches a secret-looking file. Anything that cannot be
 * analysed asks. Allowlist entries are word prefixes: "git status" allows "git status --short".
 */
import { isSecretPath } from '../context/secrets';
import { parseShell, Unanalysable, type SimpleCommand } from './shellParse';

export interface CommandVerdict {
  /** 'allow': run without asking; 'ask': the user must approve. */
  verdict: 'allow' | 'ask';
  /** Why it must ask (one sentence), or what made it allowed. */
  reason: string;
  /** The simple commands found, as text (for display). */
  commands: string[];
}

/** Commands that run other commands or change who runs them: never auto-approved by a prefix. */
const WRAPPERS = new Set(['eval', 'exec', 'sudo', 'su', 'doas', 'xargs', 'env', 'command', 'builtin', 'nohup', 'time', 'nice', 'timeout', 'watch', 'sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'source', '.', 'trap', 'alias']);
/** find actions that run or delete things. */
const FIND_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprintf', '-fls']);
const SAFE_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

/** A suggested default for settings: read-only inspection and the usual test commands. */
export const DEFAULT_COMMAND_ALLOWLIST = ['ls', 'pwd', 'echo', 'wc', 'git status', 'git diff', 'git log', 'git show', 'npm test', 'npm run test', 'node --test', 'npx tsc --noEmit'];

export function analyseCommand(line: string, allowlist: readonly string[]): CommandVerdict {
  let cmds: SimpleCommand[];
  try {
    cmds = parseShell(line);
  } catch (e) {
    if (e instanceof Unanalysable) return { verdict: 'ask', reason: `The command line contains ${e.message}, which Forge cannot check.`, commands: [] };
    throw e;
  }
  const commands = cmds.map((c) => c.words.map((w) => w.text + (w.dynamic ? '$…' : '')).join(' '));
  if (cmds.length === 0) return { verdict: 'ask', reason: 'The command line is empty.', commands };
  const entries = allowlist.map((e) => e.trim().split(/\s+/).filter(Boolean)).filter((e) => e.length > 0);
  for (const [i, c] of cmds.entries()) {
    const why = checkOne(c, entries);
    if (why) return { verdict: 'ask', reason: `\`${commands[i] || c.redirects.map((r) => r.op + r.target.text).join(' ')}\` ${why}.`, commands };
  }
  return { verdict: 'allow', reason: 'Every command is on the allowlist.', commands };
}

/** Why this simple command needs approval, or undefined when it is allowed on its own. */
function checkOne(c: SimpleCommand, entries: string[][]): string | undefined {
  if (c.words.length === 0) return 'has no command';
  const first = c.words[0];
  if (!first.dynamic && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text)) return 'sets environment variables';
  if (first.dynamic) return 'has a command name that is only known when it runs';
  const name = first.text;
  if (WRAPPERS.has(name) || WRAPPERS.has(name.split('/').pop()!)) return 'runs other commands';
  const matched = entries.some((e) => e.length <= c.words.length && e.every((w, i) => !c.words[i].dynamic && c.words[i].text === w));
  if (!matched) return 'is not on the allowlist';
  if (name === 'find' && c.words.some((w) => FIND_ACTIONS.has(w.text))) return 'runs or deletes files through find';
  const secret = c.words.find((w) => isSecretPath(w.text.replace(/^-+[^=]*=/, '')));
  if (secret) return `touches ${secret.text}, which looks like a secrets file`;
  for (const r of c.redirects) {
    const t = r.target.text;
    if (r.target.dynamic) return `redirects to a target only known when it runs`;
    if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(t)) continue;
    if (SAFE_TARGETS.has(t) && r.op !== '<') continue;
    if (r.op === '<' && t === '/dev/null') continue;
    return r.op.includes('<') && !r.op.includes('>') ? `reads ${t} through a redirection` : `writes to ${t} through a redirection`;
  }
  return undefined;
}
