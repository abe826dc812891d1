/** Hunks from several candidates' change sets (best of N): overlaps refused with a sentence, the rest combined to render exactly. */
import { strict as assert } from 'node:assert';
import { changeSetSize, combineHunks, hunkOverlap, type CandidateChangeSet } from '../../../src/core/edits/changeSet/combineHunks';
import { changeSetFromTexts } from '../../../src/core/edits/changeSet/textChanges';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';

const BASE = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const edit = (text: string, map: Record<number, string | null>, insertAfter: Record<number, string> = {}) => {
  const lines = text.split('\n').slice(0, -1);
  const out: string[] = [];
  lines.forEach((l, i) => {
    const n = i + 1;
    if (map[n] !== null) out.push(map[n] ?? l);
    if (insertAfter[n] !== undefined) out.push(insertAfter[n]!);
  });
  return `${out.join('\n')}\n`;
};
const cand = (id: string, changes: { path: string; before: string | null; after: string | null }[]): CandidateChangeSet => ({ candidateId: id, changeSet: changeSetFromTexts(`${id}-cs`, id, changes).changeSet });

describe('combining hunks across candidates', () => {
  const c1 = cand('c1', [{ path: 'a.txt', before: BASE, after: edit(BASE, { 2: 'ONE two', 15: 'ONE fifteen' }) }, { path: 'new.txt', before: null, after: 'from one\n' }]);
  const c2 = cand('c2', [{ path: 'a.txt', before: BASE, after: edit(BASE, { 2: 'TWO two', 9: 'TWO nine' }, { 15: 'TWO after fifteen' }) }, { path: 'new.txt', before: null, after: 'from two\n' }]);
  const c3 = cand('c3', [{ path: 'a.txt', before: BASE, after: null }]);
  const sets = [c1, c2, c3];

  it('takes non-overlapping hunks of two candidates and renders exactly their lines', () => {
    const taken = [{ candidateId: 'c1', path: 'a.txt', hunkIndex: 0 }, { candidateId: 'c2', path: 'a.txt', hunkIndex: 1 }, { candidateId: 'c1', path: 'a.txt', hunkIndex: 1 }, { candidateId: 'c2', path: 'new.txt', hunkIndex: 0 }];
    const r = combineHunks('x', 't', sets, taken);
    assert.ok(r.ok, !r.ok ? r.error : '');
    const a = r.changeSet.files.find((f) => f.path === 'a.txt')!;
    assert.equal(renderFile(BASE, a), edit(BASE, { 2: 'ONE two', 9: 'TWO nine', 15: 'ONE fifteen' }));
    assert.equal(renderFile(null, r.changeSet.files.find((f) => f.path === 'new.txt')!), 'from two\n');
    assert.deepEqual(r.origin.get('a.txt'), [taken[0], taken[1], taken[2]]);
    assert.deepEqual(changeSetSize(r.changeSet), { files: 2, linesAdded: 4, linesRemoved: 3 });
  });

  it('refuses overlaps: the same lines, an insertion at the same place, two creations, a deletion against an edit', () => {
    const t = (candidateId: string, path: string, hunkIndex: number) => ({ candidateId, path, hunkIndex });
    assert.equal(hunkOverlap(sets, [t('c1', 'a.txt', 0)], t('c2', 'a.txt', 0)), "Not taken: c2's hunk 1 of a.txt (lines 2-2) overlaps c1's hunk 1 of a.txt (lines 2-2), which you took (they change the same lines).");
    // c2 inserts after line 15, which c1 replaces: c2's insertion starts where c1's hunk ends, so they do not overlap...
    assert.equal(hunkOverlap(sets, [t('c1', 'a.txt', 1)], t('c2', 'a.txt', 2)), undefined);
    assert.equal(hunkOverlap(sets, [t('c1', 'new.txt', 0)], t('c2', 'new.txt', 0)), "Not taken: c2's hunk 1 of new.txt (add) overlaps c1's hunk 1 of new.txt (add), which you took (c2 creates the file).");
    assert.equal(hunkOverlap(sets, [t('c1', 'a.txt', 1)], t('c3', 'a.txt', 0)), "Not taken: c3's hunk 1 of a.txt (delete) overlaps c1's hunk 2 of a.txt (lines 15-15), which you took (c3 deletes the file).");
    assert.equal(hunkOverlap(sets, [], t('c9', 'a.txt', 0)), 'Cannot take that hunk: there is no candidate c9.');
    const r = combineHunks('x', 't', sets, [t('c1', 'a.txt', 0), t('c2', 'a.txt', 0)]);
    assert.equal(r.ok, false);
  });

  it('an insertion at the same line as another candidate\'s insertion is an overlap', () => {
    const i1 = cand('i1', [{ path: 'a.txt', before: BASE, after: edit(BASE, {}, { 3: 'ins one' }) }]);
    const i2 = cand('i2', [{ path: 'a.txt', before: BASE, after: edit(BASE, {}, { 3: 'ins two' }) }]);
    assert.match(hunkOverlap([i1, i2], [{ candidateId: 'i1', path: 'a.txt', hunkIndex: 0 }], { candidateId: 'i2', path: 'a.txt', hunkIndex: 0 })!, /insertion at line 4/);
  });

  it('keeps a final-newline change with the candidate hunk at the end of the file', () => {
    const noEol = BASE.slice(0, -1).replace('line 20', 'LAST');
    const e1 = cand('e1', [{ path: 'a.txt', before: BASE, after: noEol }]);
    const e2 = cand('e2', [{ path: 'a.txt', before: BASE, after: edit(BASE, { 1: 'FIRST' }) }]);
    const r = combineHunks('x', 't', [e1, e2], [{ candidateId: 'e2', path: 'a.txt', hunkIndex: 0 }, { candidateId: 'e1', path: 'a.txt', hunkIndex: 0 }]);
    assert.ok(r.ok);
    assert.equal(renderFile(BASE, r.changeSet.files[0]!), edit(BASE, { 1: 'FIRST', 20: 'LAST' }).slice(0, -1));
  });
});
