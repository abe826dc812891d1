const { displayNameOf } = require('./users');

function greet(id) {
  return `Hello, ${displayNameOf(id)}!`;
}

module.exports = { greet };
