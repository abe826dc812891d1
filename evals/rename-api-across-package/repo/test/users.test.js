const test = require('node:test');
const assert = require('node:assert');
const { getUserName } = require('../lib/users');
const { greet } = require('../lib/greet');
const { reportLine } = require('../lib/report');

test('getUserName names users', () => {
  assert.equal(getUserName(1), 'Ada Lovelace');
  assert.equal(getUserName(9), 'unknown');
});

test('callers use it', () => {
  assert.equal(greet(2), 'Hello, Alan Turing!');
  assert.equal(reportLine(1, 10), 'Ada Lovelace: 10');
});
