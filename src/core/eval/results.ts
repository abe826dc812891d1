/**
 * The results of `forge eval` (results.json, version 1): one record per run (task x contestant x
 * repeat) and a summary computed from the runs alone, so shards merge by concatenating runs.
 */
import { z } from 'zod';

export const RESULTS_VERSION = 1;

export const contestantSchema = z.object({
  /** Unique within a results file: the profile's id, or "model@host". */
  id: z.string(),
  endpoint: z.string(),
  model: z.string(),
  label: z.string(),
});
export type Contestant = z.infer<typeof contestantSchema>;

export const runSchema = z.object({
  task: z.string(),
  contestant: z.string(),
  endpoint: z.string(),
  model: z.string(),
  /** 1-based. */
  repeat: z.number().int().min(1),
  passed: z.boolean(),
  /** Model turns. */
  steps: z.number().int().min(0),
  tokens: z.object({ input: z.number().int().min(0), output: z.number().int().min(0) }),
  /** USD when the profile has prices, else null. */
  costUsd: z.number().nullable(),
  wallMs: z.number().min(0),
  toolCalls: z.record(z.string(), z.number().int()),
  /** propose_edits calls the edit engine refused (the model had to try again). */
  editRefusals: z.number().int().min(0),
  commands: z.array(z.string()),
  /** The final diff against the starting commit (git diff). */
  diff: z.string(),
  /** The saved task (the whole conversation), when there is one. */
  transcript: z.string().nullable(),
  /** How the agent ended: finished, stopped, limitReached, error, timeout. */
  ended: z.string(),
  /** Why the run failed, when it did: the agent's error, a limit, or the check's exit. */
  error: z.string().optional(),
  /** The run's folder, when kept with --keep. */
  folder: z.string().optional(),
  /** The check's last output lines (failed runs only). */
  checkOutput: z.string().optional(),
});
export type EvalRun = z.infer<typeof runSchema>;

export const resultsSchema = z.object({
  version: z.literal(RESULTS_VERSION),
  createdAt: z.string(),
  suites: z.array(z.string()),
  contestants: z.array(contestantSchema),
  tasks: z.array(z.object({ id: z.string(), tags: z.array(z.string()) })),
  repeat: z.number().int().min(1),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
  runs: z.array(runSchema),
  summary: z.unknown(),
});
export type EvalResultsFile = Omit<z.infer<typeof resultsSchema>, 'summary'> & { summary: import('./summary').EvalSummary };

/** The order runs are listed in: task, contestant, repeat (so shards merge to one run's file). */
export function compareRuns(a: Pick<EvalRun, 'task' | 'contestant' | 'repeat'>, b: Pick<EvalRun, 'task' | 'contestant' | 'repeat'>): number {
  return a.task.localeCompare(b.task) || a.contestant.localeCompare(b.contestant) || a.repeat - b.repeat;
}

export function runKey(r: Pick<EvalRun, 'task' | 'contestant' | 'repeat'>): string {
  return `${r.task}\u0000${r.contestant}\u0000${r.repeat}`;
}
