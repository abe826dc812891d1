/**
 * One writer at a time: two `forge apply` processes started together on the same file, 100 trials
 * (or argv[2]) of each kind: changing two different lines, and changing the same line two ways.
 * Counts lost edits (a process said it applied its edit, and the edit is not in the file) next to a
 * baseline CLI built from an older commit (argv[3], default: the commit before the lock, 2b03870).
 * Run: npx tsx bench/concurrentApply.ts [trials] [baseline-rev|none] [--baseline-only]
 */
import { execSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { raceTrial } from '../test/support/applyRace';

const REPO = path.resolve(__dirname, '..');
const trials = Number(process.argv[2] ?? 100);
const baselineRev = process.argv[3] ?? '2b03870';

async function bundle(srcRoot: string, out: string): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(srcRoot, 'src/cli/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    nodePaths: [path.join(REPO, 'node_modules')],
  });
  return out;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(tmpdir(), 'forge-bench-race-'));
  try {
    const clis: Array<[string, string]> = process.argv.includes('--baseline-only') ? [] : [['this tree', await bundle(REPO, path.join(work, 'now.js'))]];
    if (baselineRev !== 'none') {
      const old = path.join(work, 'old');
      fs.mkdirSync(old);
      execSync(`git archive ${baselineRev} src | tar -x -C ${old}`, { cwd: REPO });
      clis.push([`baseline ${baselineRev}`, await bundle(old, path.join(work, 'old.js'))]);
    }
    console.log(`load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${trials} trials per row`);
    console.log('cli                 edits          both ok   one ok   none ok   lost edits   corrupt files');
    for (const [name, cli] of clis) {
      for (const sameLine of [false, true]) {
        let both = 0;
        let one = 0;
        let none = 0;
        let lost = 0;
        let corrupt = 0;
        for (let t = 0; t < trials; t++) {
          const r = await raceTrial({ sameLine, cli });
          const ok = r.codes.filter((c) => c === 0).length;
          if (ok === 2) both++;
          else if (ok === 1) one++;
          else none++;
          lost += r.lost;
          if (r.corrupt) corrupt++;
        }
        console.log(`${name.padEnd(19)} ${(sameLine ? 'same line' : 'two lines').padEnd(14)} ${String(both).padStart(7)}   ${String(one).padStart(6)}   ${String(none).padStart(7)}   ${String(lost).padStart(10)}   ${String(corrupt).padStart(13)}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
