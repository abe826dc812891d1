/**
 * Task worktrees (docs/worktrees.md): (1) the time to start a task in its own worktree
 * (createTaskWorktree: branch + `git worktree add` + the task record) on a small repository and on
 * the Linux 6.1 git repository (~78,000 files; bench/workload.ts prepares it), with and without
 * sparse paths, against `git worktree add` alone (full, and sparse by hand) in the same run;
 * (2) 4 scripted tasks (`forge run --worktree --yes`, each with its own scripted model server that
 * takes ~0.4 s per turn) at once against the same 4 in a row: the wall-time ratio.
 * Every worktree and branch made here is removed again.
 * Run: npx tsx bench/worktreeStart.ts [smallRuns=5] [linuxRuns=3] [--no-linux]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTask } from '../src/cli/run/runTaskCommand';
import { createTaskWorktree, discardTaskWorktree } from '../src/node/worktrees';
import { startModelServer } from '../test/support/modelServer';
import type { ScriptedResponse } from '../test/support/modelServer/types';
import { makeRepo, sh } from '../test/support/gitRepo';

const smallRuns = Number(process.argv[2] ?? 5);
const linuxRuns = Number(process.argv[3] ?? 3);
const LINUX = path.join(process.env.FORGE_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'forge', 'bench'), 'linux-6.1');
const SPARSE = ['kernel/sched', 'include/linux'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** `git worktree add` alone (optionally sparse by hand), then removed; ms. */
function gitAlone(repo: string, name: string, sparse: string[]): number {
  // Beside Forge's worktrees, so both write to the same file system.
  const dir = path.join(sh(repo, 'rev-parse', '--path-format=absolute', '--git-common-dir').trim(), 'forge', 'bench', name);
  const t0 = process.hrtime.bigint();
  if (sparse.length) {
    sh(repo, 'worktree', 'add', '-q', '--no-checkout', '-b', `bench/${name}`, dir, 'HEAD');
    sh(dir, 'sparse-checkout', 'set', '--cone', ...sparse);
    sh(dir, 'read-tree', '-mu', 'HEAD');
  } else sh(repo, 'worktree', 'add', '-q', '-b', `bench/${name}`, dir, 'HEAD');
  const t = ms(t0);
  sh(repo, 'worktree', 'remove', '--force', dir);
  sh(repo, 'branch', '-D', `bench/${name}`);
  return t;
}

/** Forge's start of a task worktree, then discarded; [start ms, discard ms]. */
async function forgeStart(repo: string, name: string, sparse: string[]): Promise<[number, number]> {
  const t0 = process.hrtime.bigint();
  const wt = await createTaskWorktree({ folder: repo, taskId: `bench-${name}`, sparse });
  const t = ms(t0);
  const t1 = process.hrtime.bigint();
  await discardTaskWorktree(wt, { force: true });
  return [t, ms(t1)];
}

async function startRows(label: string, repo: string, runs: number): Promise<void> {
  const rows: [string, string[], 'git' | 'forge'][] = [
    ['git worktree add (full)', [], 'git'], ['forge task worktree (full)', [], 'forge'],
    [`git worktree add, sparse ${SPARSE.join(' ')}`, SPARSE, 'git'], [`forge task worktree, --sparse ${SPARSE.join(' ')}`, SPARSE, 'forge'],
  ];
  // One untimed full checkout first, so no row pays for a cold page cache.
  gitAlone(repo, 'warm-up', []);
  const times = rows.map(() => [] as number[]);
  const discards = rows.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    // Interleaved, so a change of load hits every row alike.
    for (const [i, [, sparse, kind]] of rows.entries()) {
      if (kind === 'git') times[i]!.push(gitAlone(repo, `${i}-${r}`, sparse));
      else {
        const [t, d] = await forgeStart(repo, `${i}-${r}`, sparse);
        times[i]!.push(t);
        discards[i]!.push(d);
      }
    }
  }
  // Leave the repository's git folder as it was (the empty folders these runs made).
  const common = sh(repo, 'rev-parse', '--path-format=absolute', '--git-common-dir').trim();
  for (const d of ['forge/bench', 'forge/worktrees', 'forge']) {
    try {
      fs.rmdirSync(path.join(common, d));
    } catch {
      // not empty (another task's worktree) or not there
    }
  }
  console.log(`\n${label}: median of ${runs} run${runs === 1 ? '' : 's'} (load ${os.loadavg()[0]!.toFixed(1)})`);
  for (const [i, [name, , kind]] of rows.entries()) {
    const base = median(times[i - (kind === 'forge' ? 1 : 0)]!);
    const extra = kind === 'forge' ? `  (${(median(times[i]!) / base).toFixed(2)}x git alone; discard ${median(discards[i]!).toFixed(0)} ms)` : '';
    console.log(`  ${name.padEnd(56)} ${median(times[i]!).toFixed(0).padStart(7)} ms (min ${Math.min(...times[i]!).toFixed(0)})${extra}`);
  }
}

