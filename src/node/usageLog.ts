/** The usage insights log: JSON lines appended to one file (the extension's global storage). */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseUsageLog, type UsageRecord } from '../core/usage/usageRecord';

export class UsageLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Appends records in order (writes are queued, so concurrent appends never interleave). */
  append(records: readonly UsageRecord[]): Promise<void> {
    if (!records.length) return this.queue;
    this.queue = this.queue.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.appendFile(this.file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    });
    return this.queue;
  }

  async read(): Promise<{ records: UsageRecord[]; skipped: number }> {
    await this.queue.catch(() => undefined);
    try {
      return parseUsageLog(await fs.readFile(this.file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw e;
    }
  }
}
