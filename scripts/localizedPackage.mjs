// package.json with its "%key%" strings replaced by their English text from package.nls.json, as VS Code
// shows them. Used by scripts/settings-table.mjs and the tests that read what the user sees.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function localizedPackage(root) {
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  const text = readFileSync(join(root, 'package.json'), 'utf8');
  return JSON.parse(text, (_key, value) => {
    if (typeof value !== 'string') return value;
    const m = /^%([^%]+)%$/.exec(value);
    if (!m) return value;
    if (!(m[1] in nls)) throw new Error(`package.json uses %${m[1]}%, which package.nls.json does not define`);
    return nls[m[1]];
  });
}
