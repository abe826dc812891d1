/** A log of JSON lines appended to one file, read back with its parser (the usage and decisions logs). */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export class JsonLinesLog<T> {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly parse: (text: string) => { records: T[]; skipped: number },
    /** The file's mode when it is created (e.g. 0o600: the user's alone); default: the process's umask. */
    private readonly mode?: number,
  ) {}

  /** Appends records in order (writes are queued, so concurrent appends never interleave). */
  append(records: readonly T[]): Promise<void> {
    if (!records.length) return this.queue;
    this.queue = this.queue.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.appendFile(this.file, records.map((r) => `${JSON.stringify(r)}\n`).join(''), this.mode === undefined ? undefined : { mode: this.mode });
    });
    return this.queue;
  }

  async read(): Promise<{ records: T[]; skipped: number }> {
    await this.queue.catch(() => undefined);
    try {
      return this.parse(await fs.readFile(this.file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw e;
    }
  }
}
