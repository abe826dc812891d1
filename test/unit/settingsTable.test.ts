/** README.md's settings table is the one scripts/settings-table.mjs generates from package.json: it cannot drift. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

describe('README settings table', () => {
  it('equals the table generated from package.json (run: node scripts/settings-table.mjs --write)', () => {
    const generated = execFileSync(process.execPath, ['scripts/settings-table.mjs'], { encoding: 'utf8' }).trim();
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('<!-- settings-table:start');
    const end = readme.indexOf('<!-- settings-table:end -->');
    assert.ok(start >= 0 && end > start, 'README.md has the settings-table markers');
    assert.equal(readme.slice(start, end + '<!-- settings-table:end -->'.length), generated);
  });

  it('lists every contributed setting', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const readme = readFileSync('README.md', 'utf8');
    for (const key of Object.keys(pkg.contributes.configuration.properties ?? {})) assert.ok(readme.includes(`| \`${key}\` |`), key);
  });
});
