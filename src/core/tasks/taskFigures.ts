/** The figures of a worktree task: taken from its agent's events, and shown short in the Tasks view. */
import type { AgentEvent } from '../agent/events';
import type { WorktreeTaskRecord } from './worktreeTaskList';

/** "950", "12.3k", "4.5M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.max(0, Math.round(n)));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** "$0.0042", "$0.12", "$3.40"; undefined when the endpoint reports no price. */
export function formatCost(usd: number | null | undefined): string | undefined {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return undefined;
  return `$${usd < 0.1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

/** Total tokens (prompt and completion) of a task's record, or undefined before its first model reply. */
export function totalTokens(r: { tokensIn?: number; tokensOut?: number }): number | undefined {
  return r.tokensIn === undefined && r.tokensOut === undefined ? undefined : (r.tokensIn ?? 0) + (r.tokensOut ?? 0);
}

/** Takes an event's figures (step, tokens, cost) into the task's record; whether anything changed. */
export function followRun(r: WorktreeTaskRecord, e: AgentEvent): boolean {
  if (e.type === 'step') {
    r.steps = e.step;
    return true;
  }
  if (e.type === 'usage') {
    r.tokensIn = e.total.promptTokens;
    r.tokensOut = e.total.completionTokens;
    r.costUsd = e.total.costUsd ?? null;
    return true;
  }
  if (e.type === 'check') {
    const { command, passed, exitCode, attempt, outputTail } = e.result;
    r.check = { command, passed, exitCode, attempt, outputTail: lastLines(outputTail, CHECK_TAIL_LINES) };
    return true;
  }
  return false;
}

/** Lines of a check's output kept on the task (the view's tooltip shows them). */
export const CHECK_TAIL_LINES = 20;

function lastLines(text: string, n: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(-n).join('\n').slice(-4000);
}

/** "check `npm test` passed" / "check `npm test` failed (exit code 1)": on the task's change set. */
export function checkSummary(c: { command: string; passed: boolean; exitCode: number | null }): string {
  return c.passed ? `check \`${c.command}\` passed` : `check \`${c.command}\` failed (${c.exitCode === null ? 'killed' : `exit code ${c.exitCode}`})`;
}
