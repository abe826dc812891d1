/**
 * Where checkpoints live: one JSON file per applied change set in the extension's workspace
 * storage (never in the user's repository or .git).
 */
import type * as vscode from 'vscode';
import { recordBatch, type Checkpoint, type WrittenFile } from '../core/review/checkpoints';
import { JsonDirStore } from './jsonStore';

export class CheckpointStore {
  private readonly store: JsonDirStore<Checkpoint>;

  constructor(dir: vscode.Uri) {
    this.store = new JsonDirStore(dir);
  }

  /** Newest first. */
  async list(): Promise<Checkpoint[]> {
    return (await this.store.list()).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async record(ids: { changeSetId: string; title: string }, written: readonly WrittenFile[]): Promise<void> {
    if (written.length === 0) return;
    await this.store.put(ids.changeSetId, recordBatch(await this.store.get(ids.changeSetId), ids, written, Date.now()));
  }

  remove(changeSetId: string): Promise<void> {
    return this.store.remove(changeSetId);
  }
}
