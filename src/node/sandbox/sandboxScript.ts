/**
 * A spawn spec as a small sh script, for hosts that run commands by typing a line into a shell
 * (VS Code's terminal): the visible line stays short and the same in every shell
 * (`sh '/tmp/forge-sandbox-…/1.sh'`), and no quoting depends on the user's shell. The folder is
 * private to the user (0700), outside every writable folder of the sandbox, and removed after use.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WrappedCommand } from './wrapCommand';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let folder: string | undefined;
let counter = 0;

export interface SandboxScript {
  path: string;
  dispose(): void;
}

/** What the script prints first (dimmed), so the terminal shows which command runs; hosts drop it from the output they read. */
export const SCRIPT_HEADER = '[Forge sandbox] $ ';

/** Writes the script; it prints `command` after SCRIPT_HEADER on its first line, then runs the spec. */
export function writeSandboxScript(spec: WrappedCommand, command: string): SandboxScript {
  if (!folder || !fs.existsSync(folder)) folder = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-sandbox-'));
  const file = path.join(folder, `${++counter}.sh`);
  const env = Object.entries(spec.env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  const shown = command.replace(/[\r\n]+/g, ' ');
  const text = `#!/bin/sh\nprintf '\\033[2m%s\\033[0m\\n' ${quote(SCRIPT_HEADER + shown)}\nexec env -i ${env} ${[spec.file, ...spec.args].map(quote).join(' ')}\n`;
  fs.writeFileSync(file, text, { mode: 0o600 });
  return { path: file, dispose: () => fs.rmSync(file, { force: true }) };
}
