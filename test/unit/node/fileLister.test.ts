import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { walkFiles } from '../../../src/core/context/fileIndex';
import { IgnoreRules } from '../../../src/core/context/ignoreRules';
import { listWorkspaceFiles } from '../../../src/node/fileLister';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { findRipgrep } from '../../../src/node/rgSearcher';

/** A git repository with every case a listing must get right. */
function fixture(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'forge-lister-')));
  const write = (rel: string, text = 'x\n') => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write('.gitignore', '*.log\nbuild/\n*.s\n');
  write('src/a.ts');
  write('src/Upper.S'); // case matters: *.s does not ignore .S
  write('src/lower.s');
  write('src/.gitignore', 'generated.ts\n!keep.log\n');
  write('src/generated.ts');
  write('src/keep.log');
  write('build/out.js');
  write('notes.log');
  write('forced.log');
  write('gone.ts');
  write('.hidden/config.json');
  write('docs/readme.md');
  symlinkSync('src/a.ts', join(root, 'link-to-file.ts'));
  symlinkSync('docs', join(root, 'link-to-folder'));
  symlinkSync('/etc/hostname', join(root, 'link-outside'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('add', '-f', 'forced.log');
  git('commit', '-q', '-m', 'base');
  unlinkSync(join(root, 'gone.ts')); // tracked, deleted from disk
  write('untracked.ts'); // untracked, kept
  write('build/untracked.js'); // untracked, ignored
  return root;
}

/** git's own view after `git add -A`, less symlinks to folders or outside (not files of the workspace). */
const EXPECTED = ['.gitignore', '.hidden/config.json', 'docs/readme.md', 'forced.log', 'link-to-file.ts', 'src/.gitignore', 'src/Upper.S', 'src/a.ts', 'src/keep.log', 'untracked.ts'];

/** What git itself lists after `git add -A`, in a copy of the repository (the fixture stays as it is). */
function gitView(root: string): string[] {
  const copy = mkdtempSync(join(tmpdir(), 'forge-lister-copy-'));
  try {
    execFileSync('cp', ['-a', `${root}/.`, copy]);
    execFileSync('git', ['add', '-A'], { cwd: copy });
    return execFileSync('git', ['ls-files', '-z'], { cwd: copy, encoding: 'utf8' }).split('\0').filter(Boolean).sort();
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('listing a workspace (src/node/fileLister.ts)', () => {
  let root: string;
  before(() => (root = fixture()));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('inside git: equals git ls-files after git add -A (ignored, case, negation, forced, deleted, untracked, symlinks)', async () => {
    assert.deepEqual(await listWorkspaceFiles(root, undefined), EXPECTED);
    assert.deepEqual(gitView(root).filter((f) => f !== 'link-to-folder' && f !== 'link-outside'), EXPECTED);
  });

  it('inside git: the same set whether or not ripgrep is installed (git alone lists it)', async function () {
    const rg = findRipgrep();
    if (!rg) this.skip();
    assert.deepEqual(await listWorkspaceFiles(root, rg), EXPECTED);
  });

  it('leaves out sparse-checkout entries not on disk and untracked nested repositories; lists a conflicted file once', async () => {
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'forge-lister-sparse-')));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(repo, rel)), { recursive: true });
      writeFileSync(join(repo, rel), text);
    };
    try {
      write('kept/a.ts', 'a\n');
      write('sparse/b.ts', 'b\n');
      write('both.ts', 'base\n');
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      git('checkout', '-q', '-b', 'other');
      write('both.ts', 'other\n');
      git('commit', '-q', '-am', 'other');
      git('checkout', '-q', 'main');
      write('both.ts', 'main\n');
      git('commit', '-q', '-am', 'main');
      try {
        git('merge', '-q', 'other');
      } catch {
        /* the conflict is the point */
      }
      git('sparse-checkout', 'set', '--no-cone', '/kept/', '/both.ts');
      write('nested/.gitkeep', '');
      execFileSync('git', ['init', '-q'], { cwd: join(repo, 'nested') });
      write('nested/inner.ts', 'x\n');
      assert.deepEqual(await listWorkspaceFiles(repo, undefined), ['both.ts', 'kept/a.ts']);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('outside git: ripgrep honours the .gitignore files', async function () {
    const rg = findRipgrep();
    if (!rg) this.skip();
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'forge-lister-plain-')));
    try {
      mkdirSync(join(plain, 'sub'));
      writeFileSync(join(plain, '.gitignore'), 'out/\n');
      writeFileSync(join(plain, 'sub', 'a.ts'), '');
      mkdirSync(join(plain, 'out'));
      writeFileSync(join(plain, 'out', 'b.js'), '');
      assert.deepEqual(await listWorkspaceFiles(plain, rg), ['.gitignore', 'sub/a.ts']);
      assert.equal(await listWorkspaceFiles(plain, undefined), null);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('walkFiles uses the fast listing and still applies .forgeignore', async () => {
    writeFileSync(join(root, '.forgeignore'), 'docs/\n');
    try {
      const ws = new NodeWorkspace(root);
      const { files } = await walkFiles(ws, new IgnoreRules(ws), { maxFiles: 1000 });
      assert.ok(!files.includes('docs/readme.md'));
      assert.ok(files.includes('src/a.ts') && files.includes('untracked.ts') && !files.includes('gone.ts'));
      const cut = await walkFiles(ws, new IgnoreRules(ws), { maxFiles: 3 });
      assert.equal(cut.truncated, true);
      assert.ok(cut.files.every((f) => !f.includes('/')), 'a cut-off keeps the shallowest files');
    } finally {
      unlinkSync(join(root, '.forgeignore'));
    }
  });

  it('the walk without a fast listing gives the same files as the listing', async () => {
    const ws = new NodeWorkspace(root);
    const slow = Object.assign(Object.create(Object.getPrototypeOf(ws)), ws, { listFiles: undefined }) as NodeWorkspace;
    const walked = (await walkFiles(slow, new IgnoreRules(slow), { maxFiles: 1000 })).files.sort();
    const listed = (await walkFiles(ws, new IgnoreRules(ws), { maxFiles: 1000 })).files;
    // The core walk does not know git's index: it leaves out the force-added ignored file.
    assert.deepEqual(walked, listed.filter((f) => f !== 'forced.log'));
  });
});
