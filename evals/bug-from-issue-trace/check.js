const assert = require('node:assert');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { parseConfig } = require(path.resolve('src/parse.js'));
assert.deepEqual(parseConfig('a = 1\nverbose\n# c\nb=x=y\nc = false'), { a: '1', verbose: true, b: 'x=y', c: false });
const out = execFileSync(process.execPath, ['cli.js', 'settings.ini'], { encoding: 'utf8' });
assert.deepEqual(JSON.parse(out), { name: 'demo', debug: true });
console.log('issue: ok');
