function parseLine(line) {
  const [key, ...rest] = line.split('=');
  const name = key.trim();
  if (rest.length === 0) {
    return [name, rest[0]];
  }
  const value = rest.join('=').trim();
  return [name, value === 'true' ? true : value === 'false' ? false : value];
}

function parseConfig(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'));
  return Object.fromEntries(lines
    .map((l) => parseLine(l))
    .map(([k, v]) => [k, v.trim ? v.trim() : v]));
}

module.exports = { parseConfig, parseLine };
