/**
 * The command sandbox's cost per command: the same command lines through NodeTerminal with the
 * sandbox (bubblewrap) and without (mode off), in alternating pairs so machine load hits both.
 * Prints the median wall time per command (ms) and the ratio. Not a pass/fail test; the goal in
 * issue 21 is under 20 ms added per command.
 *   npx tsx bench/sandbox.ts [runs]          (default 30 runs per command line)
 *   npx tsx bench/sandbox.ts --suite [runs]  (also: part of this project's unit tests, in this folder, 3 runs each)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeTerminal } from '../src/node/nodeTerminal';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { SANDBOX_DEFAULTS } from '../src/core/settings/sandboxSettings';

const suite = process.argv.includes('--suite');
const runs = Number(process.argv.filter((a) => !a.startsWith('--'))[2] ?? 30);
const SUITE = 'npx mocha --no-config --require tsx/cjs --extension ts --reporter dot test/unit/edits test/unit/core';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bench-sandbox-'));
fs.writeFileSync(path.join(root, 'package.json'), '{"name":"bench","scripts":{"test":"node -e 0"}}\n');
const ws = new NodeWorkspace(root);
// The same small environment for both (tsx's NODE_OPTIONS or NODE_EXTRA_CA_CERTS would slow one side's `node`).
const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG ?? 'C.UTF-8' };
const sandboxed = new NodeTerminal(ws, env, SANDBOX_DEFAULTS);
const plain = new NodeTerminal(ws, env, { ...SANDBOX_DEFAULTS, mode: 'off' });
if (!sandboxed.sandbox().sandboxed) {
  const s = sandboxed.sandbox();
  console.error(`No sandbox here: ${s.sandboxed ? '' : s.reason}`);
  process.exit(1);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function time(t: NodeTerminal, command: string): Promise<number> {
  const start = process.hrtime.bigint();
  const r = await t.run({ command, cwd: '', timeoutMs: 600_000, maxOutputChars: 10_000 });
  if (r.exitCode !== 0) throw new Error(`${command} failed: ${r.output}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`sandbox cost per command: ${runs} paired runs each, ${os.cpus().length} CPUs, load average ${load}, ${sandboxed.sandbox().sandboxed ? 'bubblewrap' : ''}`);
  console.log('"added" is the median of the paired differences (each sandboxed run minus the plain run next to it), which load spikes disturb less than a difference of medians.');
  console.log('command                     | plain (ms) | sandboxed (ms) | added (ms) | ratio');
  for (const command of ['true', 'echo hi > out.txt', 'node -e 0', 'npm test']) {
    const a: number[] = [];
    const b: number[] = [];
    const n = command === 'npm test' ? Math.max(5, Math.round(runs / 3)) : runs;
    for (let i = 0; i < n; i++) {
      if (i % 2) {
        a.push(await time(plain, command));
        b.push(await time(sandboxed, command));
      } else {
        b.push(await time(sandboxed, command));
        a.push(await time(plain, command));
      }
    }
    const ma = median(a);
    const mb = median(b);
    const added = median(b.map((x, i) => x - a[i]!));
    console.log(`${command.padEnd(27)} | ${ma.toFixed(1).padStart(10)} | ${mb.toFixed(1).padStart(14)} | ${added.toFixed(1).padStart(10)} | ${(mb / ma).toFixed(2)}`);
  }
  if (suite) {
    // The project's own tests, run in this project's folder (the workspace of both terminals).
    const here = new NodeWorkspace(path.resolve(__dirname, '..'));
    const env2 = { ...env, PATH: process.env.PATH };
    const sb = new NodeTerminal(here, env2, SANDBOX_DEFAULTS);
    const pl = new NodeTerminal(here, env2, { ...SANDBOX_DEFAULTS, mode: 'off' });
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i++) {
      a.push(await time(pl, SUITE));
      b.push(await time(sb, SUITE));
    }
    console.log(`\n${SUITE}\n  plain ${(median(a) / 1000).toFixed(2)} s, sandboxed ${(median(b) / 1000).toFixed(2)} s (median of 3), ratio ${(median(b) / median(a)).toFixed(2)}`);
  }
}

main().finally(() => fs.rmSync(root, { recursive: true, force: true }));
