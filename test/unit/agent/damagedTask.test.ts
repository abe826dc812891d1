/** A damaged saved task: the schema says what is wrong and where the file is, in the CLI and the storage both hosts use. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromStored, newTaskState, toStored } from '../../../src/core/agent/taskState';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { FileStorage } from '../../../src/node/fileStorage';
import { startModelServer, type ModelServer } from '../../support/modelServer';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

describe('damaged task files', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-tasks-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const good = () => {
    const s = newTaskState('t1', 'Fix the bug', 1000);
    s.messages.push({ role: 'user', content: 'hi' }, { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'read_file', argumentsJson: '{}' }] });
    return toStored(s, 2000);
  };

  it('a saved task loads back as it was; a missing one is null', async () => {
    const storage = new FileStorage(dir);
    await storage.saveTask(good());
    const loaded = await storage.loadTask('t1');
    assert.deepEqual(loaded, good() as unknown);
    assert.deepEqual(fromStored(loaded!), good().state);
    assert.equal(await storage.loadTask('nope'), null);
  });

  it('a file that is not JSON, or JSON of the wrong shape, is an error naming the file and the problem', async () => {
    const storage = new FileStorage(dir);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"id": "broken", "state": {');
    await assert.rejects(storage.loadTask('broken'), (e: Error) => e.message.includes(path.join(dir, 'broken.json')) && /not valid JSON/.test(e.message));
    const wrong = good() as unknown as { state: { messages: Array<Record<string, unknown>>; steps: unknown } };
    wrong.state.messages[1].role = 'robot';
    wrong.state.steps = 'many';
    fs.writeFileSync(path.join(dir, 'wrong.json'), JSON.stringify({ ...wrong, id: 'wrong' }));
    await assert.rejects(storage.loadTask('wrong'), (e: Error) => {
      assert.match(e.message, new RegExp(`saved task file ${path.join(dir, 'wrong.json').replace(/[.\\/]/g, '\\$&')} is damaged`));
      assert.match(e.message, /state\.messages\[1\]\.role/);
      assert.match(e.message, /state\.steps/);
      return true;
    });
    fs.writeFileSync(path.join(dir, 'array.json'), '[1, 2]');
    await assert.rejects(storage.loadTask('array'), /array\.json is damaged: the file: /);
    const listed = await storage.listTasks();
    assert.deepEqual(listed.map((t) => t.title).sort(), ['(damaged task file array.json)', '(damaged task file broken.json)', '(damaged task file wrong.json)']);
    // Another Storage (VS Code's, a test's) that returns a damaged record: the core's check says what is wrong.
    assert.throws(() => fromStored({ id: 'x', title: '', createdAt: 0, updatedAt: 0, state: { version: 1 } }), /Task "x" cannot be resumed: its saved state is damaged \(state\.id: /);
  });

  describe('forge run --resume', () => {
    let srv: ModelServer;
    before(async () => (srv = await startModelServer()));
    after(async () => srv.close());

    for (const [name, text, want] of [
      ['unparsable', '{"id": "task-1", "sta', /not valid JSON/],
      ['valid JSON of the wrong shape', JSON.stringify({ id: 'task-1', title: 't', createdAt: 1, updatedAt: 1, state: { version: 1, messages: 'none' } }), /state\.id: .*; state\.task: /],
    ] as const) {
      it(`${name}: exit 1 with what is wrong and where the file is, no stack trace`, async () => {
        fs.writeFileSync(path.join(dir, 'task-1.json'), text);
        const { io, out, err } = captureIo(dir);
        const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', dir, '--resume', 'task-1'], io, { env: {} });
        const all = out.join('') + err.join('');
        assert.equal(code, 1, all);
        assert.match(all, /Error: The saved task file .*task-1\.json is damaged: /);
        assert.match(all, want);
        assert.doesNotMatch(all, /There is no saved task|internal error|\n\s+at /);
        assert.equal(srv.chatRequests.length, 0, 'no model request');
      });
    }
  });
});
