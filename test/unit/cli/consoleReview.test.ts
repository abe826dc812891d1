/** forge run's console review: a real unified diff, and per-hunk answers as `git add -p` takes them. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import type { ChangeSet } from '../../../src/core/edits/changeSet/changeSet';
import { formatChangeSetDiff, wantsColor } from '../../../src/cli/run/consoleDiff';
import { editInEditor, hunkEditText, parseEditedHunk } from '../../../src/cli/run/hunkEditor';
import { parseAnswer, reviewHunks } from '../../../src/cli/run/hunkReview';

const BASE = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const EDIT = '--- a/x.txt\n+++ b/x.txt\n@@ -2,5 +2,5 @@\n line 2\n line 3\n-line 4\n+LINE 4\n line 5\n line 6\n@@ -14,3 +14,4 @@\n line 14\n line 15\n+line 15.5\n line 16\n@@ -18,3 +19,3 @@\n line 18\n-line 19\n+LINE 19\n line 20\n';

function changeSet(): ChangeSet {
  const built = buildChangeSet(parseEdit(EDIT), new Map([['x.txt', BASE]]), { id: 'cs' });
  assert.ok(built.ok);
  return built.changeSet;
}

describe('console review', () => {
  it('prints context lines with a space and only the changed lines with - and +', () => {
    const d = formatChangeSetDiff(changeSet());
    assert.ok(d.startsWith('--- a/x.txt\n+++ b/x.txt\n@@ -2,5 +2,5 @@\n line 2\n line 3\n-line 4\n+LINE 4\n line 5\n line 6\n@@ -14,3 +14,4 @@\n'), d);
    assert.match(d, /@@ -18,3 \+19,3 @@\n line 18\n-line 19\n\+LINE 19\n line 20\n$/);
    assert.ok(!d.includes('\x1b['));
    assert.match(formatChangeSetDiff(changeSet(), { color: true }), /\x1b\[31m-line 4\x1b\[0m\n\x1b\[32m\+LINE 4\x1b\[0m/);
  });

  it('colours only a terminal, and never with NO_COLOR', () => {
    assert.equal(wantsColor(true, {}), true);
    assert.equal(wantsColor(false, {}), false);
    assert.equal(wantsColor(true, { NO_COLOR: '1' }), false);
    assert.equal(wantsColor(true, { NO_COLOR: '' }), true);
  });

  it('reads y, n with a reason, a, d and q', async () => {
    assert.deepEqual(parseAnswer('n: too clever'), { key: 'n', reason: 'too clever' });
    assert.deepEqual(parseAnswer('n too clever'), { key: 'n', reason: 'too clever' });
    assert.deepEqual(parseAnswer(' Y '), { key: 'y' });
    const run = async (answers: string[]) => {
      const out: string[] = [];
      const o = await reviewHunks(changeSet(), { prompt: async (q) => (out.push(q), answers.shift() ?? null), out: (t) => out.push(t), style: { color: false }, verb: 'Apply' });
      return { o, out: out.join('') };
    };
    const a = await run(['y', 'n: keep it short', 'y']);
    assert.ok(a.o.files[0].decisions.every((x) => typeof x.decidedAt === 'number'), 'each hunk is timed (the usage and decisions logs)');
    assert.deepEqual(a.o.files[0].decisions.map(({ decidedAt: _, ...x }) => x), [
      { hunkIndex: 0, decision: { kind: 'accept' } },
      { hunkIndex: 1, decision: { kind: 'reject' }, reason: 'keep it short' },
      { hunkIndex: 2, decision: { kind: 'accept' } },
    ]);
    assert.match(a.out, /\(2\/3\) Apply this hunk \[y,n,e,a,d,q,\?\]\? /);
    const d = await run(['?', 'd: not now']);
    assert.equal(d.o.files[0].decisions.length, 3);
    assert.ok(d.o.files[0].decisions.every((x) => x.decision.kind === 'reject' && x.reason === 'not now'));
    assert.match(d.out, /q - quit/);
    const q = await run(['y', 'q']);
    assert.deepEqual(q.o.files[0].decisions.map((x) => x.hunkIndex), [0]);
    assert.equal(q.o.completed, true);
    const none = await run([]);
    assert.equal(none.o.completed, false);
  });

  it('e: the hunk in the editor as git writes it; the saved + lines become the new lines', async () => {
    const h = changeSet().files[0].hunks[0];
    const text = hunkEditText(h);
    assert.match(text, /^# Manual hunk edit mode.*\n@@ -2,5 \+2,5 @@\n line 2\n line 3\n-line 4\n\+LINE 4\n line 5\n line 6\n# ---/);
    assert.deepEqual(parseEditedHunk(h, text.replace('+LINE 4', '+Line four\n+line 4.5')), { ok: true, newLines: ['line 2', 'line 3', 'Line four', 'line 4.5', 'line 5', 'line 6'] });
    assert.deepEqual(parseEditedHunk(h, text.replace('-line 4', ' line 4')), { ok: true, newLines: ['line 2', 'line 3', 'line 4', 'LINE 4', 'line 5', 'line 6'] });
    const broken = parseEditedHunk(h, text.replace(' line 3\n', ''));
    assert.ok(!broken.ok && /does not apply/.test(broken.error));
    const cancelled = parseEditedHunk(h, '# nothing\n');
    assert.ok(!cancelled.ok && cancelled.cancelled);

    // A real editor process: a script that rewrites the + line (as a user would in vi).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-editor-'));
    const script = path.join(dir, 'ed.sh');
    fs.writeFileSync(script, '#!/bin/sh\nsed -i "s/^+LINE 4$/+line four, by hand/" "$1"\n', { mode: 0o755 });
    const r = editInEditor(h, { ...process.env, VISUAL: '', EDITOR: script });
    assert.ok('text' in r);
    assert.deepEqual(parseEditedHunk(h, r.text), { ok: true, newLines: ['line 2', 'line 3', 'line four, by hand', 'line 5', 'line 6'] });
    const failing = editInEditor(h, { ...process.env, VISUAL: 'false' });
    assert.ok('error' in failing && /exited with code 1/.test(failing.error));

    const answers = ['e', 'y', 'y'];
    const o = await reviewHunks(changeSet(), { prompt: async () => answers.shift() ?? null, out: () => undefined, style: { color: false }, verb: 'Apply', edit: (hk) => editInEditor(hk, { ...process.env, EDITOR: script, VISUAL: '' }) });
    assert.deepEqual({ ...o.files[0].decisions[0], decidedAt: undefined }, { decidedAt: undefined, hunkIndex: 0, decision: { kind: 'edit', newLines: ['line 2', 'line 3', 'line four, by hand', 'line 5', 'line 6'] } });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
