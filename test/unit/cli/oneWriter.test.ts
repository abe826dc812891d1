/**
 * One writer at a time per file: the check that a file is unchanged and the rename that replaces it
 * happen under a lock that other Forge processes respect, so the loser of a race refuses with
 * "changed on disk" and never overwrites; a writer killed at any step leaves each file with its old
 * or its new bytes; a lock left by a dead process is taken over.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { acquireLocks, acquireLocksSync, lockPathFor } from '../../../src/node/write/fileLock';
import { replaceTexts } from '../../../src/node/write/replaceTexts';
import { writeChangeSet } from '../../../src/node/write/writeChangeSet';
import { readBase } from '../../../src/cli/apply/applyEdit';
import { raceTrial } from '../../support/applyRace';

const REPO = path.resolve(__dirname, '../../..');
const PATCH = `--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n--- a/b.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n-alpha\n+ALPHA\n beta\n`;

function folder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-writer-'));
  fs.writeFileSync(path.join(root, 'a.txt'), 'one\ntwo\nthree\n');
  fs.writeFileSync(path.join(root, 'b.txt'), 'alpha\nbeta\n');
  return root;
}

function built(root: string) {
  const parsed = parseEdit(PATCH);
  const bases = new Map<string, string | null>(parsed.files.map((f) => [f.path, fs.readFileSync(path.join(root, f.path), 'utf8')]));
  const b = buildChangeSet(parsed, bases);
  assert.ok(b.ok);
  return { cs: b.changeSet, bases };
}

describe('one writer at a time (lock + compare-and-swap)', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('a writer waits for the lock, then finds the file changed and refuses instead of overwriting', async () => {
    const root = folder();
    dirs.push(root);
    const { cs, bases } = built(root);
    const file = path.join(root, 'a.txt');
    const lock = lockPathFor(file);
    // Another writer holds the lock, writes its own change, and releases the lock 400 ms later.
    const other = spawn('sh', ['-c', 'sleep 0.4; printf "theirs\\n" > "$1"; rm "$2"', 'sh', file, lock]);
    fs.writeFileSync(lock, JSON.stringify({ pid: other.pid, host: os.hostname(), at: new Date().toISOString() }), { flag: 'wx' });
    const t0 = Date.now();
    const r = writeChangeSet(cs, bases, { abs: (rel) => path.join(root, rel) });
    assert.ok(Date.now() - t0 >= 300, 'it waited for the other writer');
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /a\.txt changed on disk/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'theirs\n', "the other writer's change is kept");
    assert.equal(fs.readFileSync(path.join(root, 'b.txt'), 'utf8'), 'alpha\nbeta\n', 'nothing else written');
    await new Promise((res) => other.on('close', res));
    assert.deepEqual(fs.readdirSync(root).sort(), ['a.txt', 'b.txt'], 'no lock or temporary left');
  });

  it('gives up with a clear error when the lock stays held by a live process', async () => {
    const root = folder();
    dirs.push(root);
    const { cs, bases } = built(root);
    const lock = lockPathFor(path.join(root, 'b.txt'));
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    const r = writeChangeSet(cs, bases, { abs: (rel) => path.join(root, rel), lock: { timeoutMs: 150 } });
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /another Forge process is writing .*b\.txt.*nothing was written/);
    assert.equal(fs.readFileSync(path.join(root, 'a.txt'), 'utf8'), 'one\ntwo\nthree\n');
    const a = await acquireLocks([path.join(root, 'b.txt')], { timeoutMs: 100 });
    assert.equal(a.ok, false, 'the async variant waits and gives up the same way');
    fs.rmSync(lock);
  });

  it('takes over a lock whose process is gone', () => {
    const root = folder();
    dirs.push(root);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(lockPathFor(path.join(root, 'a.txt')), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname() }));
    const { cs, bases } = built(root);
    const r = writeChangeSet(cs, bases, { abs: (rel) => path.join(root, rel), lock: { timeoutMs: 2_000 } });
    assert.equal(r.ok, true, (r as { error?: string }).error);
    assert.equal(fs.readFileSync(path.join(root, 'a.txt'), 'utf8'), 'one\nTWO\nthree\n');
    assert.deepEqual(fs.readdirSync(root).sort(), ['a.txt', 'b.txt']);
  });

  it('locks a file in a folder that does not exist yet at its nearest existing folder', () => {
    const root = folder();
    dirs.push(root);
    assert.equal(lockPathFor(path.join(root, 'new/deep/x.ts')), path.join(root, '.new.forge-lock'));
    const l = acquireLocksSync([path.join(root, 'new/deep/x.ts'), path.join(root, 'a.txt')]);
    assert.ok(l.ok);
    assert.ok(fs.existsSync(path.join(root, '.new.forge-lock')) && fs.existsSync(path.join(root, '.a.txt.forge-lock')));
    l.release();
    assert.deepEqual(fs.readdirSync(root).sort(), ['a.txt', 'b.txt']);
  });

  it('a writer killed at any commit step leaves each file with its old or its new bytes', () => {
    const patchFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-patch-')), 'p.diff');
    dirs.push(path.dirname(patchFile));
    fs.writeFileSync(patchFile, PATCH);
    const script = path.join(REPO, 'test/support/killDuringWrite.ts');
    const loader = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
    for (const step of [0, 1]) {
      const root = folder();
      dirs.push(root);
      const r = spawnSync(process.execPath, ['--import', loader, script, root, patchFile, String(step)], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      assert.equal(r.signal, 'SIGKILL', r.stderr);
      if (step === 0) assert.equal(fs.readdirSync(root).filter((n) => n.includes('.forge-new-')).length, 2, 'the killed writer left its temporaries');
      const a = fs.readFileSync(path.join(root, 'a.txt'), 'utf8');
      const b = fs.readFileSync(path.join(root, 'b.txt'), 'utf8');
      assert.ok(['one\ntwo\nthree\n', 'one\nTWO\nthree\n'].includes(a), a);
      assert.ok(['alpha\nbeta\n', 'ALPHA\nbeta\n'].includes(b), b);
      assert.equal(a, step === 0 ? 'one\ntwo\nthree\n' : 'one\nTWO\nthree\n', 'steps before the kill are done, later ones not');
      if (step === 0) {
        // The dead writer's lock does not block the next one.
        const { cs, bases } = built(root);
        const next = writeChangeSet(cs, bases, { abs: (rel) => path.join(root, rel), lock: { timeoutMs: 2_000 } });
        assert.equal(next.ok, true, (next as { error?: string }).error);
        assert.equal(fs.readFileSync(path.join(root, 'b.txt'), 'utf8'), 'ALPHA\nbeta\n');
        assert.deepEqual(fs.readdirSync(root).sort(), ['a.txt', 'b.txt'], "the dead writer's temporaries and lock are gone");
      }
    }
  });

  it('putting old texts back (the end review) checks and writes under the same locks', () => {
    const root = folder();
    dirs.push(root);
    const a = path.join(root, 'a.txt');
    const b = path.join(root, 'b.txt');
    const plan = [
      { path: 'a.txt', abs: a, expected: 'one\ntwo\nthree\n', next: 'before\n' },
      { path: 'b.txt', abs: b, expected: 'alpha\nbeta\n', next: null },
    ];
    // Someone changed b.txt since: nothing is written.
    fs.writeFileSync(b, 'alpha\nBETA\n');
    const refused = replaceTexts(plan, readBase);
    assert.deepEqual(refused, { ok: false, error: 'b.txt changed after the agent wrote it; Forge leaves it as it is.' });
    assert.equal(fs.readFileSync(a, 'utf8'), 'one\ntwo\nthree\n');
    fs.writeFileSync(b, 'alpha\nbeta\n');
    fs.chmodSync(a, 0o640);
    assert.deepEqual(replaceTexts(plan, readBase), { ok: true });
    assert.equal(fs.readFileSync(a, 'utf8'), 'before\n');
    assert.equal(fs.statSync(a).mode & 0o777, 0o640, 'the mode is kept');
    assert.equal(fs.existsSync(b), false);
    assert.deepEqual(fs.readdirSync(root), ['a.txt'], 'no lock or temporary left');
    // A live writer holding the lock: it waits, then gives up with the reason.
    fs.writeFileSync(lockPathFor(a), JSON.stringify({ pid: process.pid, host: os.hostname() }));
    const busy = replaceTexts([{ path: 'a.txt', abs: a, expected: 'before\n', next: 'x\n' }], readBase, { timeoutMs: 100 });
    assert.equal(busy.ok, false);
    assert.match((busy as { error: string }).error, /another Forge process is writing/);
  });

  it('two concurrent forge apply processes on one file never lose an edit', async () => {
    // The bench (bench/concurrentApply.ts) runs 100 trials of each kind; one of each here (each
    // starts two CLI processes, seconds on a busy machine); the test above forces the race.
    for (let t = 0; t < 1; t++) {
      for (const sameLine of [false, true]) {
        const r = await raceTrial({ sameLine });
        assert.equal(r.lost, 0, `trial ${t} sameLine=${sameLine}: ${JSON.stringify(r)}`);
        assert.equal(r.corrupt, false, JSON.stringify(r));
        assert.ok(r.codes.includes(0), `at least one writer succeeds: ${JSON.stringify(r)}`);
        for (const out of r.refusals) assert.match(out, /changed on disk|does not match|not in the file|already/, out);
      }
    }
  });
});
