/** The headless entry point (bundled to dist/cli.js): `forge <command> ...`. */
import { runCli } from './commands';
import { processIo } from './io';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`forge: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
