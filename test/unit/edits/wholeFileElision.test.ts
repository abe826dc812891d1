/** Whole-file content with "// ... existing code ..." markers: expanded to the original lines, or refused; never written literally. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { expandWholeFileElisions } from '../../../src/core/edits/recover/wholeFileElision';

const O = ['import a from "a";', '', 'function one() {', '  return 1;', '}', '', 'function two() {', '  return 2;', '}', '', 'function three() {', '  return 3;', '}'];
const expand = (content: string[], original = O) => expandWholeFileElisions('x.ts', content, original);

describe('whole-file content with elisions', () => {
  it('is left alone when there is no marker, or the marker lines are in the original too (a Python `...` stub)', () => {
    assert.equal(expand(['a', 'b']), null);
    assert.equal(expand(['def f():', '    ...'], ['def f():', '    ...']), null);
  });

  it('expands a marker between two shown pieces to the original lines between their counterparts', () => {
    const r = expand(['import a from "a";', '', '// ... existing code ...', '', 'function three() {', '  return 33;', '}']);
    assert.deepEqual(r, { ok: true, markers: 1, showsEnd: true, lines: [...O.slice(0, 11), '  return 33;', '}'] });
  });

  it('expands markers at the start and the end; the shown function replaces its original', () => {
    const r = expand(['// ...', 'function two() {', '  return 22;', '  // and more', '}', '', 'function three() {', '// rest of the file unchanged']);
    assert.ok(r?.ok);
    assert.equal(r.showsEnd, false);
    assert.deepEqual(r.lines, [...O.slice(0, 6), 'function two() {', '  return 22;', '  // and more', '}', ...O.slice(9)]);
    // Without the unchanged lines after it: "}" after "  // and more" is nowhere else in the file.
    const short = expand(['// ...', 'function two() {', '  return 22;', '  // and more', '}', '// rest of the file unchanged']);
    assert.ok(short?.ok);
    assert.deepEqual(short.lines, r.lines);
  });

  it('refuses new lines right next to a marker: they could replace the lines the marker ends with, or come after them', () => {
    const r = expand(['// ... existing code ...', '// Adds three.', 'function three() {', '  return 3;', '}']);
    assert.equal(r?.ok, false);
    assert.match(!r!.ok ? r!.reason : '', /where the code after it begins is not certain/);
    // Shown with the unchanged line before it, the same insertion is certain.
    const ok = expand(['// ... existing code ...', '}', '', '// Adds three.', 'function three() {', '  return 3;', '}']);
    assert.ok(ok?.ok);
    assert.deepEqual(ok.lines, [...O.slice(0, 10), '// Adds three.', ...O.slice(10)]);
  });

  it('refuses when new lines replace file lines between the anchor and plain context at the marker (the anchor may be a new line equal to an old one)', () => {
    // bench whole-elided:semver@7.8.2..7.8.3:classes/range.js: the changed branch's lines equal those of
    // an earlier branch, so its first distinctive line anchored on the earlier branch and deleted it.
    const original = ['function f() {', '  if (pr) {', '    if (M) {', '      ret = `a${pr', '      } b`', '    }', '  } else {', '    if (M) {', '      ret = `a', '      }${z} b`', '    } else {', '      ret = `a', '      }${z} c`', '    }', '  }', '}'];
    const content = ['// ... existing code ...', '    if (M) {', '      ret = `a', '      } b`', '    } else {', '      ret = `a', '      } c`', '    }', '  }', '}'];
    const r = expandWholeFileElisions('f.js', content, original);
    assert.equal(r?.ok, false);
    assert.match(!r!.ok ? r!.reason : '', /where the code after it begins is not certain/);
    // With a distinctive unchanged line shown next to the marker, the same change is placed.
    const ok = expandWholeFileElisions('f.js', ['// ... existing code ...', '  } else {', ...content.slice(1)], original);
    assert.ok(ok?.ok);
    assert.deepEqual(ok.lines, [...original.slice(0, 9), '      } b`', '    } else {', '      ret = `a', '      } c`', ...original.slice(13)]);
  });

  it('refuses when the code around a marker is not in the file, or is in it twice', () => {
    const missing = expand(['// ... existing code ...', 'function four() {', '  return 4;', '}']);
    assert.equal(missing?.ok, false);
    assert.match(!missing!.ok ? missing!.reason : '', /elides code \("\/\/ \.\.\. existing code \.\.\." at line 1\) and none of the code after it is found/);
    const twice = expand(['// ...', '  return x;', '}'], ['function a() {', '  return x;', '}', 'function b() {', '  return x;', '}']);
    assert.equal(twice?.ok, false);
    assert.match(!twice!.ok ? twice!.reason : '', /found in several places/);
  });

  it('property: shown pieces bounded by unchanged code come back exactly, whatever changed inside them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 50 }), fc.array(fc.nat(999), { minLength: 60, maxLength: 60 }), (n, rnd) => {
        let r = 0;
        const next = () => rnd[r++ % rnd.length];
        const original = Array.from({ length: n }, (_, i) => (next() % 10 < 2 ? '}' : next() % 10 < 1 ? '' : `  stmt_${i}(${next()});`));
        const shown: boolean[] = [];
        let on = next() % 2 === 0;
        for (let i = 0; i < n; i++) {
          if (next() % 6 === 0) on = !on;
          shown.push(on);
        }
        const atEdge = (i: number) => (i > 0 && !shown[i - 1]) || (i < n - 1 && !shown[i + 1]);
        // Next to a marker the shown code is unchanged and distinctive (otherwise the reading is a guess).
        if (original.some((l, i) => shown[i] && atEdge(i) && !l.includes('stmt'))) return true;
        const content: string[] = [];
        const expected: string[] = [];
        for (let i = 0; i < n; i++) {
          if (!shown[i]) {
            if (i === 0 || shown[i - 1]) content.push('// ... existing code ...');
            expected.push(original[i]);
            continue;
          }
          const t = atEdge(i) ? 9 : next() % 6;
          const lines = t === 0 ? [`  changed_${i}();`] : t === 1 ? [`  added_${i}();`, original[i]] : t === 2 && original[i] !== '}' ? [] : [original[i]];
          content.push(...lines);
          expected.push(...lines);
        }
        const res = expandWholeFileElisions('f.ts', content, original);
        if (res === null) return content.every((l) => !l.includes('existing code'));
        assert.ok(res.ok, `refused: ${!res.ok && res.reason}`);
        assert.deepEqual(res.lines, expected);
        return true;
      }),
      { numRuns: 600 },
    );
  });

  it('property: never crashes and never writes a marker line the file did not have', () => {
    const line = fc.constantFrom('}', '', '  a();', '  b();', 'function f() {', '// ...', '// ... existing code ...', '  return 1;');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(line, { maxLength: 20 }), (content, original) => {
        const res = expandWholeFileElisions('f.ts', content, original);
        if (res?.ok) for (const l of res.lines) assert.ok(!(l.includes('...') && !(original as string[]).includes(l)), `marker written: ${l}`);
        return true;
      }),
      { numRuns: 600 },
    );
  });
});

