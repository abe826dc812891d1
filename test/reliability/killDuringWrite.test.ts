/**
 * The process SIGKILLed in the middle of writing a multi-file change set (FORGE_TEST_KILL_AFTER_RENAME,
 * a test-only hook of the writer), in `forge apply` and in `forge run --review end`, both real child
 * processes: afterwards every file holds its old or its new bytes; the next start names which and
 * refuses to write; `forge apply --recover finish` makes every file new, `--recover rollback` old.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/commands';
import { runTask } from '../../src/cli/run/runTaskCommand';
import { startModelServer, type ScriptedResponse } from '../support/modelServer';
import { injected } from './figures';
import { assertTree, oldOrNew, tempFolder } from './tree';

const REPO = path.resolve(__dirname, '../..');
const FILES = { 'a.txt': 'alpha\n', 'src/b.txt': 'beta\n' };
const NEW: Record<string, string> = { 'a.txt': 'ALPHA\n', 'src/b.txt': 'BETA\n', 'c.txt': 'gamma\n' };
const EDIT = '*** Begin Patch\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** Update File: src/b.txt\n@@\n-beta\n+BETA\n*** Add File: c.txt\n+gamma\n*** End Patch\n';

function forgeArgv(args: string[]): string[] {
  const dist = path.join(REPO, 'dist/cli.js');
  if (process.env.FORGE_CLI_DIST === '1' && fs.existsSync(dist)) return [dist, ...args];
  return ['--import', pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, path.join(REPO, 'src/cli/main.ts'), ...args];
}

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

/** Each file old or new (never anything else); returns the states by path. */
function states(root: string): Record<string, 'old' | 'new'> {
  const FILES_OLD: Record<string, string | null> = { ...FILES, 'c.txt': null };
  return Object.fromEntries(Object.keys(NEW).map((rel) => [rel, oldOrNew(path.join(root, rel), FILES_OLD[rel], NEW[rel])]));
}

const LABEL = { old: 'still its old bytes', new: 'already its new bytes' };

/** The next start refuses and names each file's state; `--recover` alone says the same. */
async function assertReported(root: string, seen: Record<string, 'old' | 'new'>): Promise<void> {
  const next = capture(root);
  fs.writeFileSync(path.join(root, '..', `${path.basename(root)}.patch`), '*** Begin Patch\n*** Add File: d.txt\n+d\n*** End Patch\n');
  assert.equal(await runCli(['apply', '--root', root, path.join(root, '..', `${path.basename(root)}.patch`)], next.io), 1);
  const said = next.err.join('');
  assert.match(said, /an earlier write of a change set was interrupted/);
  for (const [rel, s] of Object.entries(seen)) assert.match(said, new RegExp(`  ${rel.replace('.', '\\.')}: ${LABEL[s]}`), said);
  assert.match(said, /--recover finish.*--recover rollback/);
  assert.ok(!fs.existsSync(path.join(root, 'd.txt')), 'nothing else was written');
  const status = capture(root);
  assert.equal(await runCli(['apply', '--root', root, '--recover'], status.io), 1);
  assert.equal(status.out.join(''), said.replace(/^forge apply/, 'forge apply'));
}

async function recover(root: string, how: 'finish' | 'rollback'): Promise<void> {
  const r = capture(root);
  assert.equal(await runCli(['apply', '--root', root, '--recover', how], r.io), 0, r.err.join(''));
  assert.match(r.out.join(''), how === 'finish' ? /Every file now holds its new bytes/ : /Every file now holds its old bytes/);
  assertTree(root, how === 'finish' ? NEW : FILES, `after --recover ${how}:`);
  const again = capture(root);
  assert.equal(await runCli(['apply', '--root', root, '--recover'], again.io), 0);
  assert.match(again.out.join(''), /No interrupted write/);
}

