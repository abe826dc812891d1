import { strict as assert } from 'node:assert';
import type { ChangeSet, FileChange } from '../../../src/core/edits/changeSet/changeSet';
import { hashText } from '../../../src/core/edits/changeSet/textDoc';
import { ReviewSession } from '../../../src/core/review/reviewSession';
import { buildFileHunks, buildFileUpdate, buildReviewSummary, buildReviewView } from '../../../src/core/review/reviewView';
import { parseHostMessage } from '../../../src/protocol/review';

/** `files` files of 5 hunks, each replacing 10 lines with 10 others (20,000 changed lines for 200 files). */
function large(files: number): { cs: ChangeSet; bases: Map<string, string | null> } {
  const out: FileChange[] = [];
  const bases = new Map<string, string | null>();
  for (let f = 0; f < files; f++) {
    const lines = Array.from({ length: 300 }, (_, i) => `  const value${i} = compute(${f}, ${i}); // line ${i}`);
    const path = `packages/pkg${Math.floor(f / 20)}/src/module${f}.ts`;
    bases.set(path, lines.join('\n') + '\n');
    out.push({
      action: 'update',
      path,
      baseHash: hashText(bases.get(path)!),
      hunks: Array.from({ length: 5 }, (_, k) => ({
        index: k,
        baseStart: 10 + k * 60,
        oldLines: lines.slice(10 + k * 60, 20 + k * 60),
        newLines: lines.slice(10 + k * 60, 20 + k * 60).map((l) => l.replace('compute(', 'computeFast(')),
        strategy: 'exact' as const,
        confidence: 1,
      })),
    });
  }
  return { cs: { id: `cs-${files}`, title: 'large', files: out }, bases };
}

describe('review view: summaries for lazy loading', () => {
  it('show carries every file\'s counts but the hunks of one file only; fileHunks and updates agree with the full view', () => {
    const { cs, bases } = large(3);
    const s = new ReviewSession(cs, bases);
    s.decide(cs.files[1]!.path, 2, { kind: 'reject' }, 'no');
    const full = buildReviewView(s);
    const summary = buildReviewSummary(s);
    assert.deepEqual(summary.files.map((f) => f.hunks !== undefined), [true, false, false]);
    for (const [i, f] of summary.files.entries()) {
      assert.equal(f.added, full.files[i]!.added);
      assert.equal(f.removed, full.files[i]!.removed);
      assert.equal(f.hunkCount, 5);
      assert.equal(f.status, full.files[i]!.status);
    }
    assert.deepEqual(summary.files.map((f) => f.pendingHunks), [5, 4, 5]);
    assert.deepEqual(buildReviewSummary(s, cs.files[2]!.path).files.map((f) => f.hunks !== undefined), [false, false, true]);
    assert.deepEqual(buildReviewSummary(s, 'nope.ts').files.map((f) => f.hunks !== undefined), [true, false, false], 'unknown path: the first file');
    assert.deepEqual(buildFileHunks(s, cs.files[1]!.path), full.files[1]!.hunks);
    assert.equal(buildFileHunks(s, 'nope.ts'), undefined);
    const u = buildFileUpdate(s, cs.files[1]!.path);
    assert.equal(u.pendingHunks, 4);
    assert.deepEqual(u.hunks!.map((h) => h.decision), ['pending', 'pending', 'rejected', 'pending', 'pending']);
    assert.ok(parseHostMessage({ type: 'show', view: summary }).ok);
    assert.ok(parseHostMessage({ type: 'fileHunks', path: cs.files[1]!.path, hunks: buildFileHunks(s, cs.files[1]!.path) }).ok);
    assert.ok(parseHostMessage({ type: 'update', files: [u] }).ok);
  });

  it('a 200-file, 20,000-line set: the show message is small and quick to build', () => {
    const { cs, bases } = large(200);
    const s = new ReviewSession(cs, bases);
    const t0 = performance.now();
    const summary = buildReviewSummary(s);
    const t1 = performance.now();
    const full = buildReviewView(s);
    const t2 = performance.now();
    const lines = summary.files.reduce((n, f) => n + f.added + f.removed, 0);
    assert.equal(lines, 20_000);
    const small = JSON.stringify({ type: 'show', view: summary }).length;
    const big = JSON.stringify({ type: 'show', view: full }).length;
    console.log(`      show: ${(small / 1024).toFixed(0)} KB built in ${(t1 - t0).toFixed(0)} ms (every hunk: ${(big / 1024).toFixed(0)} KB in ${(t2 - t1).toFixed(0)} ms)`);
    assert.ok(small < big / 20, `${small} vs ${big}`);
  });
});
