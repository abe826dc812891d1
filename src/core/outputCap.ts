/**
 * The output cap every Terminal port applies (CommandRequest.maxOutputChars): text is taken as it
 * arrives; past the cap the first 40% and the last 60% are kept, with a marker saying how many
 * characters were cut between them. Pure and streaming: memory stays at maxChars whatever the size.
 */
export class OutputCap {
  private head = '';
  private tail = '';
  private total = 0;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(maxChars: number) {
    this.headMax = Math.floor(maxChars * 0.4);
    this.tailMax = maxChars - this.headMax;
  }

  push(s: string): void {
    if (!s) return;
    this.total += s.length;
    if (this.head.length < this.headMax) {
      const room = this.headMax - this.head.length;
      this.head += s.slice(0, room);
      this.tail = (this.tail + s.slice(room)).slice(-this.tailMax);
    } else this.tail = (this.tail + s).slice(-this.tailMax);
  }

  /** The kept text, with the cut marked when there was one. */
  result(): { output: string; truncated: boolean } {
    const cut = this.total - this.head.length - this.tail.length;
    if (cut <= 0) return { output: this.head + this.tail, truncated: false };
    return { output: `${this.head}\n[... ${cut} characters of output cut ...]\n${this.tail}`, truncated: true };
  }
}
