const users = require('./users');

function reportLine(id, score) {
  return `${users.getUserName(id)}: ${score}`;
}

module.exports = { reportLine };
