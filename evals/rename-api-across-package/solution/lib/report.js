const users = require('./users');

function reportLine(id, score) {
  return `${users.displayNameOf(id)}: ${score}`;
}

module.exports = { reportLine };
