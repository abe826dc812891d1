const test = require('node:test');
const assert = require('node:assert');
const slugify = require('./slugify');

test('lowercases and joins words with dashes', () => {
  assert.equal(slugify('Hello, World!'), 'hello-world');
});

test('drops accents', () => {
  assert.equal(slugify('Crème Brûlée'), 'creme-brulee');
});

test('trims dashes', () => {
  assert.equal(slugify('--a b--'), 'a-b');
});
