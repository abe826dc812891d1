/**
 * Token counting with gpt-tokenizer (o200k), loaded on first use (a few hundred ms of compiling on the calling
 * thread, and a slow first call). Until it has loaded, callers that must not wait use the calibrated estimate
 * (tokenEstimate.ts), never chars/4.
 */
import { estimateTokens, estimateTokensFraction } from './tokenEstimate';

let counter: ((text: string) => number) | undefined;
let loading: Promise<(text: string) => number> | undefined;

export async function tokenCounter(): Promise<(text: string) => number> {
  if (counter) return counter;
  loading ??= import('gpt-tokenizer').then((m) => (counter = (t: string) => (t ? m.countTokens(t) : 0)));
  return loading;
}

export async function countTokens(text: string): Promise<number> {
  return (await tokenCounter())(text);
}

export interface CounterNow {
  count: (text: string) => number;
  /** Tokens of one line of a list (a repo map's path), its newline included. */
  lineTokens: (line: string) => number;
  exact: boolean;
}

/** The counter to use now: the tokenizer when it has loaded (exact), else the calibrated estimate. */
export function tokenCounterNow(): CounterNow {
  const exact = counter;
  if (exact) return { count: exact, lineTokens: (line) => exact(line) + 1, exact: true };
  return { count: estimateTokens, lineTokens: estimateTokensFraction, exact: false };
}

/** Starts loading the tokenizer after the current turn of the event loop (so it does not delay its caller). */
export function preloadTokenizer(): void {
  if (!counter && !loading) setImmediate(() => void tokenCounter().catch(() => undefined));
}
