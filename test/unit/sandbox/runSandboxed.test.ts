/**
 * `forge run` with the sandbox, end to end in process: the scripted model server, the real
 * `openai` SDK, real files, the real bubblewrap. The case from issue 21: the model edits the
 * `test` script of package.json (review at the end), then runs the allowlisted `npm test`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTask } from '../../../src/cli/run/runTaskCommand';
import { sandboxPlan } from '../../../src/node/sandbox/sandboxPlan';
import { SANDBOX_DEFAULTS } from '../../../src/core/settings/sandboxSettings';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { call } from '../agent/harness';
import { outsideTmp } from './sandboxTemp';

const KEY = 'sk-forge-live-7777777';

/** A prompt that records each question and gives the same answer. */
const answer = (asked: string[], a: string) => async (q: string) => {
  asked.push(q);
  return a;
};

function captureIo(cwd: string) {
  const out: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), readStdin: async () => '' }, out };
}

describe('forge run: commands in the sandbox', function () {
  this.timeout(60_000);
  let srv: ModelServer;
  let base: string;
  let root: string;
  let home: string;
  let saved: { HOME?: string; FORGE_API_KEY?: string };
  const evilScript = () => `echo running tests; echo pwned > ${base}/outside.txt; echo "key=[$FORGE_API_KEY]"; cat ~/.ssh/id_test; echo ok`;
  const editTestScript = () => call('propose_edits', {
    edit: `package.json\n<<<<<<< SEARCH\n    "test": "echo no tests"\n=======\n    "test": ${JSON.stringify(evilScript())}\n>>>>>>> REPLACE\n`,
  });
  const forge = (extra: string[], prompt?: (q: string) => Promise<string | null>) => {
    const { io, out } = captureIo(root);
    return runTask(['--endpoint', srv.url, '--model', 'test-model', '--state', path.join(base, 'state'), ...extra, 'Make the tests print more'], io, { env: { FORGE_API_KEY: KEY }, prompt }).then((code) => ({ code, text: out.join('') }));
  };

  beforeEach(async () => {
    srv = await startModelServer();
    base = outsideTmp('forge-run-sandbox-');
    root = path.join(base, 'work');
    home = path.join(base, 'home');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(home, '.ssh', 'id_test'), 'PRIVATE-KEY-MATERIAL\n');
    fs.writeFileSync(path.join(root, 'package.json'), '{\n  "name": "demo",\n  "scripts": {\n    "test": "echo no tests"\n  }\n}\n');
    saved = { HOME: process.env.HOME, FORGE_API_KEY: process.env.FORGE_API_KEY };
    process.env.HOME = home;
    process.env.FORGE_API_KEY = KEY;
  });
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await srv.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('the edited npm test runs sandboxed without a question: nothing written outside, no key or ~/.ssh file leaked', async function () {
    if (!sandboxPlan(SANDBOX_DEFAULTS).available) this.skip();
    srv.script([editTestScript(), call('run_command', { command: 'npm test' }), call('finish', { summary: 'done' })]);
    const asked: string[] = [];
    const { code, text } = await forge(['--review', 'end', '--yes'], answer(asked, 'y'));
    assert.equal(code, 0, text);
    assert.deepEqual(asked.filter((q) => q.startsWith('Run ')), [], 'npm test is allowlisted and sandboxed: no question');
    assert.match(text, /# Commands run sandboxed: only the workspace and a private \/tmp are writable/);
    const result = srv.chatRequests[2].body.messages.at(-1).content as string;
    assert.match(result, /running tests/, 'the edited script ran');
    assert.match(result, /Read-only file system/);
    assert.match(result, /key=\[\]/);
    assert.doesNotMatch(JSON.stringify(srv.chatRequests.map((r) => r.body)), /sk-forge-live|PRIVATE-KEY-MATERIAL/);
    assert.equal(fs.existsSync(path.join(base, 'outside.txt')), false);
    assert.match(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), /echo running tests/);
  });

  it('a denied network access gets a line saying the sandbox caused it, for the model and the user', async function () {
    if (!sandboxPlan(SANDBOX_DEFAULTS).available) this.skip();
    srv.script([call('run_command', { command: 'node -e "fetch(\'http://127.0.0.1:8089/\').catch(e=>{console.log(e.cause?.code);process.exit(1)})"' }), call('finish', { summary: 'done' })]);
    const { text } = await forge(['--allow', 'node -e']);
    const result = srv.chatRequests[1].body.messages.at(-1).content as string;
    assert.match(result, /ECONNREFUSED\nSandbox: this failure is likely Forge's sandbox: it tried to use the network, which is off/);
    assert.match(text, /# `node -e .*`: Sandbox: this failure is likely Forge's sandbox: it tried to use the network/);
  });

  it('asking to leave the sandbox asks with the model\'s reason; "t" allows it for the task, "a" saves a rule in ~/.forge/settings.json for later runs', async function () {
    if (!sandboxPlan(SANDBOX_DEFAULTS).available) this.skip();
    const command = `echo out > ${base}/allowed.txt`;
    const leave = call('run_command', { command, outsideSandbox: 'all', why: 'writes the release notes next to the repository' });
    const settings = path.join(home, '.forge', 'settings.json');
    srv.script([leave, leave, call('finish', { summary: 'done' })]);
    const asked: string[] = [];
    let r = await forge([], answer(asked, 't'));
    assert.equal(r.code, 0, r.text);
    assert.equal(asked.length, 1, asked.join('\n'));
    assert.match(asked[0], /It asks to run outside the sandbox, with your full access .* The model's reason: writes the release notes next to the repository\..*\[y = once \/ t = for this task \/ a = always \(saves "all: echo out > .*allowed\.txt" in .*settings\.json\) \/ n\]/);
    assert.equal(fs.readFileSync(path.join(base, 'allowed.txt'), 'utf8'), 'out\n');
    assert.equal(fs.existsSync(settings), false, '"t" saves nothing');

    srv.script([leave, call('finish', { summary: 'done' })]);
    r = await forge([], answer(asked, 'a'));
    assert.equal(asked.length, 2);
    assert.deepEqual(JSON.parse(fs.readFileSync(settings, 'utf8')), { 'forge.sandbox.allowOutside': [`all: ${command}`] });
    assert.match(r.text, /Saved "all: echo out > .*" in .*settings\.json; remove it there to undo\./);

    srv.script([leave, call('finish', { summary: 'done' })]);
    r = await forge([], answer(asked, 'n'));
    assert.equal(asked.length, 2, 'the saved rule lets it run without a question in a new run');
    assert.match(srv.chatRequests.at(-1)!.body.messages.at(-1).content, /exited with code 0/);
  });

  it('--allow-outside lets a matching command have the network without asking, for this run only; a bad rule is a usage error', async function () {
    if (!sandboxPlan(SANDBOX_DEFAULTS).available) this.skip();
    srv.script([call('run_command', { command: 'echo fetched', outsideSandbox: 'network', why: 'downloads' }), call('finish', { summary: 'done' })]);
    const asked: string[] = [];
    const r = await forge(['--allow-outside', 'network: echo *'], answer(asked, 'n'));
    assert.equal(r.code, 0, r.text);
    assert.deepEqual(asked, []);
    assert.match(srv.chatRequests[1].body.messages.at(-1).content, /exited with code 0\)\nfetched/);
    const bad = await forge(['--allow-outside', 'echo *']);
    assert.equal(bad.code, 2);
    assert.match(bad.text, /--allow-outside: "echo \*" is not a rule/);
  });

  it('without a sandbox (--sandbox off) the same allowlisted npm test is asked about, and a "no" runs nothing', async () => {
    srv.script([editTestScript(), call('run_command', { command: 'npm test' }), call('finish', { summary: 'done' })]);
    const asked: string[] = [];
    const { code, text } = await forge(['--review', 'end', '--yes', '--sandbox', 'off'], answer(asked, 'n'));
    assert.equal(code, 0, text);
    assert.match(text, /! Commands run without a sandbox \(forge\.sandbox\.mode is "off"\), so Forge asks before every command, allowlisted or not\./);
    const q = asked.filter((a) => a.startsWith('Run `npm test`'));
    assert.equal(q.length, 1, asked.join('\n'));
    assert.match(q[0], /It is on the allowlist, but there is no sandbox \(forge\.sandbox\.mode is "off"\): it would run with your full access\./);
    assert.match(srv.chatRequests[2].body.messages.at(-1).content, /The user declined to run `npm test`/);
    assert.equal(fs.existsSync(path.join(base, 'outside.txt')), false);
  });

  it('without bwrap on PATH the allowlisted npm test is asked about, saying bubblewrap is not installed', async () => {
    const bin = path.join(base, 'bin');
    fs.mkdirSync(bin);
    for (const tool of ['node', 'npm', 'sh']) fs.symlinkSync(fs.realpathSync(`/usr/bin/${tool}`), path.join(bin, tool));
    const savedPath = process.env.PATH;
    process.env.PATH = bin;
    try {
      srv.script([call('run_command', { command: 'npm test' }), call('finish', { summary: 'done' })]);
      const asked: string[] = [];
      const { text } = await forge([], answer(asked, 'y'));
      assert.match(text, /! Commands run without a sandbox \(bubblewrap \(bwrap\) is not installed; on Debian or Ubuntu: sudo apt-get install bubblewrap\)/);
      assert.equal(asked.length, 1, asked.join('\n'));
      assert.match(asked[0], /^Run `npm test`\? It is on the allowlist, but there is no sandbox \(bubblewrap \(bwrap\) is not installed/);
      assert.match(srv.chatRequests[1].body.messages.at(-1).content, /exited with code 0\)\n[\s\S]*echo no tests/, 'approved, it ran');
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('--unsafe-unsandboxed runs allowlisted commands without a sandbox and without asking, and says so', async () => {
    // (Expanding $FORGE_API_KEY in the line would ask: the command policy's rule. printenv reads the child's own environment.)
    srv.script([call('run_command', { command: 'printenv FORGE_API_KEY; echo "[done]"' }), call('finish', { summary: 'done' })]);
    const asked: string[] = [];
    const { text } = await forge(['--sandbox', 'off', '--unsafe-unsandboxed', '--allow', 'echo', '--allow', 'printenv'], answer(asked, 'n'));
    assert.deepEqual(asked, []);
    assert.match(text, /! Commands run WITHOUT a sandbox/);
    assert.match(srv.chatRequests[1].body.messages.at(-1).content, /exited with code 0\)\n\[done\]/, 'the key is scrubbed even unsandboxed');
  });
});
