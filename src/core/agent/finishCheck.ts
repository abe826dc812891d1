/**
 * Check before done: when the model says the task is finished, the task's check command (`npm
 * test`, `pytest -q`, a linter) runs through the host's TaskCheck port (sandboxed there; the core
 * never runs processes). A failure goes back to the model once, with the tail of the output, and
 * the task goes on within its budget; a second failure ends the task with the failure on record.
 */

export interface CheckResult {
  passed: boolean;
  /** null: killed (timeout, Stop). */
  exitCode: number | null;
  /** The last lines of the output. */
  outputTail: string;
  durationMs: number;
  /** Whether it ran in the OS sandbox. */
  sandboxed?: boolean;
}

/** The host's way of running a task's check command. */
export interface TaskCheck {
  readonly command: string;
  run(signal?: AbortSignal): Promise<CheckResult>;
}

/** One run of the check, as recorded on the task. */
export interface CheckRecord extends CheckResult {
  command: string;
  /** 1: the first finish; 2: after the failure went back to the model. */
  attempt: number;
  at: number;
}

export async function runCheck(check: TaskCheck, attempt: number, now: number, signal?: AbortSignal): Promise<CheckRecord> {
  try {
    return { ...(await check.run(signal)), command: check.command, attempt, at: now };
  } catch (e) {
    return { passed: false, exitCode: null, outputTail: `The check could not run: ${(e as Error).message}`, durationMs: 0, command: check.command, attempt, at: now };
  }
}

/** How the message sent back after a failed check starts (a transcript leaves it out of the user's messages). */
export const CHECK_FAILED_NOTE = 'Before this task ends, its check';

/** The message the model gets after its first finish when the check failed. */
export function checkFailedMessage(r: CheckRecord): string {
  return `${CHECK_FAILED_NOTE} \`${r.command}\` ran and failed (${r.exitCode === null ? 'killed' : `exit code ${r.exitCode}`}). `
    + `Fix what it reports, then finish again (the check runs once more, and the task ends either way). The end of its output:\n${r.outputTail}`;
}

/** A line for the final summary. */
export function checkLine(r: CheckRecord): string {
  return r.passed ? `Check \`${r.command}\` passed.` : `Check \`${r.command}\` failed (${r.exitCode === null ? 'killed' : `exit code ${r.exitCode}`}) after ${r.attempt === 1 ? 'the first finish' : 'one retry'}.`;
}
