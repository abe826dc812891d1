/**
 * The messages src/vscode shows go through vscode.l10n.t; l10n/bundle.l10n.json is the English
 * bundle @vscode/l10n-dev exports from them (npm run l10n). It cannot drift, and no notification
 * shows a bare English literal.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = `${dir}/${n}`;
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** A template's literal text: its ${...} substitutions (nested ones too) and $(icon) names taken out. */
function literalText(template: string): string {
  let out = '';
  for (let i = 0, depth = 0; i < template.length; i++) {
    if (template.startsWith('${', i)) {
      depth++;
      i++;
    } else if (depth && template[i] === '{') depth++;
    else if (depth && template[i] === '}') depth--;
    else if (!depth) out += template[i];
  }
  return out.replace(/\$\([\w-]+\)/g, '');
}

describe('l10n bundle', () => {
  const committed = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, string>;

  it('equals what @vscode/l10n-dev exports from src now (run: npm run l10n)', function () {
    this.timeout(60000);
    const out = mkdtempSync(join(tmpdir(), 'forge-l10n-'));
    try {
      const cli = require.resolve('@vscode/l10n-dev/dist/cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, './src'], { stdio: 'pipe' });
      const exported = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      assert.deepEqual(committed, exported);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('is English: every value is its key', () => {
    for (const [k, v] of Object.entries(committed)) assert.equal(v, k);
  });

  it('holds the notifications and buttons of src/vscode', () => {
    for (const key of ['Allow Once', 'Add Model Endpoint', 'Forge: {0}', 'Forge: select some code first.', 'Sandboxed', 'No sandbox']) assert.ok(key in committed, key);
  });

  it('no notification in src/vscode shows a bare string (each goes through vscode.l10n.t)', () => {
    const bare = /(?:show(?:Information|Warning|Error)Message|setStatusBarMessage)\(\s*['"`]/g;
    const offenders = sources('src/vscode')
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8');
        return [...text.matchAll(bare)].map((m) => `${f}:${text.slice(0, m.index).split('\n').length}`);
      });
    assert.deepEqual(offenders, []);
  });

  it('no status bar item or tree item in src/vscode shows bare words (text, tooltip, description, name)', () => {
    const assigned = /\.(?:text|tooltip|description|name)\s*=\s*(['"`])(.*)\1;/g;
    const offenders = sources('src/vscode').flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [...text.matchAll(assigned)].filter((m) => /[A-Za-z]{3,}/.test(literalText(m[2]!))).map((m) => `${f}:${text.slice(0, m.index).split('\n').length}`);
    });
    assert.deepEqual(offenders, []);
    assert.equal(literalText('$(shield) ${a ? `${b} x` : \'\'} · ${c}'), '  · ', 'substitutions and icons are not words');
  });
});
