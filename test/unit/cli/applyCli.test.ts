/**
 * `forge apply` as a real child process (node + tsx on src/cli/main.ts, or dist/cli.js when built):
 * exit codes 0/1/2, nothing written on refusal, stdin input, --dry-run, --help; plus the path
 * guard (symbolic links) and the all-or-nothing writer restoring files when a step fails.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { resolveInside } from '../../../src/node/safePaths';
import { writeChangeSet } from '../../../src/node/write/writeChangeSet';
import { runCli } from '../../../src/cli/commands';
import { pathToFileURL } from 'node:url';
import { captureIo, readTree } from '../edits/fixtureHelpers';

const REPO = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(REPO, 'test/fixtures/edits');

function forge(args: string[], opts: { cwd: string; input?: string }) {
  const dist = path.join(REPO, 'dist/cli.js');
  const useDist = process.env.FORGE_CLI_DIST === '1' && fs.existsSync(dist);
  const argv = useDist ? [dist, ...args] : ['--import', pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, path.join(REPO, 'src/cli/main.ts'), ...args];
  const r = spawnSync(process.execPath, argv, { cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workdir(fixture?: string): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-cli-'));
  if (fixture) fs.cpSync(path.join(FIXTURES, fixture, 'input'), tmp, { recursive: true });
  return tmp;
}

describe('forge apply (child process)', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('exit 0: applies a patch from a file and writes the files', () => {
    const root = workdir('016_multi_file');
    dirs.push(root);
    const r = forge(['apply', '--root', root, path.join(FIXTURES, '016_multi_file/patch.txt')], { cwd: os.tmpdir() });
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /3 file\(s\) changed/);
    const want = readTree(path.join(FIXTURES, '016_multi_file/expected'));
    const got = readTree(root);
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
    for (const [p, b] of want) assert.ok(got.get(p)!.equals(b), p);
  });

  it('exit 0 with --dry-run and stdin: reports, writes nothing', () => {
    const root = workdir('001_exact_unified');
    dirs.push(root);
    const before = readTree(root);
    const patch = fs.readFileSync(path.join(FIXTURES, '001_exact_unified/patch.txt'), 'utf8');
    const r = forge(['apply', '--dry-run', '--json', '-'], { cwd: root, input: patch });
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.ok, true);
    assert.deepEqual(report.files[0].hunks[0], {
      status: 'applied',
      strategy: 'exact',
      line: 8,
      confidence: 1,
      reason: null,
      placement: { kind: 'exact', label: 'exact', detail: 'the old lines matched exactly at the stated place', review: false },
    });
    assert.deepEqual(readTree(root), before);
  });

  it('exit 1: one refused hunk means nothing is written, with the reason and the closest place', () => {
    const root = workdir('035_refuse_all_or_nothing');
    dirs.push(root);
    const before = readTree(root);
    const r = forge(['apply', path.join(FIXTURES, '035_refuse_all_or_nothing/patch.txt')], { cwd: root });
    assert.equal(r.code, 1);
    assert.match(r.out, /refused; nothing was written/);
    assert.match(r.out, /config\.js/);
    assert.match(r.out, /closest place for config\.js hunk 1: lines \d+-\d+/);
    assert.deepEqual(readTree(root), before);
  });

  it('exit 2: usage errors', () => {
    const root = workdir();
    dirs.push(root);
    assert.equal(forge(['apply', '--format', 'nope', 'x'], { cwd: root }).code, 2);
    assert.equal(forge(['apply', '--wat'], { cwd: root }).code, 2);
    assert.equal(forge(['apply', 'missing-file.patch'], { cwd: root }).code, 2);
    assert.equal(forge(['apply', '--root', path.join(root, 'nope'), '-'], { cwd: root }).code, 2);
    assert.equal(forge(['frobnicate'], { cwd: root }).code, 2);
    const j = forge(['apply', '--json', '--root'], { cwd: root });
    assert.equal(j.code, 2);
    assert.equal(JSON.parse(j.out).ok, false);
  });

  it('--help for forge and for forge apply', () => {
    const main = forge(['--help'], { cwd: os.tmpdir() });
    assert.equal(main.code, 0);
    assert.match(main.out, /apply\s+apply an edit/);
    const sub = forge(['apply', '--help'], { cwd: os.tmpdir() });
    assert.equal(sub.code, 0);
    assert.match(sub.out, /--dry-run/);
    assert.match(sub.out, /Exit status/);
  });
});

describe('forge apply: path guard and all-or-nothing writer', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('refuses a path that leaves the root through a symbolic link', async () => {
    const outside = workdir();
    const root = workdir();
    dirs.push(outside, root);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'keep\n');
    fs.symlinkSync(outside, path.join(root, 'link'));
    const rootReal = fs.realpathSync(root);
    assert.equal(resolveInside(rootReal, 'link/secret.txt').ok, false);
    assert.equal(resolveInside(rootReal, 'link/new.txt').ok, false);
    assert.equal(resolveInside(rootReal, 'a/b/new.txt').ok, true);
    const io = captureIo(root);
    const patch = '--- a/link/secret.txt\n+++ b/link/secret.txt\n@@ -1 +1 @@\n-keep\n+gone\n';
    const code = await runCli(['apply', '--json', '-'], { ...io, readStdin: async () => patch });
    assert.equal(code, 1);
    assert.match(JSON.parse(io.out).error, /symbolic link/);
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'keep\n');
  });

  it('restores every file when a write step fails half way', () => {
    const root = workdir('016_multi_file');
    dirs.push(root);
    const before = readTree(root);
    const patch = fs.readFileSync(path.join(FIXTURES, '016_multi_file/patch.txt'), 'utf8');
    const parsed = parseEdit(patch);
    const bases = new Map<string, string | null>();
    for (const f of parsed.files) {
      const abs = path.join(root, f.path);
      bases.set(f.path, fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null);
    }
    const built = buildChangeSet(parsed, bases);
    assert.ok(built.ok);
    const r = writeChangeSet(built.changeSet, bases, {
      abs: (rel) => path.join(root, rel),
      beforeCommitStep: (step) => {
        if (step === 2) throw new Error('disk full (simulated)');
      },
    });
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /disk full/);
    assert.deepEqual(readTree(root), before, 'every file restored, no temporaries left');
    assert.equal(fs.existsSync(path.join(root, 'docs')), false, 'created folders removed');
  });
});
