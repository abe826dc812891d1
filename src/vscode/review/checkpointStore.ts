/**
 * The change set history of a workspace: one JSON file per change set in the extension's workspace
 * storage (never in the user's repository or .git), with the bytes before and after Forge wrote
 * each file, how its review ended, and which hunks are reverted. Bounded: the newest
 * HISTORY_LIMIT sets are kept. Fires onDidChange so the Change Sets view follows.
 */
import * as vscode from 'vscode';
import { HISTORY_LIMIT, recordBatch, type Checkpoint, type ReviewResult, type WrittenFile } from '../../core/review/checkpoints';
import { JsonDirStore } from '../jsonStore';
import { foldersAbove } from '../../core/review/createdFolders';

export class CheckpointStore implements vscode.Disposable {
  private readonly store: JsonDirStore<Checkpoint>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(dir: vscode.Uri) {
    this.store = new JsonDirStore(dir);
  }

  /** Newest first. */
  async list(): Promise<Checkpoint[]> {
    return (await this.store.list()).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(changeSetId: string): Promise<Checkpoint | undefined> {
    return this.store.get(changeSetId);
  }

  async record(ids: { changeSetId: string; title: string }, written: readonly WrittenFile[], createdDirs: readonly string[] = []): Promise<void> {
    if (written.length === 0) return;
    await this.put(recordBatch(await this.store.get(ids.changeSetId), ids, written, Date.now(), createdDirs));
  }

  /** How the review ended; a set that wrote nothing (all rejected) is kept in the history too. */
  async setResult(ids: { changeSetId: string; title: string }, result: ReviewResult): Promise<void> {
    const now = Date.now();
    const cp = (await this.store.get(ids.changeSetId)) ?? { changeSetId: ids.changeSetId, title: ids.title, createdAt: now, updatedAt: now, files: [] };
    await this.put({ ...cp, result });
  }

  /** Folders some change set created that hold one of `paths` (review mode `end` writes under other set ids). */
  async createdDirsAbove(paths: readonly string[]): Promise<string[]> {
    return foldersAbove((await this.list()).flatMap((cp) => cp.createdDirs ?? []), paths);
  }

  async put(cp: Checkpoint): Promise<void> {
    await this.store.put(cp.changeSetId, cp);
    const all = await this.list();
    for (const old of all.slice(HISTORY_LIMIT)) await this.store.remove(old.changeSetId);
    this.changed.fire();
  }

  async remove(changeSetId: string): Promise<void> {
    await this.store.remove(changeSetId);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
