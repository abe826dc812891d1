/**
 * Scenario 1: from scratch. The model plans, creates a 6-file Node project in three proposals
 * (apply_patch, whole files), runs its tests with run_command (real `node --test`), reads the
 * failure, fixes it with SEARCH/REPLACE, re-runs the tests and finishes.
 */
import { strict as assert } from 'node:assert';
import { call, collect, lastToolMessage, makeRig, type Rig } from './harness';

const PKG = '{\n  "name": "calc",\n  "version": "1.0.0",\n  "scripts": { "test": "node --test" }\n}';
const MATH_BUGGY = 'exports.add = (a, b) => a + b;\nexports.multiply = (a, b) => a + b;\n';
const STRINGS = "exports.shout = (s) => s.toUpperCase() + '!';\n";
const INDEX = "const math = require('./math');\nconst strings = require('./strings');\nmodule.exports = { ...math, ...strings };\n";
const MATH_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst m = require('../src/math');\ntest('add', () => assert.equal(m.add(2, 3), 5));\ntest('multiply', () => assert.equal(m.multiply(2, 3), 6));\n";
const STRINGS_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { shout } = require('../src/index');\ntest('shout', () => assert.equal(shout('hi'), 'HI!'));\n";

const addFiles = (files: Record<string, string>) =>
  `*** Begin Patch\n${Object.entries(files).map(([p, t]) => `*** Add File: ${p}\n${t.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}`).join('\n')}\n*** End Patch\n`;
const wholeFiles = (files: Record<string, string>) => Object.entries(files).map(([p, t]) => `${p}\n\`\`\`js\n${t}\`\`\`\n`).join('\n');

describe('agent scenario: a Node project from scratch', function () {
  this.timeout(60_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ 'AGENTS.md': 'Use CommonJS. Tests use node:test.\n' })));
  afterEach(() => rig.close());

  it('creates six files in several proposals, runs the tests, fixes the failure, finishes', async () => {
    const plan = (s1: string, s2: string, s3: string) => call('update_plan', { steps: [
      { step: 'Create the project files', status: s1 }, { step: 'Write tests', status: s2 }, { step: 'Make the tests pass', status: s3 }] });
    rig.srv.script([
      { text: 'I will plan first.', ...plan('in_progress', 'pending', 'pending') },
      call('propose_edits', { edit: addFiles({ 'package.json': PKG, 'src/math.js': MATH_BUGGY }), title: 'package and math' }),
      call('propose_edits', { edit: wholeFiles({ 'src/strings.js': STRINGS, 'src/index.js': INDEX }) }),
      plan('done', 'in_progress', 'pending'),
      call('propose_edits', { edit: addFiles({ 'test/math.test.js': MATH_TEST, 'test/strings.test.js': STRINGS_TEST }) }),
      call('run_command', { command: 'node --test' }),
      call('read_file', { path: 'src/math.js' }),
      call('propose_edits', { edit: 'src/math.js\n<<<<<<< SEARCH\nexports.multiply = (a, b) => a + b;\n=======\nexports.multiply = (a, b) => a * b;\n>>>>>>> REPLACE\n' }),
      call('run_command', { command: 'node --test' }),
      plan('done', 'done', 'done'),
      call('finish', { summary: 'Created calc: math and string helpers with tests; fixed multiply; node --test passes.' }),
    ]);
    const events = await collect(rig.agent().run('Write a small Node library "calc" with add, multiply and shout, with tests.'));

    // The files on disk.
    assert.equal(rig.read('package.json'), PKG + '\n');
    assert.equal(rig.read('src/math.js'), MATH_BUGGY.replace('a + b;\n', 'a + b;\n').replace('(a, b) => a + b;\n', '(a, b) => a + b;\n').replace(/multiply = \(a, b\) => a \+ b/, 'multiply = (a, b) => a * b'));
    assert.equal(rig.read('src/strings.js'), STRINGS);
    assert.equal(rig.read('src/index.js'), INDEX);
    assert.equal(rig.read('test/math.test.js'), MATH_TEST);
    assert.equal(rig.read('test/strings.test.js'), STRINGS_TEST);

    // The requests: the first carries the context pack with the rules file and the stable system prompt.
    const reqs = rig.srv.chatRequests.map((r) => r.body);
    assert.equal(reqs.length, 11);
    assert.match(reqs[0].messages[1].content, /<task>\nWrite a small Node library/);
    assert.match(reqs[0].messages[1].content, /<rules file="AGENTS.md">\nUse CommonJS/);
    assert.ok(reqs.every((b) => b.messages[0].content === reqs[0].messages[0].content), 'system prompt is stable');
    assert.deepEqual(reqs[0].tools.map((t: any) => t.function.name), ['read_file', 'list_dir', 'find_files', 'search_text', 'code_outline', 'get_diagnostics', 'propose_edits', 'run_command', 'ask_user', 'update_plan', 'finish']);
    // History is append-only: each request starts with the previous one's messages.
    for (let i = 1; i < reqs.length; i++) assert.deepEqual(reqs[i].messages.slice(0, reqs[i - 1].messages.length), reqs[i - 1].messages);
    // The failing test run reached the model, with the failure.
    const failed = lastToolMessage(reqs[6]);
    assert.match(failed, /^\$ node --test\n\(exited with code 1\)/);
    assert.match(failed, /multiply/);
    assert.match(failed, /not ok|✖|fail/i);
    assert.match(lastToolMessage(reqs[7]), /^src\/math\.js \(2 lines\)\n1\| exports\.add/);
    assert.match(lastToolMessage(reqs[8]), /All changes were accepted and applied/);
    assert.match(lastToolMessage(reqs[9]), /\(exited with code 0\)/);

    // Plan updates, change sets and the final state.
    const plans = events.filter((e) => e.type === 'planUpdated');
    assert.equal(plans.length, 3);
    assert.deepEqual(plans[2].type === 'planUpdated' && plans[2].plan.map((p) => p.status), ['done', 'done', 'done']);
    assert.equal(events.filter((e) => e.type === 'changeSetProposed').length, 4);
    const cmds = events.filter((e) => e.type === 'commandApproval');
    assert.deepEqual(cmds.map((e) => e.type === 'commandApproval' && e.decision), ['auto', 'auto']);
    const last = events[events.length - 1];
    assert.deepEqual(last, { type: 'finished', summary: 'Created calc: math and string helpers with tests; fixed multiply; node --test passes.' });
    assert.ok(events.some((e) => e.type === 'text' && e.text.length > 0));
    assert.ok(events.filter((e) => e.type === 'usage').length === 11);

    // The transcript is persisted and complete.
    const stored = (await rig.storage.listTasks())[0];
    const saved = (await rig.storage.loadTask(stored.id))!.state as any;
    assert.equal(saved.status, 'finished');
    assert.deepEqual(saved.changedFiles, ['package.json', 'src/math.js', 'src/strings.js', 'src/index.js', 'test/math.test.js', 'test/strings.test.js']);
    assert.equal(saved.messages.filter((m: any) => m.role === 'tool').length, 11);
    assert.equal(saved.plan.length, 3);
  });
});
