const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => d.name === '.git' || d.name === 'node_modules' ? [] : d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]);
}
const left = files('.').filter((f) => fs.readFileSync(f, 'utf8').includes('getUserName'));
assert.deepEqual(left, [], `getUserName is still in ${left.join(', ')}`);
const users = require(path.resolve('lib/users.js'));
assert.equal(users.displayNameOf(2), 'Alan Turing');
assert.equal(users.getUserName, undefined);
console.log('rename: ok');
