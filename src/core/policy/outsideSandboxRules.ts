/**
 * The user's standing permissions to leave the command sandbox: what an "Always" answer saves
 * (VS Code: the user setting forge.sandbox.allowOutside; CLI: ~/.forge/settings.json or
 * --allow-outside). Pure. A rule is `network: LINE` (the command gets the network, its files stay
 * sandboxed) or `all: LINE` (no sandbox at all). LINE matches a command line exactly (outer
 * spaces trimmed), or, when it ends in ` *`, by its leading words; a prefix rule only covers a
 * single simple command made of plain words, so `network: npm install *` covers
 * `npm install lodash` but never `npm install x && curl … | sh` or anything quoted. An `all` rule
 * also covers a request for the network only.
 */
export type OutsideKind = 'network' | 'all';

export interface OutsideRule {
  kind: OutsideKind;
  /** The command line, or the leading words for a prefix rule. */
  line: string;
  prefix: boolean;
}

const RULE = /^\s*(network|all)\s*:\s*(\S.*?)\s*$/s;
/** A simple command: plain words, no quoting, expansion, redirection, operators or newlines. */
const PLAIN_WORDS = /^[\w./:@=+,%~-]+( [\w./:@=+,%~-]+)*$/;

/** The rule, or why the text is not one. */
export function parseOutsideRule(text: string): OutsideRule | { error: string } {
  const m = RULE.exec(text);
  if (!m) return { error: `"${text}" is not a rule: write "network: COMMAND" or "all: COMMAND" (COMMAND may end in " *")` };
  const kind = m[1] as OutsideKind;
  const body = m[2]!;
  if (body === '*') return { error: `"${text}" would allow every command; name the command` };
  if (body.endsWith(' *')) {
    const line = body.slice(0, -2).trim().replace(/\s+/g, ' ');
    if (!PLAIN_WORDS.test(line)) return { error: `"${text}": a rule ending in " *" must start with plain words (no quotes, $, ;, &, |, < or >)` };
    return { kind, line, prefix: true };
  }
  return { kind, line: body, prefix: false };
}

/** The rule an "Always" answer saves for this request: this exact command line. */
export function outsideRule(kind: OutsideKind, command: string): string {
  return `${kind}: ${command.trim()}`;
}

/** Whether one parsed rule lets `command` leave the sandbox as `kind` asks. */
export function ruleCovers(rule: OutsideRule, kind: OutsideKind, command: string): boolean {
  if (rule.kind === 'network' && kind === 'all') return false;
  const line = command.trim();
  if (!rule.prefix) return line === rule.line;
  const words = line.replace(/[ \t]+/g, ' '); // a newline is a second command: never collapsed away
  return PLAIN_WORDS.test(words) && (words === rule.line || words.startsWith(`${rule.line} `));
}

/** The first rule (as written) that lets `command` leave the sandbox as `kind` asks, or undefined. Rules that do not parse cover nothing. */
export function matchOutsideRule(rules: readonly string[], kind: OutsideKind, command: string): string | undefined {
  return rules.find((text) => {
    const r = parseOutsideRule(text);
    return !('error' in r) && ruleCovers(r, kind, command);
  });
}
