const assert = require('node:assert');
const path = require('node:path');
const { describe } = require(path.resolve('dist/app.js'));
assert.equal(describe(10), '10 km is 6.2 miles');
assert.equal(require('node:fs').readFileSync('src/units.js', 'utf8').includes('export function kmToMiles'), true, 'src/units.js keeps kmToMiles');
console.log('build: ok');
