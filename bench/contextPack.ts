/**
 * The first-turn context pack on the Linux 6.1 tree (bench/workload.ts): for tasks that name a
 * subsystem, how long it takes to build (first call in the process = cold, then warm: the workspace's
 * listing cache answers), against `rg --files` on the same tree in the same run, whether it stays in its
 * token budget, and whether its repo map holds the files a person would open first.
 *
 *   npx tsx bench/contextPack.ts [budgetTokens]
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { buildContextPack } from '../src/core/context/contextPack';
import { IgnoreRules } from '../src/core/context/ignoreRules';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { prepareWorkload } from './workload';

const budget = Number(process.argv[2] ?? 8000);

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

async function main(): Promise<void> {
  const root = prepareWorkload();
  const rgMs = () => {
    const t = performance.now();
    execFileSync('rg', ['--files', '--hidden', '--no-ignore-dot', '-g', '!.git'], { cwd: root, maxBuffer: 1 << 28 });
    return performance.now() - t;
  };
  const rgBefore = rgMs();
  const ws = new NodeWorkspace(root);
  console.log(`First-turn context pack on the Linux 6.1 tree (budget ${budget} tokens)`);
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
    console.log(`    ${first ? 'cold (first in process)' : 'first call'} ${times[0]!.toFixed(0)} ms, then ${times[1]!.toFixed(0)} / ${times[2]!.toFixed(0)} ms (listing: ${ws.listing.lastSource}); this process's CPU ${cpu.map((x) => x.toFixed(0)).join(' / ')} ms; ${pack!.tokens} tokens; ranked over ${map?.[1] ?? '?'} files`);
    console.log(`    expected files in the map: ${found.length}/${expected.length}${found.length < expected.length ? ` (missing: ${expected.filter((f) => !found.includes(f)).join(', ')})` : ''}`);
    first = false;
  }
  const rg = (rgBefore + rgMs()) / 2;
  const warm = [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
  console.log(`  rg --files on the same tree: ${rg.toFixed(0)} ms (mean of one run before and one after); warm pack median ${warm.toFixed(0)} ms (x${(warm / rg).toFixed(2)} of rg)`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
