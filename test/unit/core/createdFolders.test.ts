import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { foldersAbove, missingFolders, removeEmptyFolders, type FolderOps } from '../../../src/core/review/createdFolders';

describe('folders a change set created, removed when empty again', () => {
  let root: string;
  let ops: FolderOps;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-folders-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'keep.ts'), 'x\n');
    fs.mkdirSync(path.join(root, 'empty-before'));
    const abs = (d: string) => path.join(root, d);
    ops = {
      exists: async (d) => fs.existsSync(abs(d)),
      entries: async (d) => (fs.existsSync(abs(d)) ? fs.readdirSync(abs(d)).length : undefined),
      remove: async (d) => fs.rmdirSync(abs(d)),
    };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds the folders a new file needs, outermost first, and only those', async () => {
    assert.deepEqual(await missingFolders('src/util/deep/new.ts', ops), ['src/util', 'src/util/deep']);
    assert.deepEqual(await missingFolders('src/new.ts', ops), []);
    assert.deepEqual(await missingFolders('top.ts', ops), []);
  });

  it('rejecting the new file removes the folders created for it once empty, deepest first; others stay', async () => {
    const created = await missingFolders('src/util/deep/new.ts', ops);
    fs.mkdirSync(path.join(root, 'src/util/deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/util/deep/new.ts'), 'new\n');
    fs.writeFileSync(path.join(root, 'src/util/mine.ts'), 'the engineer added this\n');
    fs.rmSync(path.join(root, 'src/util/deep/new.ts')); // the rejection deletes the file
    const dirs = foldersAbove([...created, 'empty-before-not-recorded'], ['src/util/deep/new.ts']);
    assert.deepEqual(dirs, ['src/util', 'src/util/deep']);
    assert.deepEqual(await removeEmptyFolders(dirs, ops), ['src/util/deep'], 'src/util still holds the engineer\'s file');
    assert.ok(fs.existsSync(path.join(root, 'src/util/mine.ts')));
    fs.rmSync(path.join(root, 'src/util/mine.ts'));
    assert.deepEqual(await removeEmptyFolders(dirs, ops), ['src/util']);
    assert.ok(fs.existsSync(path.join(root, 'src')), 'a folder that existed before is never removed');
    assert.ok(fs.existsSync(path.join(root, 'empty-before')), 'an empty folder Forge did not create stays');
  });
});
