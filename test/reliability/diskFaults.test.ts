/**
 * Disk faults around the write of a change set: a target deleted, made read-only or changed
 * between the proposal and the user's accept (forge run, asking per hunk), and a disk that fails
 * (ENOSPC at the Nth write, EIO at the Nth rename) under `forge apply`'s writer: every time one
 * clear message, and every file keeps its old bytes (compared byte for byte), with no temporaries,
 * locks or journal left behind.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdit } from '../../src/cli/apply/applyEdit';
import { runTask } from '../../src/cli/run/runTaskCommand';
import type { WriterFs } from '../../src/node/write/writeJournal';
import { startModelServer, type ModelServer, type ScriptedResponse } from '../support/modelServer';
import { injected } from './figures';
import { assertClearMessage, assertTree, snapshot, tempFolder } from './tree';

const call = (name: string, args: Record<string, unknown>): ScriptedResponse => ({ toolCalls: [{ name, arguments: args }] });
const FILES = { 'a.txt': 'alpha\n', 'src/b.txt': 'beta\n' };
const EDIT = '*** Begin Patch\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** Update File: src/b.txt\n@@\n-beta\n+BETA\n*** Add File: c.txt\n+gamma\n*** End Patch\n';

/** node:fs, except that the Nth call of `method` throws an errno error (a full or failing disk). */
export function failingFs(method: 'writeFileSync' | 'renameSync' | 'linkSync', n: number, code: string): WriterFs & { calls: number } {
  const wrapped = { ...fs, calls: 0 } as WriterFs & { calls: number };
  const real = (fs as any)[method].bind(fs);
  (wrapped as any)[method] = (...args: unknown[]) => {
    if (++wrapped.calls === n) throw Object.assign(new Error(`${code}: injected failure, ${method}`), { code });
    return real(...args);
  };
  return wrapped;
}

describe('reliability: disk faults', function () {
  this.timeout(30_000);
  let srv: ModelServer;
  let root: string;
  let state: string;
  beforeEach(async () => {
    srv = await startModelServer();
    root = tempFolder('disk', FILES);
    state = tempFolder('state');
  });
  afterEach(async () => {
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });

  const between: Array<{ name: string; act: (root: string) => void; expect: Record<string, string>; reason: RegExp }> = [
    { name: 'deleted', act: (r) => fs.rmSync(path.join(r, 'src/b.txt')), expect: { 'a.txt': 'alpha\n' }, reason: /src\/b\.txt changed on disk/ },
    { name: 'made read-only', act: (r) => fs.chmodSync(path.join(r, 'src/b.txt'), 0o444), expect: FILES, reason: /src\/b\.txt is read-only/ },
    { name: 'changed', act: (r) => fs.writeFileSync(path.join(r, 'a.txt'), 'alpha, edited by hand\n'), expect: { ...FILES, 'a.txt': 'alpha, edited by hand\n' }, reason: /a\.txt changed on disk/ },
  ];
  for (const c of between) {
    it(`a target ${c.name} between proposal and accept: refused with the reason, nothing written, the model is told`, async () => {
      const survived = injected();
      srv.script([call('propose_edits', { edit: EDIT }), call('finish', { summary: 'gave up' })]);
      const out: string[] = [];
      const io = { cwd: root, stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), readStdin: async () => '' };
      let acted = false;
      const prompt = async () => {
        if (!acted) c.act(root);
        acted = true;
        return 'y';
      };
      const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--sandbox', 'off', '--state', state, 'Capitalise'], io, { env: {}, prompt });
      const text = out.join('');
      assert.equal(code, 0, text);
      const failure = /Could not apply: (.+)\n/.exec(text);
      assert.ok(failure, text);
      assert.match(failure[1], c.reason);
      assertClearMessage(failure[1]);
      assertTree(root, c.expect);
      assert.match(JSON.stringify(srv.chatRequests[1].body.messages.at(-1)), c.reason, 'the model hears why');
      survived();
    });
  }

  // The writer's file system calls for this edit: 4 writes (3 temporaries + the journal); renames
  // and links: the journal, a.txt, src/b.txt, c.txt (created by a link).
  const disk: Array<[WriterFsMethod, string, number]> = [
    ...[1, 2, 3, 4].map((n): [WriterFsMethod, string, number] => ['writeFileSync', 'ENOSPC', n]),
    ...[1, 2, 3].map((n): [WriterFsMethod, string, number] => ['renameSync', 'EIO', n]),
  ];
  for (const [method, code, n] of disk) {
    it(`forge apply on a failing disk (${code} at ${method} #${n}): every file keeps its old bytes, nothing left behind`, () => {
      const survived = injected();
      const before = snapshot(root);
      const io = failingFs(method, n, code);
      const r = applyEdit({ root, text: EDIT, fs: io });
      assert.ok(io.calls >= n, `the fault was reached (${io.calls} calls)`);
      assert.equal(r.ok, false, 'the write failed');
      assertClearMessage(r.error!);
      assert.match(r.error!, new RegExp(`${code}[\\s\\S]*nothing was changed|nothing was written`));
      assertTree(root, before, `${code} at ${method} #${n}:`);
      // The disk is fine again: the same edit goes through.
      const again = applyEdit({ root, text: EDIT });
      assert.equal(again.ok, true, again.error);
      assertTree(root, { 'a.txt': 'ALPHA\n', 'src/b.txt': 'BETA\n', 'c.txt': 'gamma\n' });
      survived();
    });
  }
});

describe('reliability: disk faults the writer works around', () => {
  // Hard links keep the originals (#1, #2) and create new files without replacing (#3); where a
  // link fails (file systems without them) a copy or a rename does the same job.
  for (const n of [1, 2, 3]) {
    it(`EIO at linkSync #${n}: the edit is written all the same, byte for byte`, () => {
      const survived = injected();
      const root = tempFolder('link', FILES);
      try {
        const r = applyEdit({ root, text: EDIT, fs: failingFs('linkSync', n, 'EIO') });
        assert.equal(r.ok, true, r.error);
        assertTree(root, { 'a.txt': 'ALPHA\n', 'src/b.txt': 'BETA\n', 'c.txt': 'gamma\n' });
        survived();
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

type WriterFsMethod = 'writeFileSync' | 'renameSync' | 'linkSync';
