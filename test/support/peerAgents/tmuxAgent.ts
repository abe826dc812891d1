/** Runs an agent's interactive terminal UI in a private tmux server, as a person would use it. */
import { execFileSync } from 'node:child_process';

export class TmuxAgent {
  private readonly socket = `forge-peer-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(cwd: string, env: Record<string, string>, argv: string[]) {
    const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    this.tmux(['new-session', '-d', '-s', 'agent', '-x', '160', '-y', '45', '-c', cwd, 'env', ...vars, ...argv]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    try {
      return this.tmux(['capture-pane', '-p', '-t', 'agent']);
    } catch {
      return '(the agent exited)';
    }
  }

  /** Types text, then presses Enter as a separate key (a pasted newline is not a submit in these UIs). */
  async type(text: string): Promise<void> {
    this.tmux(['send-keys', '-t', 'agent', '-l', text]);
    await sleep(700);
    this.tmux(['send-keys', '-t', 'agent', 'Enter']);
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'agent', ...keys]);
  }

  async waitFor(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (test()) return;
      await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}; the agent's screen:\n${this.screen()}`);
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
