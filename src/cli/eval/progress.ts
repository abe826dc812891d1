/** Progress of an eval on stderr: a redrawn bar on a terminal, one plain line per run otherwise. */
import type { EvalRun } from '../../core/eval/results';
import { formatSeconds } from '../../core/eval/summary';

export class EvalProgress {
  private done = 0;
  private passed = 0;

  constructor(private readonly total: number, private readonly write: (t: string) => void, private readonly tty: boolean) {}

  started(): void {
    if (this.tty) this.draw('');
  }

  finished(r: EvalRun, label: string): void {
    this.done++;
    if (r.passed) this.passed++;
    const line = `[${this.done}/${this.total}] ${r.passed ? 'pass' : 'FAIL'}  ${r.task}  ${label}${r.repeat > 1 ? ` #${r.repeat}` : ''}  ${formatSeconds(r.wallMs)}${r.passed || !r.error ? '' : `  (${r.error})`}`;
    if (this.tty) {
      this.write(`\r\x1b[2K${line}\n`);
      this.draw(`${r.task}`);
    } else this.write(`${line}\n`);
  }

  end(): void {
    if (this.tty) this.write('\r\x1b[2K');
  }

  private draw(last: string): void {
    const width = 24;
    const filled = this.total ? Math.round((this.done / this.total) * width) : width;
    this.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} runs, ${this.passed} passed ${last ? `(last: ${last})` : ''}`);
  }
}