describe('reliability: SIGKILL in the middle of a multi-file write', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  for (const [after, how] of [[1, 'finish'], [2, 'rollback']] as const) {
    it(`forge apply killed after rename ${after} of 3: old or new bytes per file, reported, --recover ${how}`, async () => {
      const survived = injected();
      const root = tempFolder('kill-apply', FILES);
      dirs.push(root);
      const patch = `${root}.edit`;
      dirs.push(patch);
      fs.writeFileSync(patch, EDIT);
      const r = spawnSync(process.execPath, forgeArgv(['apply', '--root', root, patch]), { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', FORGE_TEST_KILL_AFTER_RENAME: String(after) } });
      assert.equal(r.signal, 'SIGKILL', r.stderr + r.stdout);
      const seen = states(root);
      assert.deepEqual(Object.values(seen).filter((s) => s === 'new').length, after, JSON.stringify(seen));
      await assertReported(root, seen);
      if (how === 'rollback') {
        // A file someone changed since is neither old nor new: recovery names it and does nothing.
        fs.writeFileSync(path.join(root, 'c.txt'), 'by hand\n');
        const r = capture(root);
        assert.equal(await runCli(['apply', '--root', root, '--recover', how], r.io), 1);
        assert.match(r.err.join(''), /c\.txt changed since the interrupted write; nothing was done/);
        fs.rmSync(path.join(root, 'c.txt'));
        assert.deepEqual(states(root), seen, 'nothing was done');
      }
      await recover(root, how);
      survived();
    });
  }

  it('forge run --review end killed while writing a change set: reported at the next start, rolled back, the task resumes', async () => {
    const survived = injected();
    const srv = await startModelServer();
    const root = tempFolder('kill-run', FILES);
    const state = tempFolder('kill-run-state');
    dirs.push(root, state);
    try {
      const call = (name: string, args: Record<string, unknown>): ScriptedResponse => ({ toolCalls: [{ name, arguments: args }] });
      srv.script([call('read_file', { path: 'a.txt' }), call('propose_edits', { edit: EDIT }), call('finish', { summary: 'never reached' })]);
      const args = ['run', '--endpoint', srv.url, '--model', 'm', '--review', 'end', '--yes', '--sandbox', 'off', '--state', state, '--root', root, 'Capitalise a and b, add c'];
      const child = spawn(process.execPath, forgeArgv(args), { env: { ...process.env, NODE_OPTIONS: '', FORGE_TEST_KILL_AFTER_RENAME: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (b) => (out += b));
      child.stderr.on('data', (b) => (out += b));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
      assert.equal(signal, 'SIGKILL', out);
      const seen = states(root);
      assert.deepEqual(seen, { 'a.txt': 'new', 'src/b.txt': 'new', 'c.txt': 'old' });

      // The next `forge run` in that folder refuses to start and says why.
      const next = capture(root);
      srv.script([call('finish', { summary: 'should not run' })]);
      const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--sandbox', 'off', '--state', state, '--root', root, 'anything'], next.io, { env: {} });
      assert.equal(code, 1);
      assert.match(next.err.join(''), /^forge run: an earlier write of a change set was interrupted[\s\S]*a\.txt: already its new bytes[\s\S]*c\.txt: still its old bytes/);
      assert.equal(srv.pending, 1, 'no model request was made');
      await assertReported(root, seen);
      await recover(root, 'rollback');

      // The task was saved before the kill; it resumes and finishes.
      const id = /Task (\S+)/.exec(out)?.[1];
      assert.ok(id, out);
      srv.script([call('propose_edits', { edit: EDIT }), call('finish', { summary: 'done' })]);
      const resumed = capture(root);
      const code2 = await runTask(['--endpoint', srv.url, '--model', 'm', '--review', 'end', '--yes', '--sandbox', 'off', '--state', state, '--root', root, '--resume', id], resumed.io, { env: {} });
      assert.equal(code2, 0, resumed.out.join('') + resumed.err.join(''));
      assertTree(root, NEW, 'after the resumed task:');
      survived();
    } finally {
      await srv.close();
    }
  });
});
