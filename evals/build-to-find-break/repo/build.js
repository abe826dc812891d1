// A tiny bundler: checks that every imported name is exported by its module, then writes dist/app.js.
const fs = require('node:fs');
const path = require('node:path');

const order = ['units.js', 'convert.js', 'app.js'];
const exported = new Map();
let out = '';
for (const file of order) {
  const text = fs.readFileSync(path.join(__dirname, 'src', file), 'utf8');
  for (const m of text.matchAll(/^import \{([^}]+)\} from '\.\/([\w.]+)';$/gm)) {
    for (const name of m[1].split(',').map((s) => s.trim())) {
      if (!(exported.get(m[2]) || []).includes(name)) {
        console.error(`build failed: src/${file} imports ${name} from ./${m[2]}, which does not export it`);
        process.exit(1);
      }
    }
  }
  const names = [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
  exported.set(file, names);
  out += text.replace(/^import .*$/gm, '').replace(/^export /gm, '') + '\n';
}
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'app.js'), out + 'module.exports = { describe };\n');
console.log('built dist/app.js');
