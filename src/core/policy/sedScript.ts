/**
 * A sed script is checked command by command: only commands that print, delete, substitute or
 * move text through the pattern and hold spaces pass. `e` (runs a command), `w`/`W` (write a
 * file), `r`/`R` (read a file), the `s///e` and `s///w` flags, and anything not understood ask.
 */
const SAFE = new Set('pdDnNPhHgGxlq=QzF{}'.split(''));

/** Why the script must ask, or undefined. */
export function sedScriptConcern(script: string): string | undefined {
  const s = script;
  let i = 0;
  const ws = () => {
    while (i < s.length && /[\s;]/.test(s[i])) i++;
  };
  /** Skips a delimited part (after its opening delimiter); false when unterminated. */
  const delimited = (d: string): boolean => {
    for (; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === d) {
        i++;
        return true;
      } else if (s[i] === '\n') return false;
    }
    return false;
  };
  const address = (): boolean => {
    if (s[i] === '$') i++;
    else if (/\d/.test(s[i] ?? '')) {
      while (/[\d~]/.test(s[i] ?? '')) i++;
    } else if (s[i] === '/' || s[i] === '\\') {
      const d = s[i] === '\\' ? s[++i] : '/';
      i++;
      if (!delimited(d)) return false;
      while (/[IM]/.test(s[i] ?? '')) i++;
    }
    return true;
  };
  for (ws(); i < s.length; ws()) {
    if (s[i] === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (!address()) return 'has a sed script Forge cannot read';
    if (s[i] === ',') {
      i++;
      if (s[i] === '+' || s[i] === '~') i++;
      if (!address()) return 'has a sed script Forge cannot read';
    }
    while (s[i] === ' ' || s[i] === '!') i++;
    const c = s[i++];
    if (c === undefined) return 'has a sed script Forge cannot read';
    if (c === 's' || c === 'y') {
      const d = s[i++];
      if (!d || d === '\\' || d === '\n') return 'has a sed script Forge cannot read';
      if (!delimited(d) || !delimited(d)) return 'has a sed script Forge cannot read';
      if (c === 's') {
        const flags = /^[gpiImM0-9ew]*/.exec(s.slice(i))![0];
        if (flags.includes('e')) return 'has a sed `s///e` command, which runs the result as a command';
        if (flags.includes('w')) return 'has a sed `s///w` command, which writes a file';
        i += flags.length;
      }
      continue;
    }
    if (c === 'e') return 'has a sed `e` command, which runs a command';
    if (c === 'w' || c === 'W') return `has a sed \`${c}\` command, which writes a file`;
    if (c === 'r' || c === 'R') return `has a sed \`${c}\` command, which reads a file Forge does not check`;
    if (c === 'q' || c === 'Q' || c === 'l' || c === 'L') {
      while (/\d/.test(s[i] ?? '')) i++;
      continue;
    }
    if (c === 'b' || c === 't' || c === 'T' || c === ':') {
      while (i < s.length && s[i] !== ';' && s[i] !== '\n') i++;
      continue;
    }
    if (c === 'a' || c === 'i' || c === 'c') {
      // Text to add: the rest of the line (GNU one-liner form).
      while (i < s.length && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
      continue;
    }
    if (!SAFE.has(c)) return `has a sed command \`${c}\` Forge does not check`;
  }
  return undefined;
}
