import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { FileMemento } from '../../../src/vscode/tasks/fileMemento';

describe('worktree tasks list file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'forge-memento-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes through at once: a new instance (the next window) reads what was updated, no temporary file left', async () => {
    const file = join(dir, 'sub', 'worktree-tasks.json');
    const m = new FileMemento(file);
    assert.deepEqual(m.get('k', []), []);
    await m.update('k', [{ id: 't1' }]);
    assert.deepEqual(new FileMemento(file).get('k'), [{ id: 't1' }]);
    await m.update('k', undefined);
    assert.equal(new FileMemento(file).get('k'), undefined);
    assert.deepEqual(readdirSync(join(dir, 'sub')), ['worktree-tasks.json']);
  });

  it('reads a value the file lacks from the fallback (the list older versions kept in workspaceState); a damaged file starts empty', async () => {
    const old = { get: (k: string) => (k === 'k' ? ['old'] : undefined) } as unknown as vscode.Memento;
    const file = join(dir, 'worktree-tasks.json');
    assert.deepEqual(new FileMemento(file, old).get('k', []), ['old']);
    writeFileSync(file, '{ not json');
    const m = new FileMemento(file);
    assert.deepEqual(m.keys(), []);
    await m.update('k', ['new']);
    assert.deepEqual(new FileMemento(file, old).get('k'), ['new']);
  });
});