function turn(r: ScriptedResponse): ScriptedResponse {
  // ~0.4 s of streaming per turn, like a model's reply.
  return { text: 'Working on it. '.repeat(4), textChunkSize: 6, chunkDelayMs: 40, ...r };
}

async function oneTask(repo: string, i: number): Promise<void> {
  const srv = await startModelServer();
  const tc = (name: string, args: unknown) => turn({ toolCalls: [{ name, arguments: JSON.stringify(args) }] });
  srv.script([tc('read_file', { path: 'greet.js' }), tc('propose_edits', { edit: `task${i}.txt\n\`\`\`\nfrom task ${i}\n\`\`\`\n` }), tc('run_command', { command: 'ls' }), tc('finish', { summary: `task ${i}` })]);
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bench-state-'));
  const out: string[] = [];
  try {
    const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', state, '--root', repo, '--no-decisions-log', '--worktree', '--yes', `task ${i}`], { cwd: repo, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), readStdin: async () => '' }, { env: {} });
    if (code !== 0) throw new Error(`task ${i} failed:\n${out.join('')}`);
  } finally {
    await srv.close();
    fs.rmSync(state, { recursive: true, force: true });
  }
}

async function parallelRows(): Promise<void> {
  const repo = makeRepo();
  try {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 4; i++) await oneTask(repo, i);
    const serial = ms(t0);
    for (let i = 0; i < 4; i++) fs.rmSync(path.join(repo, `task${i}.txt`));
    const t1 = process.hrtime.bigint();
    await Promise.all([4, 5, 6, 7].map((i) => oneTask(repo, i)));
    const parallel = ms(t1);
    const all = [4, 5, 6, 7].every((i) => fs.readFileSync(path.join(repo, `task${i}.txt`), 'utf8') === `from task ${i}\n`);
    console.log(`\n4 scripted tasks (4 turns each, ~0.4 s per turn), forge run --worktree --yes (load ${os.loadavg()[0]!.toFixed(1)})`);
    console.log(`  in a row   ${serial.toFixed(0).padStart(7)} ms`);
    console.log(`  at once    ${parallel.toFixed(0).padStart(7)} ms   ratio at once / in a row: ${(parallel / serial).toFixed(2)}; every task's file applied: ${all}`);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`git ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim().replace('git version ', '')}, ${os.cpus().length} cores`);
  const small = makeRepo();
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(small, `f${i}.js`), `module.exports = ${i};\n`);
  fs.mkdirSync(path.join(small, 'kernel/sched'), { recursive: true });
  fs.mkdirSync(path.join(small, 'include/linux'), { recursive: true });
  fs.writeFileSync(path.join(small, 'kernel/sched/core.c'), 'int x;\n');
  fs.writeFileSync(path.join(small, 'include/linux/a.h'), 'int y;\n');
  sh(small, 'add', '-A');
  sh(small, 'commit', '-qm', 'files');
  try {
    await startRows(`small repository (${sh(small, 'ls-files').trim().split('\n').length} files)`, small, smallRuns);
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
  }
  if (!process.argv.includes('--no-linux')) {
    if (!fs.existsSync(path.join(LINUX, '.git'))) console.log(`\n(no Linux repository at ${LINUX}: run npx tsx bench/workload.ts first)`);
    else await startRows(`Linux 6.1 git repository (${sh(LINUX, 'ls-files').trim().split('\n').length} files)`, LINUX, linuxRuns);
  }
  await parallelRows();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
