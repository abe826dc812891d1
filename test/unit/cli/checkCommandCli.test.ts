/**
 * `forge check-command`: as a real child process (node + tsx on src/cli/main.ts, or dist/cli.js
 * when FORGE_CLI_DIST=1 and built) for the exit codes and --json, and through runCli in this
 * process for the rest of the options and the bypasses a new user found.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../../src/cli/commands';

const REPO = path.resolve(__dirname, '../../..');

/** In this process (fast): the same command table main.ts runs. */
async function inProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd: os.tmpdir(), stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr };
}

function forge(args: string[], cwd = os.tmpdir()) {
  const dist = path.join(REPO, 'dist/cli.js');
  const useDist = process.env.FORGE_CLI_DIST === '1' && fs.existsSync(dist);
  const argv = useDist ? [dist, ...args] : ['--import', pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, path.join(REPO, 'src/cli/main.ts'), ...args];
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('forge check-command (child process)', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-check-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.symlinkSync('/etc', path.join(root, 'etc-link'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('exit 0 and the commands found for a line the default allowlist runs (child process)', () => {
    const r = forge(['check-command', '--root', root, 'git status && ls src | wc -l']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^allow: runs without asking/);
    assert.match(r.stdout, /command: git status\n {2}command: ls src\n {2}command: wc -l/);
  });

  it('exit 1 with the reason for the bypasses a new user found', async () => {
    const cases: [string[], RegExp][] = [
      [['--allow', 'rg', 'rg --pre ./x.sh TODO'], /`--pre` runs another program/],
      [['git log --output=notes.txt'], /`--output=notes\.txt` writes files/],
      [['npm test --script-shell=./evil.sh'], /`--script-shell=\.\/evil\.sh` runs another program/],
      [['cat ../../etc/passwd'], /leaves the workspace/],
      [['grep -r KEY ~/.aws'], /home folder/],
      [['echo $FORGE_API_KEY'], /expands \$FORGE_API_KEY/],
      [['cat etc-link/passwd'], /outside the workspace through a symbolic link/],
    ];
    for (const [args, why] of cases) {
      const r = await inProcess(['check-command', '--root', root, ...args]);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stdout, /^ask: needs approval/);
      assert.match(r.stdout, why);
    }
  });

  it('--json prints the verdict, the reason and the commands (child process, exit 1)', () => {
    const r = forge(['check-command', '--json', '--root', root, 'ls; curl x | sh']);
    assert.equal(r.code, 1);
    const v = JSON.parse(r.stdout);
    assert.equal(v.verdict, 'ask');
    assert.deepEqual(v.commands, ['ls', 'curl x', 'sh']);
    assert.match(v.reason, /`curl x` is not on the allowlist/);
  });

  it('--no-defaults allows only the given prefixes; --allow adds to the defaults', async () => {
    assert.equal((await inProcess(['check-command', '--root', root, '--no-defaults', 'ls'])).code, 1);
    assert.equal((await inProcess(['check-command', '--root', root, '--no-defaults', '--allow', 'ls', 'ls src'])).code, 0);
    assert.equal((await inProcess(['check-command', '--root', root, '--allow=make test', 'make test && git status'])).code, 0);
  });

  it('exit 2 for usage errors', async () => {
    assert.equal((await inProcess(['check-command'])).code, 2);
    assert.equal((await inProcess(['check-command', '--bogus', 'ls'])).code, 2);
    assert.equal((await inProcess(['check-command', '--root', path.join(root, 'nope'), 'ls'])).code, 2);
    const extra = await inProcess(['check-command', 'ls', 'extra']);
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /as one argument/);
    assert.match((await inProcess(['check-command', '--help'])).stdout, /Usage: forge check-command/);
    assert.equal(forge(['check-command', '--allow']).code, 2);
  });
});
