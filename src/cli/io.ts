/** What a CLI command needs from the process, so commands run the same in tests and for real. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/**
 * Each command-line argument as `name` (an option like `--out`, or a word as it is), with `value()`
 * taking the option's value: `--out=DIR` or the next argument (a usage error when there is none).
 */
export function* cliOptions(args: readonly string[]): Generator<{ name: string; value(): string; rest(): string[] }> {
  for (let i = 0; i < args.length; i++) {
    const { name, inline } = splitInlineValue(args[i]!);
    yield {
      name,
      value: () => {
        const v = inline ?? args[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        return v;
      },
      /** The arguments after this one (after `--`), which end the walk. */
      rest: () => {
        const r = args.slice(i + 1);
        i = args.length;
        return r;
      },
    };
  }
}

/** "--name=value" -> the name and the inline value; any other argument comes back as it is. */
export function splitInlineValue(arg: string): { name: string; inline?: string } {
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  return eq > 0 ? { name: arg.slice(0, eq), inline: arg.slice(eq + 1) } : { name: arg };
}
