/**
 * Runs every edit fixture folder test/fixtures/edits/NNN_name/ through `forge apply`'s core:
 *   input/     the files before
 *   patch.txt  the edit as a model wrote it
 *   expected/  the files after (byte for byte), or
 *   expected-error.txt  a substring the refusal must contain; then nothing may be written.
 *   base/      (stale-base fixtures) the files the edit was made against; input/ is what is on disk now.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { relocateChangeSet } from '../../../src/core/edits/changeSet/relocateChangeSet';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';
import { runApply } from '../../../src/cli/apply/applyCommand';
import { assertSameTree, captureIo, readTree } from './fixtureHelpers';

const FIXTURES = path.resolve(__dirname, '../../fixtures/edits');

function copyDir(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

const textsOf = (dir: string, paths: Iterable<string>): Map<string, string | null> => {
  const m = new Map<string, string | null>();
  for (const p of paths) {
    const abs = path.join(dir, p);
    m.set(p, fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null);
  }
  return m;
};

describe('edit fixtures (test/fixtures/edits)', () => {
  const names = fs.readdirSync(FIXTURES).filter((n) => /^\d{3}_/.test(n)).sort();
  it('has at least 30 fixtures', () => assert.ok(names.length >= 30, `${names.length}`));

  for (const name of names) {
    const dir = path.join(FIXTURES, name);
    const patch = fs.readFileSync(path.join(dir, 'patch.txt'), 'utf8');
    const errFile = path.join(dir, 'expected-error.txt');
    const wantError = fs.existsSync(errFile) ? fs.readFileSync(errFile, 'utf8').trim() : undefined;

    if (fs.existsSync(path.join(dir, 'base'))) {
      it(`${name} (stale base)`, () => {
        const parsed = parseEdit(patch);
        const paths = parsed.files.flatMap((f) => [f.path, ...(f.newPath ? [f.newPath] : [])]);
        const built = buildChangeSet(parsed, textsOf(path.join(dir, 'base'), paths));
        assert.ok(built.ok, JSON.stringify(built.refusals));
        const current = textsOf(path.join(dir, 'input'), paths);
        const re = relocateChangeSet(built.changeSet, current);
        if (wantError) {
          assert.equal(re.ok, false);
          const text = re.refusals.map((r) => r.reason).join('\n');
          assert.ok(text.includes(wantError), `refusal "${text}" should contain "${wantError}"`);
          return;
        }
        assert.ok(re.ok, JSON.stringify(re.refusals));
        for (const f of re.changeSet.files) {
          const want = fs.readFileSync(path.join(dir, 'expected', f.newPath ?? f.path), 'utf8');
          assert.equal(renderFile(current.get(f.path) ?? null, f), want);
        }
      });
      continue;
    }

    it(name, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `forge-fx-${name}-`));
      try {
        const root = path.join(tmp, 'root');
        copyDir(path.join(dir, 'input'), root);
        const before = readTree(root);
        const io = captureIo(tmp);
        const code = await runApply(['--root', root, '--json', path.join(dir, 'patch.txt')], io);
        const report = JSON.parse(io.out) as { ok: boolean; error?: string; files: Array<{ hunks: Array<{ reason: string | null }> }> };
        if (wantError) {
          assert.equal(code, 1, `exit code (output: ${io.out})`);
          assert.equal(report.ok, false);
          const text = [report.error ?? '', ...report.files.flatMap((f) => f.hunks.map((h) => h.reason ?? ''))].join('\n');
          assert.ok(text.includes(wantError), `refusal "${text}" should contain "${wantError}"`);
          assertSameTree(root, before);
          assert.deepEqual(fs.readdirSync(tmp), ['root'], 'nothing written next to the root');
        } else {
          assert.equal(code, 0, `exit code (output: ${io.out})`);
          assert.equal(report.ok, true);
          assertSameTree(root, readTree(path.join(dir, 'expected')));
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
