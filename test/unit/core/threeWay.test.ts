import { strict as assert } from 'node:assert';
import { changeHunks, conflictProposal, describeLines, splitKeepingEol, transplant } from '../../../src/core/review/threeWay';

const BEFORE = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
// Forge changed line 2 and line 8 and added a line after 5.
const WRITTEN = 'a\nB\nc\nd\ne\nnew\nf\ng\nH\ni\nj\n';

describe('three-way revert (transplant)', () => {
  it('splits lines keeping every terminator, so bytes round-trip', () => {
    for (const t of ['', 'x', 'x\n', 'a\r\nb\nc', '\n\n', 'a\r\n\r\n']) assert.equal(splitKeepingEol(t).join(''), t);
  });

  it('reverts every hunk of an untouched file exactly', () => {
    const r = transplant(WRITTEN, BEFORE, WRITTEN);
    assert.equal(r.text, BEFORE);
    assert.equal(r.applied.length, 3);
    assert.deepEqual(r.conflicts, []);
  });

  it('reverts the hunks the engineer did not touch and keeps their edit, bytes checked', () => {
    // The engineer edited line 9 ("H" -> "H!") and added a line at the end.
    const now = 'a\nB\nc\nd\ne\nnew\nf\ng\nH!\ni\nj\nmine\n';
    const r = transplant(WRITTEN, BEFORE, now);
    assert.equal(r.text, 'a\nb\nc\nd\ne\nf\ng\nH!\ni\nj\nmine\n');
    assert.deepEqual(r.applied.map((h) => describeLines(h)), ['line 2', 'line 6']);
    assert.deepEqual(r.conflicts.map((h) => describeLines(h)), ['line 9']);
    assert.deepEqual(r.conflicts[0].fromLines, ['H\n']);
  });

  it('maps positions through the engineer\'s insertions and deletions above a hunk', () => {
    const now = 'top\ntop2\na\nB\nc\ne\nnew\nf\ng\nH\ni\nj\n'; // two lines added on top, "d" deleted
    const r = transplant(WRITTEN, BEFORE, now);
    assert.equal(r.text, 'top\ntop2\na\nb\nc\ne\nf\ng\nh\ni\nj\n');
    assert.deepEqual(r.conflicts, []);
  });

  it('reverts only the chosen hunk (per-hunk revert) and reapplies it again', () => {
    const one = transplant(WRITTEN, BEFORE, WRITTEN, new Set([1]));
    assert.equal(one.text, 'a\nB\nc\nd\ne\nf\ng\nH\ni\nj\n');
    const back = transplant(BEFORE, WRITTEN, one.text, new Set([1]));
    assert.equal(back.text, WRITTEN);
  });

  it('keeps CRLF and a missing final newline byte for byte', () => {
    const before = 'x\r\ny\r\nz';
    const written = 'x\r\nY\r\nz';
    const now = 'x\r\nY\r\nz!';
    const r = transplant(written, before, now);
    assert.equal(r.text, 'x\r\ny\r\nz!');
    assert.ok(Buffer.from(r.text!).equals(Buffer.from('x\r\ny\r\nz!')));
  });

  it('moves whole files only when they are exactly as Forge left them', () => {
    assert.deepEqual(transplant('new\n', null, 'new\n').text, null);
    const edited = transplant('new\n', null, 'new\nmine\n');
    assert.equal(edited.text, 'new\nmine\n');
    assert.equal(edited.conflicts.length, 1);
    assert.equal(transplant(null, 'x\n', null).text, 'x\n');
  });

  it('numbers hunks the same way in both directions', () => {
    assert.deepEqual(changeHunks(BEFORE, WRITTEN).map((h) => h.index), changeHunks(WRITTEN, BEFORE).map((h) => h.index));
    assert.deepEqual(changeHunks(BEFORE, WRITTEN).map(describeLines), ['line 2', 'after line 5', 'line 8']);
  });
});

describe('three-way revert: the conflicting hunks as a proposal', () => {
  it('replaces the region Forge and the engineer both touched by the text before Forge, leaving the rest', () => {
    const now = 'a\nB\nc\nd\ne\nnew\nf\ng\nH!\ni\nj\n';
    const r = transplant(WRITTEN, BEFORE, now);
    // The proposal is made on the text after the other hunks were reverted: only line 9 differs.
    assert.equal(r.text, 'a\nb\nc\nd\ne\nf\ng\nH!\ni\nj\n');
    assert.equal(conflictProposal(WRITTEN, BEFORE, r.text!, r.conflicts), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
  });

  it('grows the region over an edit of the engineer that spans past Forge\'s hunk', () => {
    const now = 'a\nB2\nC2\nd\ne\nnew\nf\ng\nH\ni\nj\n'; // edited Forge's "B" and the next line
    const r = transplant(WRITTEN, BEFORE, now);
    assert.deepEqual(r.conflicts.map(describeLines), ['line 2']);
    assert.equal(r.text, 'a\nB2\nC2\nd\ne\nf\ng\nh\ni\nj\n');
    assert.equal(conflictProposal(WRITTEN, BEFORE, r.text!, r.conflicts), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
  });
});
