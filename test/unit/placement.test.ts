/** How a hunk was placed, in words: the labels the review panel, forge apply and the model's tool result share. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/commands';
import { describePlacement } from '../../src/protocol/placement';
import { captureIo } from './edits/fixtureHelpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/edits');

describe('hunk placement labels', () => {
  it('names each family, with the confidence where the text did not match exactly', () => {
    assert.deepEqual(describePlacement('exact', 1), { kind: 'exact', label: 'exact', detail: 'the old lines matched exactly at the stated place', review: false });
    assert.equal(describePlacement('exact-anywhere', 1).kind, 'exact');
    assert.deepEqual(
      [describePlacement('trailing-whitespace', 0.99), describePlacement('whitespace', 0.95), describePlacement('indentation', 0.97), describePlacement('elision', 0.9)].map((p) => [p.kind, p.label, p.review]),
      [
        ['whitespace-tolerant', 'whitespace-tolerant, 99%', true],
        ['whitespace-tolerant', 'whitespace-tolerant, 95%', true],
        ['re-indented', 're-indented, 97%', true],
        ['elision', 'elision expanded, 90%', true],
      ],
    );
    const fuzzy = describePlacement('fuzzy', 0.914);
    assert.equal(fuzzy.label, 'fuzzy, 91%');
    assert.equal(fuzzy.detail, 'the old lines did not match exactly; placed at the most similar place');
    assert.equal(describePlacement('repaired', 1).label, 'repaired');
    assert.equal(describePlacement('re-indented', 1).kind, 're-indented');
  });

  it('renders a strategy it does not know by its own name, marked for review', () => {
    assert.deepEqual(describePlacement('block-anchor', 0.8), { kind: 'block-anchor', label: 'block anchor, 80%', detail: 'placed by the "block-anchor" strategy', review: true });
    assert.equal(describePlacement('new_kind', 1).label, 'new kind');
    assert.equal(describePlacement('fuzzy', Number.NaN).label, 'fuzzy, 0%');
  });

  it('forge apply --json and the text report carry it per hunk', async () => {
    for (const [fixture, kind] of [['011_fuzzy_similar_context', 'fuzzy'], ['008_whitespace_normalised', 'whitespace-tolerant']] as const) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-placement-'));
      try {
        fs.cpSync(path.join(FIXTURES, fixture, 'input'), root, { recursive: true });
        const patch = path.join(FIXTURES, fixture, 'patch.txt');
        const io = captureIo(root);
        assert.equal(await runCli(['apply', '--dry-run', '--json', patch], io), 0, io.out + io.err);
        const hunks = JSON.parse(io.out).files.flatMap((f: { hunks: unknown[] }) => f.hunks) as Array<{ placement: { kind: string; review: boolean } }>;
        assert.ok(hunks.some((h) => h.placement.kind === kind && h.placement.review), `${fixture}: ${io.out}`);
        const text = captureIo(root);
        await runCli(['apply', '--dry-run', patch], text);
        assert.match(text.out, new RegExp(`hunk \\d+: line \\d+, ${kind}, \\d+% \\(.*; check it\\)`), text.out);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
  });
});
