/**
 * The first-turn context pack on the Linux 6.1 tree (bench/workload.ts): for tasks that name a
 * subsystem, how long it takes to build cold (the first pack of a fresh process: no listing, no tokenizer
 * loaded; `coldRuns` processes, each beside an `rg --files` run) and warm (the workspace's listing cache
 * answers), against `rg --files` on the same tree in the same run, whether it stays in its token budget by
 * the real tokenizer's count, and whether its repo map holds the files a person would open first.
 *
 *   npx tsx bench/contextPack.ts [budgetTokens] [coldRuns]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { buildContextPack } from '../src/core/context/contextPack';
import { countTokens } from '../src/core/context/tokens';
import { IgnoreRules } from '../src/core/context/ignoreRules';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { prepareWorkload } from './workload';

const budget = Number(process.argv[2] ?? 8000);
const coldRuns = Number(process.argv[3] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Three tasks and the files an engineer would open first for each. */
const TASKS: { task: string; expected: string[] }[] = [
  {
    task: 'Add a module parameter to the e1000e driver that caps the interrupt throttling rate',
    expected: ['drivers/net/ethernet/intel/e1000e/param.c', 'drivers/net/ethernet/intel/e1000e/netdev.c', 'drivers/net/ethernet/intel/e1000e/e1000.h'],
  },
  {
    task: 'Fix a use-after-free in the ext4 extent status tree shrinker',
    expected: ['fs/ext4/extents_status.c', 'fs/ext4/extents_status.h'],
  },
  {
    task: 'Make the pacing gain of TCP BBR congestion control tunable with a sysctl',
    expected: ['net/ipv4/tcp_bbr.c', 'net/ipv4/sysctl_net_ipv4.c'],
  },
];

/** `--cold`: one pack in this fresh process; prints its wall and CPU time and its token counts as JSON. */
async function coldChild(root: string): Promise<void> {
  const ws = new NodeWorkspace(root);
  const t = performance.now();
  const c = process.cpuUsage();
  const pack = await buildContextPack({ task: TASKS[0]!.task, workspace: ws, rules: new IgnoreRules(ws), budgetTokens: budget });
  const used = process.cpuUsage(c);
  const ms = performance.now() - t;
  const real = await countTokens(pack.message);
  const found = TASKS[0]!.expected.filter((f) => pack.message.includes(`\n${f}\n`)).length;
  console.log(JSON.stringify({ ms, cpu: (used.user + used.system) / 1000, tokens: pack.tokens, estimated: pack.estimated, real, found }));
}

function rgMs(root: string): number {
  const t = performance.now();
  execFileSync('rg', ['--files', '--hidden', '--no-ignore-dot', '-g', '!.git'], { cwd: root, maxBuffer: 1 << 28 });
  return performance.now() - t;
}

/** Cold packs, each in a new process, each after an `rg --files` run of the same tree. */
function coldPacks(root: string): void {
  const packs: { ms: number; cpu: number; tokens: number; estimated: boolean; real: number; found: number }[] = [];
  const rg: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    rg.push(rgMs(root));
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, String(budget), '0', '--cold'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`the cold run failed: ${r.stderr}`);
    packs.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const ms = median(packs.map((p) => p.ms));
  const last = packs[packs.length - 1]!;
  console.log(`  cold (a fresh process each, ${coldRuns} runs, medians): ${ms.toFixed(0)} ms wall (runs ${packs.map((p) => p.ms.toFixed(0)).join(' / ')}), ${median(packs.map((p) => p.cpu)).toFixed(0)} ms CPU of the process; rg --files ${median(rg).toFixed(0)} ms (x${(ms / median(rg)).toFixed(2)})`);
  console.log(`    "${TASKS[0]!.task}": ${last.tokens} tokens by ${last.estimated ? 'the calibrated estimate (tokenizer not loaded yet)' : 'the tokenizer'}, ${last.real} by the tokenizer (budget ${budget}); expected files ${last.found}/${TASKS[0]!.expected.length}`);
}

async function main(): Promise<void> {
  const root = prepareWorkload();
  if (process.argv.includes('--cold')) return coldChild(root);
  console.log(`First-turn context pack on the Linux 6.1 tree (budget ${budget} tokens)`);
  if (coldRuns > 0) coldPacks(root);
  const rgBefore = rgMs(root);
  const ws = new NodeWorkspace(root);
  const all: number[] = [];
  let first = true;
  for (const { task, expected } of TASKS) {
    const times: number[] = [];
    const cpu: number[] = [];
    let pack;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      pack = await buildContextPack({ task, workspace: ws, rules: new IgnoreRules(ws), budgetTokens: budget });
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      if (i > 0) all.push(times[i]!);
    }
    const map = /<repo_map files="(\d+)\+?"/.exec(pack!.message);
    const found = expected.filter((f) => pack!.message.includes(`\n${f}\n`) || pack!.message.includes(`\n${f}\n[`));
    console.log(`  "${task}"`);
    console.log(`    ${first ? 'first in this process' : 'first call'} ${times[0]!.toFixed(0)} ms, then ${times[1]!.toFixed(0)} / ${times[2]!.toFixed(0)} ms (listing: ${ws.listing.lastSource}); this process's CPU ${cpu.map((x) => x.toFixed(0)).join(' / ')} ms; ${pack!.tokens} tokens; ranked over ${map?.[1] ?? '?'} files`);
    console.log(`    expected files in the map: ${found.length}/${expected.length}${found.length < expected.length ? ` (missing: ${expected.filter((f) => !found.includes(f)).join(', ')})` : ''}`);
    first = false;
  }
  const rg = (rgBefore + rgMs(root)) / 2;
  const warm = [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
  console.log(`  rg --files on the same tree: ${rg.toFixed(0)} ms (mean of one run before and one after); warm pack median ${warm.toFixed(0)} ms (x${(warm / rg).toFixed(2)} of rg)`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
