const { getUserName } = require('./users');

function greet(id) {
  return `Hello, ${getUserName(id)}!`;
}

module.exports = { greet };
