/** The local decisions log (decisionRecord.ts): JSON lines appended to one file (global storage, or the CLI's ~/.forge). */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseDecisionLog, type DecisionRecord } from '../core/usage/decisionRecord';

export class DecisionLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Appends records in order (queued, so concurrent appends never interleave); the file is the user's alone (0600). */
  append(records: readonly DecisionRecord[]): Promise<void> {
    if (!records.length) return this.queue;
    this.queue = this.queue.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.appendFile(this.file, records.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
    });
    return this.queue;
  }

  async read(): Promise<{ records: DecisionRecord[]; skipped: number }> {
    await this.queue.catch(() => undefined);
    try {
      return parseDecisionLog(await fs.readFile(this.file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw e;
    }
  }
}
