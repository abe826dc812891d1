/**
 * What the agent reports while it works: a host (chat view, CLI, test) consumes these in order.
 * Exactly one terminal event ends every run: finished, stopped, limitReached or error.
 */
import type { ChangeSet } from '../edits/changeSet/changeSet';
import type { RequestUsage, UsageTotals } from '../model/usage';
import type { ReviewOutcome } from '../ports';
import type { CheckRecord } from './finishCheck';
import type { PlanItem } from './plan';

export type AgentEvent =
  | { type: 'started'; taskId: string; task: string; resumed: boolean }
  /** A new model turn begins (1-based, counted across resumes). */
  | { type: 'step'; step: number; maxSteps: number }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'toolStarted'; callId: string; name: string; args: unknown }
  | { type: 'toolFinished'; callId: string; name: string; ok: boolean; output: string; durationMs: number }
  | { type: 'planUpdated'; plan: PlanItem[] }
  /** A propose_edits call the model is still writing: the files and complete hunks so far (index: the call's place in the turn). */
  | { type: 'editProgress'; index: number; files: { path: string; hunks: number }[] }
  /** bases: the texts the change set was located in (null: the file did not exist), by path; the decisions log's file context. */
  | { type: 'changeSetProposed'; changeSet: ChangeSet; bases?: Record<string, string | null> }
  | { type: 'changeSetReviewed'; changeSetId: string; outcome: ReviewOutcome; acceptedHunks: number; rejectedHunks: number; changedFiles: string[] }
  | { type: 'commandApproval'; command: string; decision: 'auto' | 'once' | 'always' | 'remember' | 'deny'; reason: string }
  /** How commands run (with the task's first command), or a command that failed because of the sandbox. */
  | { type: 'sandbox'; sandboxed: boolean; message: string }
  /** After each model request: its usage, the task's totals, and how full the context window is. */
  | { type: 'usage'; request: RequestUsage; total: UsageTotals; contextTokens: number; contextWindow: number; contextFill: number }
  | { type: 'compacted'; reason: 'budget' | 'contextLengthError' | 'user'; beforeTokens: number; afterTokens: number; summarizedMessages: number }
  /** The model repeated a failing call; it was told to change course. */
  | { type: 'loopWarning'; tool: string; message: string }
  /** The loop guard tripped: the user is asked how to go on. */
  | { type: 'stuck'; message: string }
  /** The task's check command ran when the model finished (checkFailed: it goes back to the model). */
  | { type: 'check'; result: CheckRecord; sentBack: boolean }
  | { type: 'finished'; summary: string }
  | { type: 'stopped'; reason: 'cancelled' | 'loop'; message: string }
  | { type: 'limitReached'; limit: 'steps' | 'cost'; message: string }
  | { type: 'error'; message: string; kind?: string; fix?: string };

export type TerminalEvent = Extract<AgentEvent, { type: 'finished' | 'stopped' | 'limitReached' | 'error' }>;

export function isTerminal(e: AgentEvent): e is TerminalEvent {
  return e.type === 'finished' || e.type === 'stopped' || e.type === 'limitReached' || e.type === 'error';
}

/**
 * An async iterable fed by a producer: events are queued until the consumer pulls them. When the
 * consumer stops early (break out of for-await), the producer's signal is aborted.
 */
export function eventStream<T>(produce: (emit: (e: T) => void, signal: AbortSignal) => Promise<void>, outer?: AbortSignal): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const queue: T[] = [];
      let done = false;
      let failure: unknown;
      let wake: (() => void) | undefined;
      const poke = () => {
        const w = wake;
        wake = undefined;
        w?.();
      };
      const ctrl = new AbortController();
      const onOuter = () => ctrl.abort(outer?.reason);
      if (outer?.aborted) ctrl.abort(outer.reason);
      else outer?.addEventListener('abort', onOuter, { once: true });
      produce((e) => {
        queue.push(e);
        poke();
      }, ctrl.signal).finally(() => outer?.removeEventListener('abort', onOuter)).then(
        () => { done = true; poke(); },
        (err) => { failure = err; done = true; poke(); },
      );
      return {
        async next(): Promise<IteratorResult<T>> {
          for (;;) {
            if (queue.length) return { value: queue.shift()!, done: false };
            if (done) {
              if (failure) {
                const f = failure;
                failure = undefined;
                throw f;
              }
              return { value: undefined, done: true };
            }
            await new Promise<void>((r) => (wake = r));
          }
        },
        async return(): Promise<IteratorResult<T>> {
          ctrl.abort();
          queue.length = 0;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
