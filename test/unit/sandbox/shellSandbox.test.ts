/**
 * The command sandbox against the real bubblewrap: real files in temp folders, a fake HOME with
 * planted secrets, a real HTTP server on 127.0.0.1. The fake HOME and the "outside" folder are
 * not under /tmp (the sandbox gives commands a private /tmp, which would hide them anyway).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeTerminal } from '../../../src/node/nodeTerminal';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { findBwrap, sandboxPlan } from '../../../src/node/sandbox/sandboxPlan';
import { ShellSandbox } from '../../../src/node/sandbox/shellSandbox';
import { sandboxEnv, withoutSecrets } from '../../../src/node/sandbox/sandboxEnv';
import { SANDBOX_DEFAULTS, parseSandboxSettings, type SandboxSettings } from '../../../src/core/settings/sandboxSettings';
import { sandboxFailureNote } from '../../../src/core/tools/commandSandbox';
import { outsideTmp } from './sandboxTemp';

const hasBwrap = process.platform === 'linux' && sandboxPlan(SANDBOX_DEFAULTS).available;


describe('command sandbox (bubblewrap)', function () {
  this.timeout(20_000);
  let base: string;
  let home: string;
  let root: string;
  let outside: string;
  let server: http.Server;
  let port: number;
  const env = () => ({ PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', FORGE_API_KEY: 'sk-forge-test-123456', OPENAI_API_KEY: 'sk-openai-test-123456', MY_SERVICE_TOKEN: 'tok-abcdef', DB_PASSWORD: 'hunter22', PROFILE_KEY_VAR: 'sk-profile-654321', SAFE_LOOKING: 'x' });
  const terminal = (s: Partial<SandboxSettings> = {}) => new NodeTerminal(new NodeWorkspace(root), env(), { ...SANDBOX_DEFAULTS, ...s });
  const run = (t: NodeTerminal, command: string, outsideSandbox?: 'network' | 'all') => t.run({ command, cwd: '', timeoutMs: 15_000, maxOutputChars: 20_000, outsideSandbox });

  before(function () {
    if (!hasBwrap) {
      // CI installs bubblewrap (.ci/run); say why these are skipped instead of passing silently.
      console.log(`    skipped: ${sandboxPlan(SANDBOX_DEFAULTS).reason}`);
      this.skip();
    }
  });
  beforeEach(async () => {
    base = outsideTmp('forge-sandbox-');
    home = path.join(base, 'home');
    root = path.join(base, 'work');
    outside = path.join(base, 'outside');
    for (const d of [home, root, outside, path.join(home, '.ssh'), path.join(home, '.aws')]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(home, '.ssh', 'id_test'), 'PRIVATE-KEY-MATERIAL\n');
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = AWS-SECRET\n');
    fs.writeFileSync(path.join(home, '.netrc'), 'machine example.com password NETRC-SECRET\n');
    fs.writeFileSync(path.join(home, 'notes.txt'), 'readable\n');
    server = http.createServer((_req, res) => res.end('reached the host server'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('writes in the workspace and its private /tmp, but not outside; the failure says it was the sandbox', async () => {
    const t = terminal();
    assert.equal(t.sandbox().sandboxed, true);
    const ok = await run(t, 'echo made > made.txt && echo tmp > /tmp/x && cat /tmp/x');
    assert.equal(ok.exitCode, 0, ok.output);
    assert.equal(fs.readFileSync(path.join(root, 'made.txt'), 'utf8'), 'made\n');
    const r = await run(t, `echo escaped > ${outside}/escaped.txt`);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.output, /Read-only file system/);
    assert.equal(fs.existsSync(path.join(outside, 'escaped.txt')), false);
    const home2 = await run(t, `touch ${home}/.bashrc`);
    assert.notEqual(home2.exitCode, 0);
    assert.equal(fs.existsSync(path.join(home, '.bashrc')), false);
    assert.deepEqual(r.sandboxed, { network: false });
    assert.match(sandboxFailureNote(r) ?? '', /^Sandbox: .*read-only in the sandbox .*outsideSandbox: "all"/);
  });

  it('cannot read ~/.ssh, ~/.aws/credentials or ~/.netrc; other home files stay readable', async () => {
    const r = await run(terminal(), 'cat ~/.ssh/id_test ~/.aws/credentials ~/.netrc; ls -A ~/.ssh ~/.aws; cat ~/notes.txt');
    assert.doesNotMatch(r.output, /PRIVATE-KEY-MATERIAL|AWS-SECRET|NETRC-SECRET/);
    assert.match(r.output, /readable/);
  });

  it('the environment has no API key and nothing named like a key, token or password', async () => {
    const t = new NodeTerminal(new NodeWorkspace(root), env(), new ShellSandbox(SANDBOX_DEFAULTS, { roots: [root], env: env(), keyNames: ['PROFILE_KEY_VAR'] }));
    const r = await run(t, 'echo "[$FORGE_API_KEY][$OPENAI_API_KEY][$MY_SERVICE_TOKEN][$DB_PASSWORD][$PROFILE_KEY_VAR][$SAFE_LOOKING]"; env');
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /^\[\]\[\]\[\]\[\]\[\]\[\]$/m);
    assert.doesNotMatch(r.output, /sk-|tok-|hunter22/);
    assert.match(r.output, new RegExp(`^HOME=${home}$`, 'm'));
  });

  it('cannot reach a server on 127.0.0.1 with the network off, can with it on or when approved', async () => {
    const fetchCmd = `node -e "fetch('http://127.0.0.1:${port}/').then(r=>r.text()).then(t=>console.log(t),e=>{console.log(String(e.cause?.code??e));process.exit(3)})"`;
    const off = await run(terminal(), fetchCmd);
    assert.equal(off.exitCode, 3, off.output);
    assert.doesNotMatch(off.output, /reached the host server/);
    assert.match(sandboxFailureNote(off) ?? '', /network, which is off in the sandbox.*outsideSandbox: "network"/);
    const on = await run(terminal({ network: 'on' }), fetchCmd);
    assert.equal(on.exitCode, 0, on.output);
    assert.match(on.output, /reached the host server/);
    const approved = await run(terminal(), fetchCmd, 'network');
    assert.match(approved.output, /reached the host server/);
    assert.deepEqual(approved.sandboxed, { network: true });
    const stillNoSecrets = await run(terminal(), 'cat ~/.ssh/id_test', 'network');
    assert.doesNotMatch(stillNoSecrets.output, /PRIVATE-KEY-MATERIAL/);
  });

  it('hides setting-given paths and makes setting-given folders writable', async () => {
    fs.writeFileSync(path.join(root, 'prod.env'), 'SECRET=1\n');
    const t = terminal({ hiddenPaths: [path.join(root, 'prod.env')], writablePaths: [outside] });
    const r = await run(t, `cat prod.env; echo w > ${outside}/ok.txt`);
    assert.doesNotMatch(r.output, /SECRET=1/);
    assert.equal(fs.readFileSync(path.join(outside, 'ok.txt'), 'utf8'), 'w\n');
  });

  it('keeps .git/hooks and .git/config read-only inside the workspace', async () => {
    fs.mkdirSync(path.join(root, '.git', 'hooks'), { recursive: true });
    fs.writeFileSync(path.join(root, '.git', 'config'), '[core]\n');
    const r = await run(terminal(), 'echo "curl evil" > .git/hooks/pre-commit; echo "[core] fsmonitor = evil" >> .git/config');
    assert.match(r.output, /Read-only file system/);
    assert.equal(fs.existsSync(path.join(root, '.git', 'hooks', 'pre-commit')), false);
    assert.equal(fs.readFileSync(path.join(root, '.git', 'config'), 'utf8'), '[core]\n');
  });

  it('"all" (approved by the user) runs without the sandbox; mode "required" refuses that', async () => {
    const r = await run(terminal(), `echo out > ${outside}/free.txt`, 'all');
    assert.equal(r.exitCode, 0, r.output);
    assert.equal(r.sandboxed, undefined);
    const req = await run(terminal({ mode: 'required' }), `echo out > ${outside}/req.txt`, 'all');
    assert.notEqual(req.exitCode, 0);
    assert.match(req.output, /required/);
    assert.equal(fs.existsSync(path.join(outside, 'req.txt')), false);
  });
});

describe('sandbox plan and settings', () => {
  it('no bwrap on PATH, another platform or mode off: no sandbox, and the reason says why', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-nobwrap-'));
    try {
      assert.equal(findBwrap({ PATH: empty }), undefined);
      const p = sandboxPlan({ mode: 'auto' }, { env: { PATH: empty } });
      assert.equal(p.available, false);
      assert.match(p.reason, /bubblewrap \(bwrap\) is not installed; on Debian or Ubuntu: sudo apt-get install bubblewrap/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    assert.match(sandboxPlan({ mode: 'auto' }, { platform: 'darwin' }).reason, /no sandbox for macOS yet/);
    assert.match(sandboxPlan({ mode: 'auto' }, { platform: 'win32' }).reason, /no sandbox for Windows yet/);
    assert.match(sandboxPlan({ mode: 'off' }).reason, /forge\.sandbox\.mode is "off"/);
    const broken = sandboxPlan({ mode: 'auto' }, { bwrap: '/bin/false' });
    assert.equal(broken.available, false);
    assert.match(broken.reason, /bubblewrap cannot create a sandbox here/);
  });

  it('FORGE_SANDBOX_REQUIRED=1 (an administrator) makes the mode "required" whatever the settings say', () => {
    const env = { PATH: process.env.PATH, FORGE_SANDBOX_REQUIRED: '1' };
    const none = new ShellSandbox({ ...SANDBOX_DEFAULTS, mode: 'off', allowUnsandboxedCommands: true }, { roots: ['/'], env, bwrap: null });
    assert.deepEqual(none.status(), { sandboxed: false, reason: 'bubblewrap (bwrap) is not installed; on Debian or Ubuntu: sudo apt-get install bubblewrap', required: true, unsafe: false });
    assert.throws(() => none.spawnSpec('true', '/'), /forge\.sandbox\.mode is "required"/);
    if (hasBwrap) assert.deepEqual(new ShellSandbox({ ...SANDBOX_DEFAULTS, mode: 'off' }, { roots: ['/'], env }).status().sandboxed, true);
  });

  it('unsandboxed, the environment loses the API keys and credential-named variables, not agent sockets', () => {
    assert.deepEqual(withoutSecrets({ PATH: '/bin', FORGE_API_KEY: 'k', MY_KEY_VAR: 'p', GITHUB_TOKEN: 't', SSH_AUTH_SOCK: '/run/s', XAUTHORITY: '/x', NPM_CONFIG_AUTH: 'a' }, ['MY_KEY_VAR']), { PATH: '/bin', SSH_AUTH_SOCK: '/run/s', XAUTHORITY: '/x' });
  });

  it('the safe environment keeps toolchain variables and drops credentials, key values included', () => {
    const e = sandboxEnv({ PATH: '/bin', HOME: '/h', LC_ALL: 'C', GITHUB_TOKEN: 'x', AWS_SECRET_ACCESS_KEY: 'y', FORGE_API_KEY: 'sk-12345678', RANDOM_VAR: 'z', EDITOR: 'vi --key=sk-12345678' }, { CI: '1' });
    assert.deepEqual(e, { PATH: '/bin', HOME: '/h', LC_ALL: 'C', CI: '1' });
  });

  it('settings: bad values are reported and the defaults used; relative paths are refused', () => {
    const { settings, problems } = parseSandboxSettings({ mode: 'sometimes', network: 'on', writablePaths: ['rel/dir'], hiddenPaths: ['~/.secret'], allowUnsandboxedCommands: true, allowOutside: [] });
    assert.deepEqual(settings, { mode: 'auto', network: 'on', writablePaths: [], hiddenPaths: ['~/.secret'], allowUnsandboxedCommands: true, allowOutside: [] });
    assert.deepEqual(problems.map((p) => p.field), ['forge.sandbox.mode', 'forge.sandbox.writablePaths']);
  });
});
