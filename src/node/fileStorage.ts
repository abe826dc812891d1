/** The CLI host's Storage port: one JSON file per task in a folder (written atomically). */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Storage, StoredTask } from '../core/ports';

export class FileStorage implements Storage {
  constructor(readonly dir: string) {}

  private file(id: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new Error(`invalid task id "${id}"`);
    return path.join(this.dir, `${id}.json`);
  }

  async saveTask(task: StoredTask): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(task.id)}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(task));
    await fs.rename(tmp, this.file(task.id));
  }

  async loadTask(id: string): Promise<StoredTask | null> {
    try {
      return JSON.parse(await fs.readFile(this.file(id), 'utf8')) as StoredTask;
    } catch {
      return null;
    }
  }

  async listTasks(): Promise<Omit<StoredTask, 'state'>[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const out: Omit<StoredTask, 'state'>[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const t = await this.loadTask(n.slice(0, -5));
      if (t) out.push({ id: t.id, title: t.title, createdAt: t.createdAt, updatedAt: t.updatedAt });
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
