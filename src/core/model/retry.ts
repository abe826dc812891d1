/**
 * Retry policy: exponential backoff with jitter, Retry-After honoured, bounded by attempts and
 * total time. Sleep, clock and randomness are injected so tests are fast and deterministic.
 */

export interface RetryPolicy {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts: number;
  /** No retry starts when it would end later than this after the first attempt. Default 60 s. */
  maxTotalMs: number;
  /** Delay before the first retry, doubled for each further one. Default 500 ms. */
  baseDelayMs: number;
  /** Largest backoff delay (Retry-After may ask for more, within maxTotalMs). Default 8 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, maxTotalMs: 60_000, baseDelayMs: 500, maxDelayMs: 8_000 };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A real sleep that ends early (rejecting with the signal's reason) when the signal aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Backoff before retry number `retry` (1 for the first retry): base·2^(retry-1), capped, "equal jitter" in [d/2, d]. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(d / 2 + (d / 2) * random());
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in ms; undefined when absent or invalid. */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before the next attempt, or undefined when no retry should happen (attempts
 * used up, or the wait would pass the total budget).
 */
export function nextDelay(
  policy: RetryPolicy,
  attemptsMade: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number | undefined {
  if (attemptsMade >= policy.maxAttempts) return undefined;
  const delay = retryAfterMs ?? backoffDelay(policy, attemptsMade, random);
  if (elapsedMs + delay > policy.maxTotalMs) return undefined;
  return delay;
}
