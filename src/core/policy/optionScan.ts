/**
 * Reading a program's options the way getopt-style parsers do: `--name=value`, `--name value`,
 * unambiguous abbreviations of long names (GNU getopt_long, git and npm accept them), bundled
 * short options (`-ni` = `-n -i`), a value glued to a short option (`-ofile`), and `--` ending the
 * options. What a program's options do is told by an OptionSpec.
 */
import type { ShellWord } from './shellSyntax';

export interface OptionSpec {
  /** Options that run another program or load code: long names without `--`, short letters as `-x`. */
  runs?: string[];
  /** Options that write files. */
  writes?: string[];
  /** Options whose value names a file that is read (checked by the path policy). */
  reads?: string[];
  /** Other options that take a value (so the next word is not a positional argument). */
  valued?: string[];
  /** Long options are matched by unambiguous prefixes (default true: asks for any prefix of a dangerous name). */
  abbreviations?: boolean;
  /** Exact option names that are safe although they are prefixes of a dangerous one (`--text` of git's `--textconv`). */
  safe?: string[];
  /** Single-dash long options (`-name`, as find and tsc have): matched like `--name`. */
  singleDashLong?: boolean;
}

export interface ScanResult {
  /** Why this invocation must ask, or undefined. */
  ask?: string;
  positionals: ShellWord[];
  /** Values of the `reads` options. */
  readPaths: ShellWord[];
  /** Every option name seen (long without dashes, short as `-x`). */
  seen: string[];
  /** Values by option name (last wins). */
  values: Map<string, ShellWord>;
  /** Every option value in order, with the option's name as given (an abbreviation stays abbreviated). */
  all: { name: string; value: ShellWord }[];
}

const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');

/** Scans words[from..]; options before index `trusted` (part of the allowlist entry) are not judged. */
export function scanOptions(words: readonly ShellWord[], spec: OptionSpec, from = 1, trusted = 0): ScanResult {
  const r: ScanResult = { positionals: [], readPaths: [], seen: [], values: new Map(), all: [] };
  const longs = (list: string[] | undefined) => (list ?? []).filter((o) => !o.startsWith('-'));
  const shorts = (list: string[] | undefined) => new Set((list ?? []).filter((o) => o.startsWith('-')).map((o) => o.slice(1)));
  const runs = longs(spec.runs), writes = longs(spec.writes), reads = longs(spec.reads), valued = longs(spec.valued);
  const sRuns = shorts(spec.runs), sWrites = shorts(spec.writes), sReads = shorts(spec.reads), sValued = shorts(spec.valued);
  const abbrev = spec.abbreviations !== false;
  const safe = new Set(spec.safe ?? []);
  const matches = (given: string, list: string[]) => list.some((o) => o === given || (abbrev && given.length >= 2 && !safe.has(given) && o.startsWith(given)));
  const judge = (i: number, shown: string, given: string, isShort: boolean) => {
    if (r.ask || i < trusted) return;
    if (isShort ? sRuns.has(given) : matches(given, runs)) r.ask = `\`${shown}\` runs another program or loads code`;
    else if (isShort ? sWrites.has(given) : matches(given, writes)) r.ask = `\`${shown}\` writes files`;
  };
  let ended = false;
  for (let i = from; i < words.length; i++) {
    const w = words[i];
    const t = w.text;
    if (ended || w.dynamic || !t.startsWith('-') || t === '-') {
      r.positionals.push(w);
      continue;
    }
    if (t === '--') {
      ended = true;
      continue;
    }
    if (t.startsWith('--') || (spec.singleDashLong && /^-[A-Za-z][A-Za-z0-9-]+/.test(t))) {
      const body = t.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const name = norm(eq >= 0 ? body.slice(0, eq) : body);
      r.seen.push(name);
      judge(i, t, name, false);
      const takes = matches(name, reads) || matches(name, valued) || matches(name, runs) || matches(name, writes);
      let value: ShellWord | undefined;
      if (eq >= 0) value = { ...w, text: body.slice(eq + 1), raw: w.raw };
      else if (takes && exactOrOnly(name, [...reads, ...valued]) && i + 1 < words.length) value = words[++i];
      if (value) {
        r.values.set(name, value);
        r.all.push({ name, value });
        if (matches(name, reads)) r.readPaths.push(value);
      }
      continue;
    }
    // Short options, possibly bundled.
    for (let k = 1; k < t.length; k++) {
      const c = t[k];
      r.seen.push(`-${c}`);
      judge(i, `-${c}`, c, true);
      if (sValued.has(c) || sReads.has(c) || sRuns.has(c) || sWrites.has(c)) {
        const rest = t.slice(k + 1);
        const value = rest ? { ...w, text: rest } : i + 1 < words.length && (sValued.has(c) || sReads.has(c)) ? words[++i] : undefined;
        if (value) {
          r.values.set(`-${c}`, value);
          r.all.push({ name: `-${c}`, value });
          if (sReads.has(c)) r.readPaths.push(value);
        }
        break;
      }
    }
  }
  return r;
}

/** A valued long option consumes the next word only when the name is known (exactly or as an abbreviation of one option). */
function exactOrOnly(name: string, list: string[]): boolean {
  return list.includes(name) || list.filter((o) => o.startsWith(name)).length === 1;
}

/** True when the option (long name or `-x`) was given. */
export function has(r: ScanResult, ...names: string[]): boolean {
  return names.some((n) => r.seen.includes(n));
}
