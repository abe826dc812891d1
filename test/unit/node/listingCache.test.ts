import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListingCache } from '../../../src/node/listingCache';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** File times come from a coarse clock: leave a gap between a change and the next step. */
const GAP = 80;

/** A lister over the real folder: every file except under .git and *.log (a stand-in for the ignore rules); counts its calls. */
function realLister(root: string) {
  const lister = async () => {
    lister.calls++;
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (e.name !== '.git') walk(p);
        } else if (!p.endsWith('.log')) out.push(p);
      }
    };
    walk('');
    return out.sort();
  };
  lister.calls = 0;
  return lister;
}

describe('ListingCache', () => {
  let root: string;
  const write = (rel: string, text = 'x\n') => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  beforeEach(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'forge-listing-cache-')));
    write('.gitignore', '*.log\n');
    write('src/a.ts');
    write('src/deep/b.ts');
    write('build/out.log');
    mkdirSync(join(root, 'empty'));
    await sleep(GAP);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('validated by modification times (CLI)', () => {
    async function listed(): Promise<{ cache: ListingCache; lister: ReturnType<typeof realLister> }> {
      const lister = realLister(root);
      const cache = new ListingCache(root, lister, { validate: 'mtime' });
      assert.deepEqual(await cache.get(), ['.gitignore', 'src/a.ts', 'src/deep/b.ts']);
      assert.equal(cache.lastSource, 'listed');
      return { cache, lister };
    }

    it('answers from the cache while nothing was added or removed, even when a file changed', async () => {
      const { cache, lister } = await listed();
      await sleep(GAP);
      write('src/a.ts', 'changed\n');
      assert.deepEqual(await cache.get(), ['.gitignore', 'src/a.ts', 'src/deep/b.ts']);
      assert.equal(cache.lastSource, 'cached');
      assert.equal(lister.calls, 1);
    });

    for (const [what, change, expected] of [
      ['a file added to a listed folder', () => write('src/deep/c.ts'), ['.gitignore', 'src/a.ts', 'src/deep/b.ts', 'src/deep/c.ts']],
      ['a file added to a folder with no listed file', () => write('empty/new.ts'), ['.gitignore', 'empty/new.ts', 'src/a.ts', 'src/deep/b.ts']],
      ['a file added next to ignored files only', () => write('build/main.ts'), ['.gitignore', 'build/main.ts', 'src/a.ts', 'src/deep/b.ts']],
      ['a file removed', () => rmSync(join(root, 'src/deep/b.ts')), ['.gitignore', 'src/a.ts']],
      ['a new folder at the root', () => write('lib/x.ts'), ['.gitignore', 'lib/x.ts', 'src/a.ts', 'src/deep/b.ts']],
    ] as const) {
      it(`lists again after ${what}`, async () => {
        const { cache, lister } = await listed();
        await sleep(GAP);
        change();
        assert.deepEqual(await cache.get(), expected);
        assert.equal(cache.lastSource, 'listed');
        assert.equal(lister.calls, 2);
      });
    }

    it('lists again after an ignore file was edited in place', async () => {
      const { cache, lister } = await listed();
      await sleep(GAP);
      write('.gitignore', '*.log\n*.tmp\n');
      await cache.get();
      assert.equal(lister.calls, 2);
    });

    it('lists again when the tree changed while it was being listed', async () => {
      const lister = realLister(root);
      const cache = new ListingCache(root, async () => {
        const files = await lister();
        write('src/late.ts');
        return files;
      }, { validate: 'mtime' });
      assert.deepEqual(await cache.get(), ['.gitignore', 'src/a.ts', 'src/deep/b.ts']);
      assert.ok((await cache.get())!.includes('src/late.ts'));
      assert.equal(cache.lastSource, 'listed');
    });

    it('NodeWorkspace.listFiles uses it', async () => {
      const ws = new NodeWorkspace(root);
      await ws.listFiles();
      await sleep(GAP);
      await ws.listFiles();
      assert.equal(ws.listing.lastSource, 'cached');
    });
  });

  describe('updated from file watcher events (VS Code)', () => {
    async function listed(isIgnored = async (rel: string) => rel.endsWith('.log')) {
      const lister = realLister(root);
      const cache = new ListingCache(root, lister, { validate: 'events', isIgnored, maxPending: 10 });
      await cache.get();
      return { cache, lister };
    }

    it('adds a created file the ignore rules keep and leaves out one they drop, without listing again', async () => {
      const { cache, lister } = await listed();
      write('src/new.ts');
      write('src/new.log');
      cache.onCreated('src/new.ts');
      cache.onCreated('src/new.log');
      assert.deepEqual(await cache.get(), ['.gitignore', 'src/a.ts', 'src/deep/b.ts', 'src/new.ts']);
      assert.equal(cache.lastSource, 'updated');
      assert.equal(await cache.get().then(() => cache.lastSource), 'cached');
      assert.equal(lister.calls, 1);
    });

    it('removes a deleted file, and everything under a deleted folder', async () => {
      const { cache, lister } = await listed();
      cache.onDeleted('src/deep');
      assert.deepEqual(await cache.get(), ['.gitignore', 'src/a.ts']);
      cache.onDeleted('src/a.ts');
      assert.deepEqual(await cache.get(), ['.gitignore']);
      assert.equal(lister.calls, 1);
    });

    it('a file created then deleted before the next call is not listed', async () => {
      const { cache } = await listed();
      cache.onCreated('src/tmp.ts');
      cache.onDeleted('src/tmp.ts');
      assert.deepEqual(await cache.get(), ['.gitignore', 'src/a.ts', 'src/deep/b.ts']);
    });

    for (const [what, act] of [
      ['a created folder (its files may not be reported one by one)', (c: ListingCache) => (write('lib/x.ts'), c.onCreated('lib'))],
      ['a changed .gitignore', (c: ListingCache) => c.onChanged('src/.gitignore')],
      ['a burst of events (a branch switch)', (c: ListingCache) => { for (let i = 0; i < 11; i++) c.onDeleted(`gone${i}.ts`); }],
    ] as const) {
      it(`lists again after ${what}`, async () => {
        const { cache, lister } = await listed();
        act(cache);
        await cache.get();
        assert.equal(cache.lastSource, 'listed');
        assert.equal(lister.calls, 2);
      });
    }

    it('ignores events inside .git', async () => {
      const { cache, lister } = await listed();
      cache.onCreated('.git/index.lock');
      cache.onChanged('.git/index');
      await cache.get();
      assert.equal(cache.lastSource, 'cached');
      assert.equal(lister.calls, 1);
    });
  });
});
