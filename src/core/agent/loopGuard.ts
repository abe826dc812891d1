/**
 * The loop guard: notices the same failing call (the same edit, the same command, the same bad
 * arguments) repeated. The first repeat warns the model; the next one trips the guard. A call
 * that succeeds but is made over and over in a row (a model stuck re-reading one file) draws a
 * warning every `repeatWarnAt` identical calls.
 */
import type { ToolCall } from '../model/modelClient';

export type GuardVerdict = 'ok' | 'warn' | 'trip' | 'repeat';

export const LOOP_WARNING =
  '[Forge] You already made this exact call and it failed the same way. Do not repeat it: change your approach (read the file again, try a different edit or command, or ask_user).';

export const repeatWarning = (times: number) =>
  `[Forge] You have made this exact call ${times} times in a row and it gives the same result each time. Stop repeating it: use what it returned, take the next step of the plan, or call finish.`;

export class LoopGuard {
  private readonly failures = new Map<string, number>();
  private last: string | undefined;
  private streak = 0;

  constructor(private readonly warnAt = 2, private readonly tripAt = 3, readonly repeatWarnAt = 12) {}

  /** Identical calls in a row so far (the last one included). */
  get repeats(): number {
    return this.streak;
  }

  static signature(call: ToolCall): string {
    return `${call.name}\u0000${canonical(call.arguments ?? call.argumentsJson)}`;
  }

  /** Records a call's outcome; failures of the same signature count up. */
  record(call: ToolCall, failed: boolean): GuardVerdict {
    const sig = LoopGuard.signature(call);
    this.streak = sig === this.last ? this.streak + 1 : 1;
    this.last = sig;
    if (!failed) return this.streak % this.repeatWarnAt === 0 ? 'repeat' : 'ok';
    const n = (this.failures.get(sig) ?? 0) + 1;
    this.failures.set(sig, n);
    if (n >= this.tripAt) return 'trip';
    if (n >= this.warnAt) return 'warn';
    return 'ok';
  }

  reset(): void {
    this.failures.clear();
    this.last = undefined;
    this.streak = 0;
  }
}

/** JSON with sorted keys, so {a,b} and {b,a} are the same call. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}
