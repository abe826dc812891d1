/**
 * Review mode `end`: the agent's proposals land in the working copy (its tests run against them),
 * and the whole task's change set is reviewed once at the end, where a rejected file gets its exact
 * previous bytes back and the decisions reach the model when the task is continued.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import type { Approval } from '../../../src/core/ports';
import { CliWorkingCopy } from '../../../src/cli/run/workingCopy';
import { call, collect, lastToolMessage, makeRig, type Rig } from './harness';

const SUM = 'exports.sum = (xs) => xs.reduce((a, b) => a - b, 0);\n';
const TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('./sum');\ntest('sum', () => assert.equal(sum([1, 2, 3]), 6));\n";
// CRLF and no final newline: rejecting must give these exact bytes back.
const README = 'Sum\r\n===\r\nAdds numbers.';

describe('agent scenario: review mode end', function () {
  this.timeout(60_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'sum.js': SUM, 'sum.test.js': TEST, 'README.md': README })));
  afterEach(() => rig.close());

  function endApproval(answers: string[], seen: { cs: ChangeSet; bases: Map<string, string | null> }[]): Approval {
    const wc = new CliWorkingCopy({ root: rig.ws.root, yes: false, out: () => undefined, prompt: async () => answers.shift() ?? null });
    return {
      reviewChangeSet: async () => assert.fail('review mode end never reviews a proposal on its own'),
      approveCommand: async () => 'once',
      applyWorking: (cs) => wc.applyWorking(cs),
      reviewApplied: async (cs, bases) => {
        seen.push({ cs, bases: new Map(bases) });
        return wc.reviewApplied(cs, bases);
      },
    };
  }

  it('writes proposals to the working copy, runs tests against them, reviews once at the end; a rejected file is restored byte for byte', async () => {
    rig.srv.script([
      call('run_command', { command: 'node --test' }),
      call('propose_edits', { edit: 'sum.js\n<<<<<<< SEARCH\nexports.sum = (xs) => xs.reduce((a, b) => a - b, 0);\n=======\nexports.sum = (xs) => xs.reduce((a, b) => a + b, 0);\n>>>>>>> REPLACE\n' }),
      call('run_command', { command: 'node --test' }),
      call('propose_edits', { edit: '--- a/README.md\n+++ b/README.md\n@@ -3 +3,2 @@\n-Adds numbers.\n\\ No newline at end of file\n+Adds numbers.\n+Run `node --test`.\n' }),
      call('propose_edits', { edit: 'NOTES.md\n```md\nfixed sum\n```\n' }),
      call('finish', { summary: 'Fixed sum; the tests pass.' }),
    ]);
    const seen: { cs: ChangeSet; bases: Map<string, string | null> }[] = [];
    const approval = endApproval(['y', 'n: keep the readme as it was', 'n'], seen);
    const events = await collect(rig.agent({ approval }, { review: 'end' }).run('Fix sum'));
    const reqs = rig.srv.chatRequests.map((r) => r.body);

    // The second test run saw the fix: it was on disk before any review.
    assert.match(lastToolMessage(reqs[1]), /exited with code 1/);
    assert.match(lastToolMessage(reqs[2]), /Written to the working copy/);
    assert.match(lastToolMessage(reqs[3]), /exited with code 0/);

    // One review, at the end, of the whole task measured against the files before the task.
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0].cs.files.map((f) => `${f.action} ${f.path}`), ['update sum.js', 'update README.md', 'add NOTES.md']);
    assert.deepEqual([...seen[0].bases], [['sum.js', SUM], ['README.md', README], ['NOTES.md', null]]);
    const kinds = events.map((e) => e.type);
    assert.equal(kinds[kinds.length - 1], 'finished');
    assert.ok(kinds.lastIndexOf('changeSetReviewed') < kinds.length - 1, 'the end review comes before the final event');

    // Kept, restored exactly, removed.
    assert.equal(rig.read('sum.js'), SUM.replace('a - b', 'a + b'));
    assert.deepEqual(fs.readFileSync(path.join(rig.ws.root, 'README.md')), Buffer.from(README));
    assert.equal(fs.existsSync(path.join(rig.ws.root, 'NOTES.md')), false);

    // Continuing the task tells the model what the user kept and rejected.
    const taskId = (events[0] as { taskId: string }).taskId;
    rig.srv.script([call('finish', { summary: 'ok' })]);
    await collect(rig.agent({ approval: endApproval([], []) }, { review: 'end' }).resume(taskId, { message: 'thanks' }));
    const resumed = rig.srv.chatRequests[rig.srv.chatRequests.length - 1].body.messages as { role: string; content: string }[];
    const note = resumed.find((m) => m.role === 'user' && m.content.startsWith("End review: the user reviewed this task's changes"));
    assert.ok(note, 'the end review is in the transcript');
    assert.match(note.content, /1 hunk kept, 2 rejected/);
    assert.match(note.content, /update README.md: hunk 1 rejected and restored \(reason: keep the readme as it was\)/);
  });

  it('a task stopped by its step budget still ends with the review of what it wrote', async () => {
    rig.srv.script([
      call('propose_edits', { edit: 'NOTES.md\n```md\nhalf done\n```\n' }),
      call('read_file', { path: 'sum.js' }),
    ]);
    const seen: { cs: ChangeSet; bases: Map<string, string | null> }[] = [];
    const events = await collect(rig.agent({ approval: endApproval(['n'], seen) }, { review: 'end', maxSteps: 1 }).run('Write notes'));
    assert.equal(events[events.length - 1].type, 'limitReached');
    assert.equal(seen.length, 1);
    assert.equal(fs.existsSync(path.join(rig.ws.root, 'NOTES.md')), false);
  });

  it('falls back to reviewing each proposal when the host cannot write a working copy', async () => {
    rig.srv.script([
      call('propose_edits', { edit: 'NOTES.md\n```md\nx\n```\n' }),
      call('finish', { summary: 'done' }),
    ]);
    let reviews = 0;
    const approval: Approval = { reviewChangeSet: async (cs) => (reviews++, { changeSetId: cs.id, completed: true, files: [] }) };
    await collect(rig.agent({ approval }, { review: 'end' }).run('Write notes'));
    assert.equal(reviews, 1);
  });
});
