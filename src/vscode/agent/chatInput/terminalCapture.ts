/**
 * The last command run in any terminal with shell integration, and its output (for @terminal):
 * each execution's stream is read as it runs (VS Code gives it only to those listening from the
 * start). Without shell integration there is nothing to read, and @terminal says so.
 */
import * as vscode from 'vscode';
import { terminalPlainText } from '../terminalText';

const MAX_CHARS = 200_000;

export class TerminalCapture implements vscode.Disposable {
  private last: { command: string; output: string; exitCode?: number; running: boolean } | undefined;
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.subs = [
      vscode.window.onDidStartTerminalShellExecution((e) => void this.capture(e.execution)),
      vscode.window.onDidEndTerminalShellExecution((e) => {
        if (this.last && this.last.command === e.execution.commandLine.value) {
          this.last.exitCode = e.exitCode;
          this.last.running = false;
        }
      }),
    ];
  }

  private async capture(execution: vscode.TerminalShellExecution): Promise<void> {
    const entry = { command: execution.commandLine.value, output: '', running: true } as NonNullable<TerminalCapture['last']>;
    this.last = entry;
    try {
      for await (const chunk of execution.read()) {
        entry.output += chunk;
        if (entry.output.length > MAX_CHARS) entry.output = entry.output.slice(-MAX_CHARS);
      }
    } catch {
      // The terminal closed mid-command: what was read stays.
    }
  }

  /** The last command and its output, or why there is none. */
  async lastOutput(): Promise<{ command: string; output: string } | string> {
    if (!this.last) {
      const withIntegration = vscode.window.terminals.some((t) => t.shellIntegration);
      return withIntegration
        ? 'no command has run in a terminal since Forge started'
        : 'no terminal has shell integration, so Forge cannot read what a command printed (see terminal.integrated.shellIntegration.enabled)';
    }
    const l = this.last;
    const status = l.running ? '(still running)' : l.exitCode !== undefined ? `(exit code ${l.exitCode})` : '';
    return { command: `${l.command} ${status}`.trim(), output: terminalPlainText(l.output) };
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
