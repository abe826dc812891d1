/** `forge eval` and `forge eval merge`: rank model endpoints on task suites (see EVAL_HELP). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalResultsFile, EvalRun } from '../../core/eval/results';
import { shardSlice, workItems } from '../../core/eval/shard';
import { rankingTable } from '../../core/eval/summary';
import type { EvalTask } from '../../core/eval/taskSpec';
import type { OpenAiClientOptions } from '../../core/model/openaiClient';
import type { CliCommand } from '../commands';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type CliIo } from '../io';
import { loadProfile } from '../run/cliProfile';
import { EVAL_HELP, parseEvalArgs, parseMergeArgs, type EvalArgs } from './evalArgs';
import { EvalProgress } from './progress';
import { buildResults, mergeResults, writeResults } from './resultsFiles';
import { runOne, type EvalContestant } from './runOne';
import { selfTestTask } from './selfTest';
import { builtinSuiteDir, loadSuites } from './suite';

export interface EvalHostOptions {
  env?: NodeJS.ProcessEnv;
  /** Draw a progress bar (default: stderr is a terminal). */
  tty?: boolean;
  signal?: AbortSignal;
  clientOptions?: Omit<OpenAiClientOptions, 'apiKey'>;
}

function contestantsOf(a: EvalArgs): EvalContestant[] {
  const out: EvalContestant[] = [];
  for (const c of a.contestants) {
    const profile = c.kind === 'profile' ? loadProfile({ profile: c.file }) : loadProfile({ endpoint: c.endpoint, model: c.model });
    let host = profile.baseUrl;
    try { host = new URL(profile.baseUrl).host; } catch { /* keep the URL */ }
    let id = c.kind === 'profile' ? profile.id : `${profile.model}@${host}`;
    for (let n = 2; out.some((x) => x.id === id); n++) id = `${c.kind === 'profile' ? profile.id : `${profile.model}@${host}`}-${n}`;
    out.push({ id, endpoint: profile.baseUrl, model: profile.model, label: c.kind === 'profile' ? profile.label : profile.model, profile: { ...profile, id: id.replace(/[^A-Za-z0-9._-]/g, '_') } });
  }
  return out;
}

/** Runs fn over items with at most `jobs` at a time; results in the items' order. */
async function pool<T, R>(items: readonly T[], jobs: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return out;
}

export async function runEval(args: string[], io: CliIo, host: EvalHostOptions = {}): Promise<number> {
  if (args[0] === 'merge') return runMerge(args.slice(1), io);
  let a: EvalArgs;
  let tasks: EvalTask[];
  let contestants: EvalContestant[];
  try {
    a = parseEvalArgs(args, io.cwd);
    if (a.help) {
      io.stdout(EVAL_HELP);
      return EXIT_OK;
    }
    const suites = a.suites.length ? a.suites : [builtinSuiteDir()];
    tasks = loadSuites(suites);
    if (a.tasks.length) {
      const unknown = a.tasks.filter((id) => !tasks.some((t) => t.id === id));
      if (unknown.length) throw new UsageError(`no task has the id ${unknown.join(', ')}`);
      tasks = tasks.filter((t) => a.tasks.includes(t.id));
    }
    a.suites = suites;
    if (a.selfTest) return selfTestSuite(tasks, a.jobs, io);
    contestants = contestantsOf(a);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge eval: ${e.message}\nRun \`forge eval --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const outDir = a.out ?? path.resolve(io.cwd, `forge-eval-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
  fs.mkdirSync(outDir, { recursive: true });
  const items = shardSlice(workItems(tasks.map((t) => t.id), contestants.map((c) => c.id), a.repeat), a.shard);
  const byTask = new Map(tasks.map((t) => [t.id, t]));
  const byId = new Map(contestants.map((c) => [c.id, c]));
  const progress = new EvalProgress(items.length, io.stderr, host.tty ?? !!process.stderr.isTTY);
  io.stderr(`forge eval: ${items.length} runs (${tasks.length} tasks × ${contestants.length} contestants × ${a.repeat}${a.shard ? `, shard ${a.shard.index}/${a.shard.count}` : ''}), ${a.jobs} at a time -> ${outDir}\n`);
  progress.started();
  // Ctrl+C stops the running runs (recorded as stopped), skips the rest, and still writes the results.
  const ctrl = new AbortController();
  const onSigint = () => ctrl.abort();
  host.signal?.addEventListener('abort', onSigint, { once: true });
  process.once('SIGINT', onSigint);
  let runs: EvalRun[];
  try {
    runs = (await pool(items, a.jobs, async (it) => {
      if (ctrl.signal.aborted) return undefined;
      const c = byId.get(it.contestant)!;
      const r = await runOne({ task: byTask.get(it.task)!, contestant: c, repeat: it.repeat, outDir, env: host.env ?? process.env, allow: a.allow, maxSteps: a.maxSteps, keep: a.keep, signal: ctrl.signal, clientOptions: host.clientOptions });
      progress.finished(r, c.label);
      return r;
    })).filter((r): r is EvalRun => r !== undefined);
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.end();
  }
  if (ctrl.signal.aborted) io.stderr(`forge eval: interrupted; ${runs.length} of ${items.length} runs are recorded\n`);
  const results = buildResults({
    suites: a.suites, contestants: contestants.map(({ profile: _p, ...c }) => c), tasks: tasks.map((t) => ({ id: t.id, tags: t.tags })),
    repeat: a.repeat, shard: a.shard, runs,
  });
  return finish(results, outDir, a.json, io);
}

/** --self-test: each task's check fails on repo/ and passes with solution/; exit 1 when one does not. */
async function selfTestSuite(tasks: EvalTask[], jobs: number, io: CliIo): Promise<number> {
  const results = await pool(tasks, jobs, async (t) => {
    const r = await selfTestTask(t);
    io.stderr(`${r.ok ? 'ok  ' : 'BAD '} ${t.id} (${(r.ms / 1000).toFixed(1)} s)${r.problem ? `: ${r.problem}` : ''}\n`);
    return r;
  });
  const bad = results.filter((r) => !r.ok);
  io.stdout(`${results.length - bad.length} of ${results.length} tasks are sound${bad.length ? `; not: ${bad.map((r) => r.task).join(', ')}` : ''}\n`);
  return bad.length ? EXIT_REFUSED : EXIT_OK;
}

function finish(results: EvalResultsFile, outDir: string, json: boolean, io: CliIo): number {
  const files = writeResults(outDir, results);
  io.stderr(`forge eval: wrote ${files.json} and ${files.html}\n`);
  io.stdout(json ? `${JSON.stringify(results, null, 2)}\n` : `\n${rankingTable(results.summary)}`);
  return results.runs.some((r) => r.error?.startsWith('the run failed:')) ? EXIT_REFUSED : EXIT_OK;
}

async function runMerge(args: string[], io: CliIo): Promise<number> {
  try {
    const m = parseMergeArgs(args, io.cwd);
    if (m.help) {
      io.stdout(EVAL_HELP);
      return EXIT_OK;
    }
    fs.mkdirSync(m.out, { recursive: true });
    return finish(mergeResults(m.dirs, m.out), m.out, m.json, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge eval merge: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'rank model endpoints on task suites (pass rate, cost, time); merge shard results',
  help: EVAL_HELP,
  run: (args, io) => runEval(args, io),
};
