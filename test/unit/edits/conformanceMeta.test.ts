/**
 * The conformance fixtures (test/fixtures/edits/NNN_* with a conformance.json) record what the peer
 * tool does; bench/conformance.ts tabulates them. Every case where Forge's expected answer differs
 * from the reference must say why (the fixture runner checks Forge's answer itself).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../../fixtures/edits');
const REFERENCES = new Set(['applies', 'refuses', 'applies-first', 'applies-partially']);

describe('edit conformance fixtures', () => {
  const cases = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'conformance.json')));

  it('cover the three peer suites, with a case for each behaviour they define', () => {
    const suites = new Map<string, number>();
    for (const n of cases) {
      const m = JSON.parse(fs.readFileSync(path.join(FIXTURES, n, 'conformance.json'), 'utf8')) as { suite: string };
      suites.set(m.suite, (suites.get(m.suite) ?? 0) + 1);
    }
    assert.equal(suites.size, 3, [...suites.keys()].join(', '));
    for (const [s, n] of suites) assert.ok(n >= 12, `${s}: ${n} cases`);
  });

  for (const n of cases) {
    it(`${n}: a valid record, and a reason wherever Forge answers otherwise than the reference`, () => {
      const m = JSON.parse(fs.readFileSync(path.join(FIXTURES, n, 'conformance.json'), 'utf8')) as Record<string, string>;
      assert.ok(m.suite && m.behaviour, 'suite and behaviour');
      assert.ok(REFERENCES.has(m.reference), `reference "${m.reference}"`);
      const forgeRefuses = fs.existsSync(path.join(FIXTURES, n, 'expected-error.txt'));
      assert.notEqual(forgeRefuses, fs.existsSync(path.join(FIXTURES, n, 'expected')), 'exactly one of expected/ and expected-error.txt');
      const differs = forgeRefuses !== (m.reference === 'refuses') || m.reference === 'applies-first' || m.reference === 'applies-partially';
      if (differs) assert.ok((m.difference ?? '').length > 20, 'a deliberate difference says why');
      else assert.equal(m.difference, undefined, 'no difference recorded where there is none');
    });
  }
});
