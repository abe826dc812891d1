/**
 * The webviews build their DOM with createElement and text nodes only, which is why no sanitiser is
 * needed (docs/security.md, "Webviews"): this scan keeps it so. A new HTML sink in src/webview must
 * come with DOMPurify and a change to this test.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Ways text becomes markup, code or a navigation in a page. */
const SINKS: [string, RegExp][] = [
  ['innerHTML / outerHTML', /\.(innerHTML|outerHTML)\s*[+]?=/],
  ['insertAdjacentHTML', /insertAdjacentHTML\s*\(/],
  ['document.write', /document\.write(ln)?\s*\(/],
  ['createContextualFragment', /createContextualFragment\s*\(/],
  ['DOMParser', /new\s+DOMParser\b/],
  ['srcdoc property', /\.srcdoc\s*=(?!=)/],
  ['href / src / action property', /(?<!dataset)\.(href|src|action|formAction)\s*=(?!=)/],
  ['href / src attribute', /setAttribute\(\s*['"`](href|src|srcdoc|action|formaction|style|on\w+)['"`]/i],
  ['eval / Function', /\beval\s*\(|new\s+Function\s*\(/],
  ['string timers', /set(Timeout|Interval)\(\s*['"`]/],
];

describe('webview sources: no HTML sinks', () => {
  it('src/webview never turns text into markup, code or a navigation', () => {
    const found = sources('src/webview').flatMap((f) => readFileSync(f, 'utf8').split('\n').flatMap((line, i) =>
      SINKS.filter(([, re]) => re.test(line) && !/^\s*(\*|\/\/)/.test(line)).map(([what]) => `${f}:${i + 1}: ${what}: ${line.trim()}`)));
    assert.deepEqual(found, []);
  });

  it('the scan recognises each sink', () => {
    for (const line of ['el.innerHTML = x', 'el.outerHTML += x', "el.insertAdjacentHTML('beforeend', x)", 'document.write(x)', 'range.createContextualFragment(x)',
      'new DOMParser()', 'f.srcdoc = x', 'a.href = url', "a.setAttribute('href', u)", "e.setAttribute('onclick', x)", 'eval(x)', "setTimeout('x()', 1)"]) {
      assert.ok(SINKS.some(([, re]) => re.test(line)), line);
    }
  });
});
