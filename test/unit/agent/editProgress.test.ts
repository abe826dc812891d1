/** Live progress of a propose_edits call while the model writes it (JSON arguments in pieces). */
import { strict as assert } from 'node:assert';
import { EditProgressTracker, PartialJsonField } from '../../../src/core/agent/editProgress';
import type { AgentEvent } from '../../../src/core/agent/events';
import { call, collect, makeRig, type Rig } from './harness';

const EDIT = 'src/a.js\n<<<<<<< SEARCH\nconst x = 1;\n=======\nconst x = "one";\n>>>>>>> REPLACE\n\nsrc/b.js\n<<<<<<< SEARCH\nlet y;\n=======\nlet y = 2;\n>>>>>>> REPLACE\n';

describe('edit progress while a propose_edits call streams', function () {
  this.timeout(30_000);

  it('decodes the "edit" string of JSON that arrives in pieces, escapes split anywhere', () => {
    const json = JSON.stringify({ title: 'T "q"', edit: 'a\n"b"\\c\u00e9\u2028\u0001d' });
    for (let size = 1; size <= 7; size++) {
      const f = new PartialJsonField('edit');
      let got = '';
      for (let i = 0; i < json.length; i += size) got += f.push(json.slice(i, i + size));
      assert.equal(got, 'a\n"b"\\c\u00e9\u2028\u0001d', `pieces of ${size}`);
    }
  });

  it('reports files and complete hunks as they appear, only when that changes', () => {
    const t = new EditProgressTracker();
    const json = JSON.stringify({ edit: EDIT });
    const seen: string[] = [];
    for (let i = 0; i < json.length; i += 5) {
      const p = t.push(0, 'propose_edits', json.slice(i, i + 5));
      if (p) seen.push(p.files.map((f) => `${f.path}:${f.hunks}`).join(' '));
    }
    assert.deepEqual(seen, ['src/a.js:0', 'src/a.js:1', 'src/a.js:1 src/b.js:0', 'src/a.js:1 src/b.js:1']);
    assert.equal(new EditProgressTracker().push(0, 'read_file', '{"path":"x"}'), undefined);
  });

  describe('through the real client and loop', () => {
    let rig: Rig;
    beforeEach(async () => (rig = await makeRig({ 'src/a.js': 'const x = 1;\n', 'src/b.js': 'let y;\n' })));
    afterEach(() => rig.close());

    it('emits editProgress before the call runs, from the streamed argument deltas', async () => {
      rig.srv.script([{ ...call('propose_edits', { edit: EDIT }), argumentPieces: 40 }, call('finish', { summary: 'ok' })]);
      const events = await collect(rig.agent().run('Change a and b'));
      const progress = events.filter((e): e is Extract<AgentEvent, { type: 'editProgress' }> => e.type === 'editProgress');
      assert.ok(progress.length >= 3, `several progress events (${progress.length})`);
      assert.deepEqual(progress.at(-1)!.files, [{ path: 'src/a.js', hunks: 1 }, { path: 'src/b.js', hunks: 1 }]);
      const firstRun = events.findIndex((e) => e.type === 'toolStarted');
      assert.ok(events.indexOf(progress.at(-1)!) < firstRun, 'progress comes before the tool runs');
      assert.equal(rig.read('src/b.js'), 'let y = 2;\n');
    });
  });
});
