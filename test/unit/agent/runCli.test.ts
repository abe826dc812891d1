/** `forge run` end to end, in process: arguments, the scripted server, a temp folder, --yes, resume. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/commands';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { parseRunArgs } from '../../../src/cli/run/runTaskArgs';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { call } from './harness';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

describe('forge run', function () {
  this.timeout(30_000);
  let srv: ModelServer;
  let root: string;
  let state: string;
  beforeEach(async () => {
    srv = await startModelServer();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-run-'));
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-run-state-'));
    fs.writeFileSync(path.join(root, 'greet.js'), "module.exports = () => 'hello';\n");
  });
  afterEach(async () => {
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });

  it('--yes carries out a task: edits are written, allowlisted commands run, others are denied', async () => {
    srv.script([
      call('read_file', { path: 'greet.js' }),
      call('propose_edits', { edit: "greet.js\n<<<<<<< SEARCH\nmodule.exports = () => 'hello';\n=======\nmodule.exports = (name) => `hello ${name}`;\n>>>>>>> REPLACE\n" }),
      call('run_command', { command: 'node -e "console.log(require(\'./greet.js\')(\'ada\'))"' }),
      call('run_command', { command: 'rm -rf greet.js' }),
      call('finish', { summary: 'greet takes a name.' }),
    ]);
    const { io, out } = captureIo(root);
    const code = await runTask(['--endpoint', srv.url, '--model', 'test-model', '--yes', '--state', state, '--allow', 'node -e', 'Make greet take a name'], io, { env: { FORGE_API_KEY: 'sk-test-1234567' } });
    const text = out.join('');
    assert.equal(code, 0, text);
    assert.equal(fs.readFileSync(path.join(root, 'greet.js'), 'utf8'), 'module.exports = (name) => `hello ${name}`;\n');
    assert.match(text, /Proposed changes\n--- a\/greet\.js\n\+\+\+ b\/greet\.js\n@@ -1 \+1 @@\n-module\.exports = \(\) => 'hello';\n\+module\.exports = \(name\) => `hello \$\{name\}`;/);
    assert.match(text, /Wrote greet\.js/);
    assert.match(text, /> run_command \{"command":"rm -rf greet\.js"\}\n  failed: `rm -rf greet\.js` needs approval \(`rm -rf greet\.js` is not on the allowlist\.\) and this host cannot ask/);
    assert.match(text, /Done: greet takes a name\./);
    const reqs = srv.chatRequests;
    assert.equal(reqs[0].headers.authorization, 'Bearer sk-test-1234567');
    assert.match(reqs[3].body.messages.at(-1).content, /exited with code 0\)\nhello ada/);
    assert.match(reqs[4].body.messages.at(-1).content, /needs approval .* this host cannot ask; it was not run/);
    assert.ok(fs.existsSync(path.join(root, 'greet.js')));
    assert.equal(fs.readdirSync(state).length, 1, 'the task was saved');
  });

  it('--review end writes as the agent works and asks once at the end; a rejected file gets its old bytes back', async () => {
    srv.script([
      call('propose_edits', { edit: "greet.js\n<<<<<<< SEARCH\nmodule.exports = () => 'hello';\n=======\nmodule.exports = (name) => `hello ${name}`;\n>>>>>>> REPLACE\n" }),
      call('run_command', { command: 'node -e "console.log(require(\'./greet.js\')(\'ada\'))"' }),
      call('propose_edits', { edit: 'notes.txt\n```\nnotes\n```\n' }),
      call('finish', { summary: 'done' }),
    ]);
    const { io, out } = captureIo(root);
    const answers = ['y', 'n: no notes'];
    const code = await runTask(['--endpoint', srv.url, '--model', 'test-model', '--review', 'end', '--state', state, '--allow', 'node -e', 'Make greet take a name'], io, { env: {}, prompt: async () => answers.shift() ?? null });
    const text = out.join('');
    assert.equal(code, 0, text);
    assert.match(srv.chatRequests[2].body.messages.at(-1).content, /exited with code 0\)\nhello ada/, 'the command ran against the working copy');
    assert.match(text, /The task's changes \(already in the files\)/);
    assert.equal(fs.readFileSync(path.join(root, 'greet.js'), 'utf8'), 'module.exports = (name) => `hello ${name}`;\n');
    assert.equal(fs.existsSync(path.join(root, 'notes.txt')), false);
    assert.match(text, /Restored notes\.txt/);
  });

  it('asks per file without --yes; a "n: reason" answer rejects with the reason; the task can be resumed', async () => {
    srv.script([
      call('propose_edits', { edit: '*** Begin Patch\n*** Add File: a.txt\n+A\n*** Add File: b.txt\n+B\n*** End Patch\n' }),
      call('finish', { summary: 'first run' }),
    ]);
    const answers = ['y', 'n: b is not needed'];
    const { io, out } = captureIo(root);
    const prompt = async () => answers.shift() ?? null;
    const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', state, 'Add a and b'], io, { env: {}, prompt });
    assert.equal(code, 0);
    assert.ok(fs.existsSync(path.join(root, 'a.txt')));
    assert.ok(!fs.existsSync(path.join(root, 'b.txt')));
    assert.match(srv.chatRequests[1].body.messages.at(-1).content, /add b\.txt: hunk 1 rejected \(reason: b is not needed\)/);
    const id = /Task (\S+)/.exec(out.join(''))![1];
    srv.script([call('finish', { summary: 'resumed' })]);
    const second = captureIo(root);
    const code2 = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', state, '--resume', id, 'also say hi'], second.io, { env: {} });
    assert.equal(code2, 0);
    assert.match(second.out.join(''), new RegExp(`Resuming ${id}[\\s\\S]*Done: resumed`));
    assert.deepEqual(srv.chatRequests[2].body.messages.at(-1), { role: 'user', content: 'also say hi' });
  });

  it('a command the user declines prints as their decision, not as a failure', async () => {
    srv.script([call('run_command', { command: 'rm -rf build' }), call('finish', { summary: 'ok' })]);
    const { io, out } = captureIo(root);
    const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', state, 'Clean'], io, { env: {}, prompt: async () => 'n' });
    assert.equal(code, 0);
    // (The task's first command is preceded by a line saying whether commands run sandboxed.)
    assert.match(out.join(''), /> run_command \{"command":"rm -rf build"\}\n(?:# Commands run [^\n]*\n)?  declined by you: The user declined to run `rm -rf build`/);
  });

  it('usage errors and help', async () => {
    const { io, err, out } = captureIo(root);
    assert.equal(await runCli(['run', 'do it'], io), 2);
    assert.match(err.join(''), /name the model: --endpoint URL --model M, or --profile FILE/);
    assert.equal(await runCli(['run', '--endpoint', 'ftp://x', '--model', 'm', 'task'], io), 2);
    assert.match(err.join(''), /--endpoint must be an http\(s\) URL/);
    assert.equal(await runCli(['run', '--help'], io), 0);
    assert.match(out.join(''), /^Usage: forge run/);
    assert.throws(() => parseRunArgs(['--max-steps', '0', 'x', '--endpoint', 'http://a', '--model', 'm'], root), /--max-steps must be a positive whole number/);
    assert.deepEqual(parseRunArgs(['--root=sub', '--allow', 'npm test', '--endpoint', 'http://a/v1', '--model', 'm', 'fix', 'it'], root), {
      root: path.join(root, 'sub'), yes: false, review: 'each', allow: ['npm test'], task: 'fix it', help: false, endpoint: 'http://a/v1', model: 'm',
      sandbox: 'auto', sandboxNetwork: 'off', unsafeUnsandboxed: false, allowOutside: [],
    });
    assert.equal(parseRunArgs(['--sandbox', 'required', '--sandbox-network=on', '--unsafe-unsandboxed', '--endpoint', 'http://a/v1', '--model', 'm', 'x'], root).sandbox, 'required');
    assert.throws(() => parseRunArgs(['--sandbox', 'maybe', 'x', '--endpoint', 'http://a', '--model', 'm'], root), /--sandbox must be auto, required or off/);
    assert.throws(() => parseRunArgs(['--review', 'later', 'x', '--endpoint', 'http://a', '--model', 'm'], root), /--review must be each or end/);
    await runCli(['--help'], io);
    assert.match(out.join(''), /run\s+carry out a task with the agent/);
  });
});
