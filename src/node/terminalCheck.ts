/**
 * The TaskCheck port (check before done) on a Terminal: the check command runs in the workspace
 * root the same way the agent's commands do, through the OS sandbox when there is one (NodeTerminal
 * and ShellSandbox), with a timeout; its result keeps the last lines of the output.
 */
import type { CheckResult, TaskCheck } from '../core/agent/finishCheck';
import type { Terminal } from '../core/ports';
import { tail } from './worktrees/setupCommand';

export class TerminalCheck implements TaskCheck {
  constructor(readonly command: string, private readonly terminal: Terminal, private readonly o: { timeoutMs?: number; tailLines?: number } = {}) {}

  async run(signal?: AbortSignal): Promise<CheckResult> {
    const r = await this.terminal.run({ command: this.command, cwd: '', timeoutMs: this.o.timeoutMs ?? 10 * 60_000, maxOutputChars: 40_000, signal });
    const why = r.timedOut ? '\n[the check timed out]' : r.cancelled ? '\n[the check was stopped]' : '';
    return { passed: r.exitCode === 0, exitCode: r.exitCode, outputTail: tail(r.output, this.o.tailLines ?? 30) + why, durationMs: r.durationMs, sandboxed: !!r.sandboxed };
  }
}
