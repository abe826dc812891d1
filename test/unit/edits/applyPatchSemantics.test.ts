/**
 * What OpenAI's apply_patch defines where a stricter reading would refuse: Forge gives the
 * reference's answer and labels each such hunk (review panel, forge apply --json, tool results).
 * The byte-level results are fixtures 200-204 in test/fixtures/edits; these check the labels.
 */
import { strict as assert } from 'node:assert';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { placementNote } from '../../../src/core/edits/changeSet/placementNote';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';
import { describePlacement } from '../../../src/protocol/placement';

const build = (patch: string, files: Record<string, string>) => buildChangeSet(parseEdit(patch), new Map(Object.entries(files)));
const wrap = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch', ''].join('\n');

describe('apply_patch reference semantics', () => {
  it('Add File naming a file that exists replaces it, labelled as such', () => {
    const r = build(wrap('*** Add File: a.txt', '+new', '+text'), { 'a.txt': 'old\ntext\n' });
    assert.ok(r.ok, JSON.stringify(r.refusals));
    const [f] = r.changeSet.files;
    assert.equal(f.action, 'update');
    assert.equal(renderFile('old\ntext\n', f), 'new\ntext\n');
    assert.deepEqual(f.hunks.map((h) => h.strategy), ['overwrite']);
    assert.equal(describePlacement('overwrite', 1).label, 'replaces the whole file');
    assert.match(placementNote(f.hunks[0]), /added \(or moved a file onto\) a file that exists/);
  });

  it('a unified diff creating a file that exists is still refused (git apply semantics)', () => {
    const r = build('--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+x\n', { 'a.txt': 'A\n' });
    assert.equal(r.ok, false);
    assert.match(r.refusals[0].reason, /already exists/);
  });

  it('Move to onto a file that exists: the destination gets the moved, edited text and the source is deleted', () => {
    const r = build(wrap('*** Update File: src/a.py', '*** Move to: lib/a.py', '@@', ' x = 1', '-y = 2', '+y = 3'), {
      'src/a.py': 'x = 1\ny = 2\n',
      'lib/a.py': 'stale\n',
    });
    assert.ok(r.ok, JSON.stringify(r.refusals));
    const byPath = new Map(r.changeSet.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('src/a.py')?.action, 'delete');
    const dest = byPath.get('lib/a.py')!;
    assert.equal(renderFile('stale\n', dest), 'x = 1\ny = 3\n');
    assert.ok(dest.hunks.every((h) => h.strategy === 'overwrite'));
  });

  it('Move to onto a file that exists is refused as a whole when the source hunk cannot be placed', () => {
    const r = build(wrap('*** Update File: src/a.py', '*** Move to: lib/a.py', '@@', '-nowhere = 0', '+y = 3'), {
      'src/a.py': 'x = 1\n',
      'lib/a.py': 'stale\n',
    });
    assert.equal(r.ok, false);
    assert.equal(r.changeSet.files.length, 0);
    assert.equal(r.files[0].action, 'rename');
  });

  it('a chunk with no context, removed lines or hint is appended at the end, labelled', () => {
    const r = build(wrap('*** Update File: l.txt', '@@', '+c'), { 'l.txt': 'a\nb\n' });
    assert.ok(r.ok, JSON.stringify(r.refusals));
    const [f] = r.changeSet.files;
    assert.equal(renderFile('a\nb\n', f), 'a\nb\nc\n');
    assert.equal(f.hunks[0].strategy, 'append-end');
    assert.match(placementNote(f.hunks[0]), /gave no context or removed lines/);
    assert.equal(r.files[0].hunks[0].strategy, 'append-end');
  });

  it('a pure addition under an @@ hint is still refused: the hint names a place, the format does not say where in it', () => {
    const r = build(wrap('*** Update File: l.txt', '@@ def f():', '+c'), { 'l.txt': 'def f():\n  pass\n' });
    assert.equal(r.ok, false);
  });

  it('changing the last line of a file without a final newline leaves one, labelled; a middle hunk keeps the file as it is', () => {
    const r = build(wrap('*** Update File: t.txt', '@@', ' a', '-b', '+B'), { 't.txt': 'a\nb' });
    assert.ok(r.ok, JSON.stringify(r.refusals));
    const [f] = r.changeSet.files;
    assert.equal(renderFile('a\nb', f), 'a\nB\n');
    assert.equal(f.hunks[0].strategy, 'eol-added');
    assert.match(placementNote(f.hunks[0]), /ends with a newline, as apply_patch defines/);
    const mid = build(wrap('*** Update File: t.txt', '@@', '-a', '+A', ' b'), { 't.txt': 'a\nb\nc' });
    assert.equal(renderFile('a\nb\nc', mid.changeSet.files[0]), 'A\nb\nc');
  });

  it('file operation lines indented with spaces are read as markers, but not inside an Update File', () => {
    const r = build('*** Begin Patch\n  *** Update File: c.txt\n@@\n-1\n+2\n*** End Patch\n', { 'c.txt': '1\n' });
    assert.ok(r.ok, JSON.stringify(r.refusals));
    const p = parseEdit('*** Begin Patch\n*** Update File: c.txt\n@@\n *** Update File: d.txt\n-1\n+2\n*** End Patch\n');
    assert.equal(p.files.length, 1);
    assert.equal(p.files[0].hunks[0].lines[0].text, '*** Update File: d.txt');
  });

  it('all-or-nothing holds: another file refused means nothing of the patch is applied', () => {
    const r = build(wrap('*** Add File: a.txt', '+x', '*** Update File: b.txt', '@@', '-missing', '+y'), { 'a.txt': 'old\n', 'b.txt': 'b\n' });
    assert.equal(r.ok, false);
  });
});
