/**
 * Best of N (docs/worktrees.md): (1) the time to start N candidate worktrees (createCandidateWorktrees,
 * one base commit) against one task worktree, on a small repository; (2) the wall time of
 * `forge run --best-of 3` (3 samples of a scripted model taking ~0.4 s per turn, 4 turns; the pick
 * answered at once) against one `forge run --worktree --yes` of the same script: what running three
 * candidates at once costs over one. Every worktree and branch made here is removed again.
 * Run: npx tsx bench/bestOf.ts [runs=5]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTask } from '../src/cli/run/runTaskCommand';
import { createCandidateWorktrees, createTaskWorktree, discardCandidates, discardTaskWorktree } from '../src/node/worktrees';
import { startModelServer } from '../test/support/modelServer';
import type { ScriptedResponse } from '../test/support/modelServer/types';
import { makeRepo, sh } from '../test/support/gitRepo';

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function startRows(repo: string): Promise<void> {
  const one: number[] = [];
  const three: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = process.hrtime.bigint();
    const wt = await createTaskWorktree({ folder: repo, taskId: `bench-one-${i}` });
    one.push(ms(t0));
    await discardTaskWorktree(wt, { force: true });
    t0 = process.hrtime.bigint();
    const cands = await createCandidateWorktrees({ folder: repo, groupId: `bench-bo-${i}`, specs: ['c1', 'c2', 'c3'].map((id) => ({ id, endpoint: 'e', model: 'm' })) });
    three.push(ms(t0));
    await discardCandidates(cands.map((c) => c.wt));
  }
  console.log(`start (small repository, median of ${runs})`);
  console.log(`  one task worktree          ${median(one).toFixed(0).padStart(6)} ms (min ${Math.min(...one).toFixed(0)})`);
  console.log(`  3 candidate worktrees      ${median(three).toFixed(0).padStart(6)} ms (min ${Math.min(...three).toFixed(0)}); ${(median(three) / median(one)).toFixed(2)}x one`);
}

/** ~0.4 s of streaming per turn; the turn is chosen by how many the conversation already has, so samples of one endpoint each get the whole script. */
function script(): (req: { body: { messages: { role: string }[] } }) => ScriptedResponse {
  const turn = (name: string, args: unknown): ScriptedResponse => ({ text: 'Working on it. '.repeat(4), textChunkSize: 6, chunkDelayMs: 40, toolCalls: [{ name, arguments: JSON.stringify(args) }] });
  const turns = [turn('read_file', { path: 'greet.js' }), turn('propose_edits', { edit: 'task.txt\n```\nfrom the task\n```\n' }), turn('run_command', { command: 'ls' }), turn('finish', { summary: 'done' })];
  return (req) => turns[req.body.messages.filter((m) => m.role === 'assistant').length] ?? { text: 'done' };
}

async function timedRun(repo: string, args: string[], answers: string[]): Promise<number> {
  const srv = await startModelServer();
  srv.script(script());
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bench-bo-'));
  const out: string[] = [];
  try {
    const t0 = process.hrtime.bigint();
    const code = await runTask(['--endpoint', srv.url, '--model', 'm', '--state', state, '--root', repo, '--no-decisions-log', ...args, 'task'], { cwd: repo, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), readStdin: async () => '' }, { env: {}, prompt: async () => answers.shift() ?? null });
    const t = ms(t0);
    if (code !== 0 || fs.readFileSync(path.join(repo, 'task.txt'), 'utf8') !== 'from the task\n') throw new Error(`run failed:\n${out.join('')}`);
    fs.rmSync(path.join(repo, 'task.txt'));
    return t;
  } finally {
    await srv.close();
    fs.rmSync(state, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`git ${sh(os.tmpdir(), '--version').trim().replace('git version ', '')}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  const repo = makeRepo();
  try {
    await startRows(repo);
    const one: number[] = [];
    const best: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      one.push(await timedRun(repo, ['--worktree', '--yes'], []));
      best.push(await timedRun(repo, ['--best-of', '3'], ['c1', 'y', '']));
    }
    console.log(`\nscripted task, 4 turns of ~0.4 s (median of ${one.length})`);
    console.log(`  forge run --worktree --yes ${median(one).toFixed(0).padStart(6)} ms`);
    console.log(`  forge run --best-of 3      ${median(best).toFixed(0).padStart(6)} ms; ${(median(best) / median(one)).toFixed(2)}x one (3 candidates at once, pick answered at once)`);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
