/** package.json's user-facing strings live in package.nls.json (VS Code's localisation): every key resolves, none is unused. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';

describe('package.nls.json', () => {
  const pkgText = readFileSync('package.json', 'utf8');
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const used = [...pkgText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);

  it('defines every %key% package.json uses, with text', () => {
    for (const k of used) assert.ok(typeof nls[k] === 'string' && nls[k].trim().length > 0, k);
  });

  it('has no key package.json does not use', () => {
    assert.deepEqual(Object.keys(nls).filter((k) => !used.includes(k)), []);
  });

  it('localises every command title, setting description, view name and walkthrough text', () => {
    const pkg = JSON.parse(pkgText);
    for (const c of pkg.contributes.commands) assert.match(c.title, /^%.+%$/, c.command);
    for (const [k, p] of Object.entries(pkg.contributes.configuration.properties as Record<string, { markdownDescription?: string; description?: string }>)) {
      assert.match(p.markdownDescription ?? p.description ?? '', /^%.+%$/, k);
    }
  });
});
