/**
 * A folder of JSON files in the extension's storage, one per id. Used for checkpoints and for
 * pending change sets, so both survive a VS Code restart without touching the user's files.
 */
import * as vscode from 'vscode';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class JsonDirStore<T> {
  constructor(readonly dir: vscode.Uri) {}

  private file(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, `${id.replace(/[^\w.-]/g, '_')}.json`);
  }

  async get(id: string): Promise<T | undefined> {
    try {
      return JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(this.file(id)))) as T;
    } catch {
      return undefined;
    }
  }

  async list(): Promise<T[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.dir);
    } catch {
      return [];
    }
    const out: T[] = [];
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
      const value = await this.get(name.slice(0, -5));
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  async put(id: string, value: T): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.dir);
    await vscode.workspace.fs.writeFile(this.file(id), encoder.encode(JSON.stringify(value)));
  }

  async remove(id: string): Promise<void> {
    await Promise.resolve(vscode.workspace.fs.delete(this.file(id), { useTrash: false })).catch(() => undefined);
  }
}
