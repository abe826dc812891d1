/**
 * The worktree tasks' list, kept in a JSON file of the workspace's storage and written through on
 * each update (a temporary file renamed over it: never half written). workspaceState is flushed by
 * the workbench later, so a window reload soon after a task started could come back without it; a
 * file written at once cannot. A value the file lacks is read once from `fallback` (the list that
 * older versions kept in workspaceState).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

export class FileMemento implements vscode.Memento {
  private readonly data: Record<string, unknown>;

  constructor(private readonly file: string, private readonly fallback?: vscode.Memento) {
    let data: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    } catch {
      // none yet (or unreadable: starts empty, and the next update replaces it)
    }
    this.data = data;
  }

  keys(): readonly string[] {
    return Object.keys(this.data);
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    if (key in this.data) return this.data[key] as T;
    return this.fallback ? this.fallback.get<T>(key) ?? defaultValue : defaultValue;
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) delete this.data[key];
    else this.data[key] = value;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data));
    fs.renameSync(tmp, this.file);
  }
}
