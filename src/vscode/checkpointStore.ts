/**
 * Where checkpoints live: one JSON file per applied change set in the extension's workspace
 * storage (never in the user's repository or .git).
 */
import * as vscode from 'vscode';
import { recordBatch, type Checkpoint, type WrittenFile } from '../core/review/checkpoints';

const decoder = new TextDecoder();

export class CheckpointStore {
  constructor(private readonly dir: vscode.Uri) {}

  private file(changeSetId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, `${changeSetId.replace(/[^\w.-]/g, '_')}.json`);
  }

  async get(changeSetId: string): Promise<Checkpoint | undefined> {
    try {
      return JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(this.file(changeSetId)))) as Checkpoint;
    } catch {
      return undefined;
    }
  }

  /** Newest first. */
  async list(): Promise<Checkpoint[]> {
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.dir);
    } catch {
      return [];
    }
    const out: Checkpoint[] = [];
    for (const [name] of entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.json'))) {
      const cp = await this.get(name.slice(0, -5));
      if (cp) out.push(cp);
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async record(ids: { changeSetId: string; title: string }, written: readonly WrittenFile[]): Promise<void> {
    if (written.length === 0) return;
    const cp = recordBatch(await this.get(ids.changeSetId), ids, written, Date.now());
    await vscode.workspace.fs.createDirectory(this.dir);
    await vscode.workspace.fs.writeFile(this.file(ids.changeSetId), new TextEncoder().encode(JSON.stringify(cp)));
  }

  async remove(changeSetId: string): Promise<void> {
    await vscode.workspace.fs.delete(this.file(changeSetId), { useTrash: false }).then(undefined, () => undefined);
  }
}
