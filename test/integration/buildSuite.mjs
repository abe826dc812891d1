// Compiles test/integration/suite/*.ts into out/integration/suite/ (run inside VS Code's extension host).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const dir = 'test/integration/suite';
await esbuild.build({
  entryPoints: readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`),
  outdir: 'out/integration/suite',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
