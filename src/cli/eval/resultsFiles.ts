/** Writing an eval's folder (results.json + report.html) and merging shard folders into one. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderReport } from '../../core/eval/reportHtml';
import { compareRuns, resultsSchema, runKey, RESULTS_VERSION, type Contestant, type EvalResultsFile, type EvalRun } from '../../core/eval/results';
import type { Shard } from '../../core/eval/shard';
import { summarize } from '../../core/eval/summary';
import { describeIssues } from '../../core/eval/taskSpec';
import { UsageError } from '../io';

export interface ResultsInput {
  suites: string[];
  contestants: Contestant[];
  tasks: { id: string; tags: string[] }[];
  repeat: number;
  shard?: Shard;
  runs: EvalRun[];
  createdAt?: string;
}

export function buildResults(i: ResultsInput): EvalResultsFile {
  const runs = [...i.runs].sort(compareRuns);
  return {
    version: RESULTS_VERSION, createdAt: i.createdAt ?? new Date().toISOString(), suites: i.suites, contestants: i.contestants,
    tasks: [...i.tasks].sort((a, b) => a.id.localeCompare(b.id)), repeat: i.repeat, ...(i.shard ? { shard: i.shard } : {}),
    runs, summary: summarize(i.contestants, runs),
  };
}

/** Writes results.json and report.html (each atomically) into dir. */
export function writeResults(dir: string, r: EvalResultsFile): { json: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'results.json');
  const html = path.join(dir, 'report.html');
  for (const [file, text] of [[json, `${JSON.stringify(r, null, 2)}\n`], [html, renderReport(r)]] as const) {
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  }
  return { json, html };
}

export function readResults(dir: string): EvalResultsFile {
  const file = fs.existsSync(dir) && fs.statSync(dir).isFile() ? dir : path.join(dir, 'results.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const v = (raw as { version?: unknown } | null)?.version;
  if (v !== RESULTS_VERSION) throw new UsageError(`${file} has results version ${String(v)}; this Forge reads version ${RESULTS_VERSION}`);
  const r = resultsSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`${file} is not a valid results file: ${describeIssues(r.error)}`);
  return r.data as EvalResultsFile;
}

/** Combines shard folders: runs are concatenated (a run in two shards is an error), transcripts copied. */
export function mergeResults(dirs: readonly string[], outDir: string): EvalResultsFile {
  const parts = dirs.map((d) => ({ dir: fs.statSync(d).isFile() ? path.dirname(d) : d, r: readResults(d) }));
  const contestants = new Map<string, Contestant>();
  const tasks = new Map<string, { id: string; tags: string[] }>();
  const runs = new Map<string, EvalRun>();
  for (const { dir, r } of parts) {
    for (const c of r.contestants) {
      const had = contestants.get(c.id);
      if (had && (had.endpoint !== c.endpoint || had.model !== c.model)) throw new UsageError(`contestant "${c.id}" is ${had.model} @ ${had.endpoint} in one folder and ${c.model} @ ${c.endpoint} in ${dir}`);
      contestants.set(c.id, c);
    }
    for (const t of r.tasks) tasks.set(t.id, t);
    for (const run of r.runs) {
      const k = runKey(run);
      if (runs.has(k)) throw new UsageError(`the run ${run.task} / ${run.contestant} / repeat ${run.repeat} is in two of the folders (was a shard run twice?)`);
      runs.set(k, run);
    }
  }
  for (const { dir } of parts) {
    const tr = path.join(dir, 'transcripts');
    if (fs.existsSync(tr) && path.resolve(dir) !== path.resolve(outDir)) fs.cpSync(tr, path.join(outDir, 'transcripts'), { recursive: true });
  }
  const first = parts[0].r;
  return buildResults({
    suites: [...new Set(parts.flatMap((p) => p.r.suites))], contestants: [...contestants.values()], tasks: [...tasks.values()],
    repeat: Math.max(...parts.map((p) => p.r.repeat)), runs: [...runs.values()], createdAt: first.createdAt,
  });
}
