const fs = require('node:fs');
const { parseConfig } = require('./src/parse');

const text = fs.readFileSync(process.argv[2], 'utf8');
const config = parseConfig(text);
console.log(JSON.stringify(config));
