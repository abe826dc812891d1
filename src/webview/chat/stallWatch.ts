/**
 * Silence while the model is being waited for: after STALL_AFTER_MS without a message, the status
 * reads "Waiting for the model, 45 s" (counting), and from RETRY_AFTER_MS on it offers Retry.
 * Any message from the host restarts the count; a tool run, an approval or a review is not the
 * model's silence and stops the watch.
 */
export const STALL_AFTER_MS = 5000;
export const RETRY_AFTER_MS = 20_000;

export class StallWatch {
  private last = Date.now();
  private waiting = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly show: (silentMs: number | undefined) => void) {
    this.timer = setInterval(() => this.tick(), 1000);
  }

  /** A message arrived; `waiting`: the model is (still) expected to answer. */
  activity(waiting: boolean): void {
    this.last = Date.now();
    this.waiting = waiting;
    this.show(undefined);
  }

  private tick(): void {
    const silent = Date.now() - this.last;
    this.show(this.waiting && silent >= STALL_AFTER_MS ? silent : undefined);
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
