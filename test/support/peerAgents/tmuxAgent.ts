/** Runs an agent's interactive terminal UI in a private tmux server, as a person would use it. */
import { execFileSync } from 'node:child_process';

export class TmuxAgent {
  private readonly socket = `forge-peer-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(cwd: string, env: Record<string, string>, argv: string[]) {
    // A clean environment, as in an engineer's terminal: in particular no CI variable, which makes
    // Gemini CLI refuse its interactive UI ("No input provided via stdin") on CI machines.
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    const vars = Object.entries({ ...base, ...env }).map(([k, v]) => `${k}=${v}`);
    // remain-on-exit keeps an agent's last screen (and its exit status) when it quits, for the failure message.
    this.tmux(['start-server', ';', 'set-option', '-g', 'remain-on-exit', 'on', ';',
      'new-session', '-d', '-s', 'agent', '-x', '160', '-y', '45', '-c', cwd, 'env', '-i', ...vars, ...argv]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    try {
      return this.tmux(['capture-pane', '-p', '-t', 'agent']);
    } catch {
      return '(the agent\'s terminal is gone)';
    }
  }

  /** The agent's exit status once it has quit ('?' until tmux has it), else undefined. */
  exitStatus(): string | undefined {
    try {
      const [dead, status] = this.tmux(['display-message', '-p', '-t', 'agent', '#{pane_dead} #{pane_dead_status}']).trim().split(' ');
      return dead === '1' ? status || '?' : undefined;
    } catch {
      return undefined;
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
      if (this.exitStatus() !== undefined) {
        await sleep(500); // tmux records the status and the last output a moment after the process ends
        const status = this.exitStatus();
        throw new Error(`the agent quit (exit status ${status}) while Forge waited for ${what}; its last screen:\n${this.screen()}`);
      }
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
