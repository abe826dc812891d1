/**
 * The loop guard: notices the same failing call (the same edit, the same command, the same bad
 * arguments) repeated. The first repeat warns the model; the next one trips the guard.
 */
import type { ToolCall } from '../model/modelClient';

export type GuardVerdict = 'ok' | 'warn' | 'trip';

export const LOOP_WARNING =
  '[Forge] You already made this exact call and it failed the same way. Do not repeat it: change your approach (read the file again, try a different edit or command, or ask_user).';

export class LoopGuard {
  private readonly failures = new Map<string, number>();

  constructor(private readonly warnAt = 2, private readonly tripAt = 3) {}

  static signature(call: ToolCall): string {
    return `${call.name}\u0000${canonical(call.arguments ?? call.argumentsJson)}`;
  }

  /** Records a call's outcome; failures of the same signature count up. */
  record(call: ToolCall, failed: boolean): GuardVerdict {
    if (!failed) return 'ok';
    const sig = LoopGuard.signature(call);
    const n = (this.failures.get(sig) ?? 0) + 1;
    this.failures.set(sig, n);
    if (n >= this.tripAt) return 'trip';
    if (n >= this.warnAt) return 'warn';
    return 'ok';
  }

  reset(): void {
    this.failures.clear();
  }
}

/** JSON with sorted keys, so {a,b} and {b,a} are the same call. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}
