/**
 * The Storage port of both hosts: one JSON file per task in a folder (written atomically). A task
 * file that is missing loads as null; one that cannot be read, is not JSON or is not a saved task
 * (checked against the schema) is an error naming the file and what is wrong with it.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { checkStoredTask } from '../core/agent/taskSchema';
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
    const file = this.file(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`The saved task "${id}" cannot be read from ${file} (${(err as Error).message}).`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new Error(`The saved task file ${file} is damaged: it is not valid JSON (${(err as Error).message}). Fix it, or delete it to forget the task.`);
    }
    const checked = checkStoredTask(raw);
    if (!checked.ok) throw new Error(`The saved task file ${file} is damaged: ${checked.problem}. Fix it, or delete it to forget the task.`);
    return checked.task;
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
      const id = n.slice(0, -5);
      try {
        const t = await this.loadTask(id);
        if (t) out.push({ id: t.id, title: t.title, createdAt: t.createdAt, updatedAt: t.updatedAt });
      } catch {
        // Listed, so that the user sees it and gets the reason when opening it.
        const st = await fs.stat(path.join(this.dir, n)).catch(() => undefined);
        if (st && /^[A-Za-z0-9._-]+$/.test(id)) out.push({ id, title: `(damaged task file ${n})`, createdAt: st.mtimeMs, updatedAt: st.mtimeMs });
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
