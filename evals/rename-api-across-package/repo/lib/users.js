const USERS = { 1: { first: 'Ada', last: 'Lovelace' }, 2: { first: 'Alan', last: 'Turing' } };

function getUserName(id) {
  const u = USERS[id];
  return u ? `${u.first} ${u.last}` : 'unknown';
}

module.exports = { getUserName };
