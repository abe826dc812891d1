/**
 * The files through which Claude Code and Gemini CLI find this window's companion server: written
 * readable by the owner only (they hold the token), removed when the server stops.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Claude Code: ~/.claude/ide/<port>.lock (CLAUDE_CONFIG_DIR moves ~/.claude). */
export function claudeLockFile(port: number, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CLAUDE_CONFIG_DIR || path.join(env.HOME || os.homedir(), '.claude');
  return path.join(dir, 'ide', `${port}.lock`);
}

/** Gemini CLI: <tmp>/gemini/ide/gemini-ide-server-<pid>-<port>.json. */
export function geminiDiscoveryFile(pid: number, port: number): string {
  return path.join(os.tmpdir(), 'gemini', 'ide', `gemini-ide-server-${pid}-${port}.json`);
}

export function writePrivateJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}
