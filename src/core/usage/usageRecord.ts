/**
 * Usage insights (local only): one JSON line per task and per review in the extension's global
 * storage. Records never hold file contents or task text: only counts, times, the endpoint and
 * model, and the languages (from file extensions) a change touched.
 *
 * Schema versions: 1 (task and review records); 2 adds each review's per-hunk decisions (`hunks`)
 * and `revert` records. Version 1 lines are still read (their `hunks` are empty).
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';

export const USAGE_SCHEMA_VERSION = 2;

const version = lazySchema(() => z.union([z.literal(1), z.literal(2)]));

/** One hunk's decision in a review (schema 2). */
export const hunkUsageSchema = lazySchema(() => z.object({
  /** "<action> <language>" of the hunk's file, e.g. "update typescript". */
  kind: z.string(),
  decision: z.enum(['accept', 'reject', 'edit']),
  reasonGiven: z.boolean(),
  /** Milliseconds from the change set being proposed to this hunk's decision; null when the host did not time it. */
  decideMs: z.number().min(0).nullable(),
}));
export type HunkUsage = z.infer<typeof hunkUsageSchema>;

const common = () => ({
  v: version,
  /** ISO time the record was written. */
  at: z.string(),
  taskId: z.string(),
  endpoint: z.string(),
  model: z.string(),
  languages: z.array(z.string()),
  hunksAccepted: z.number().int().min(0),
  hunksRejected: z.number().int().min(0),
  /** Hunks the user edited before accepting them (also counted as accepted). */
  hunksEdited: z.number().int().min(0),
});

export const taskRecordSchema = lazySchema(() => z.object({
  ...common(),
  kind: z.literal('task'),
  /** How the task ended: finished, stopped, limitReached, error. */
  outcome: z.string(),
  steps: z.number().int().min(0),
  tokensIn: z.number().int().min(0),
  tokensOut: z.number().int().min(0),
  costUsd: z.number().nullable(),
  durationMs: z.number().min(0),
  changeSets: z.number().int().min(0),
}));

export const reviewRecordSchema = lazySchema(() => z.object({
  ...common(),
  kind: z.literal('review'),
  changeSetId: z.string(),
  /** Whether any rejection came with a reason. */
  reasonGiven: z.boolean(),
  /** "<action> <language>" of each rejected hunk's file, e.g. "update typescript". */
  rejectedKinds: z.array(z.string()),
  /** Milliseconds from the change set being proposed to its review ending. */
  decideMs: z.number().min(0),
  /** Each decided hunk (schema 2; empty in version 1 lines). */
  hunks: z.array(hunkUsageSchema).default([]),
}));

/** The engineer reverted (or reapplied) hunks Forge had written (schema 2). */
export const revertRecordSchema = lazySchema(() => z.object({
  v: version,
  kind: z.literal('revert'),
  at: z.string(),
  changeSetId: z.string(),
  direction: z.enum(['revert', 'reapply']),
  /** How many of Forge's hunks moved, and the languages of their files. */
  hunks: z.number().int().min(0),
  languages: z.array(z.string()),
}));

export const usageRecordSchema = lazySchema(() => z.discriminatedUnion('kind', [taskRecordSchema, reviewRecordSchema, revertRecordSchema]));
export type UsageRecord = z.infer<typeof usageRecordSchema>;
export type TaskRecord = z.infer<typeof taskRecordSchema>;
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;
export type RevertRecord = z.infer<typeof revertRecordSchema>;

const LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript', js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', cs: 'csharp', cpp: 'cpp', cc: 'cpp', c: 'c', h: 'c', hpp: 'cpp',
  php: 'php', swift: 'swift', scala: 'scala', sh: 'shell', bash: 'shell', ps1: 'powershell', sql: 'sql', html: 'html', css: 'css', scss: 'css',
  json: 'json', yaml: 'yaml', yml: 'yaml', toml: 'toml', xml: 'xml', md: 'markdown', vue: 'vue', svelte: 'svelte', dart: 'dart', lua: 'lua',
};

/** A file's language from its extension ("other" when unknown). */
export function languageOf(path: string): string {
  const name = path.split('/').pop() ?? path;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? (LANGUAGES[name.slice(dot + 1).toLowerCase()] ?? 'other') : 'other';
}

/** The record of a revert or reapply that moved `hunks` of Forge's hunks in `paths`. */
export function revertRecord(r: { changeSetId: string; direction: 'revert' | 'reapply'; hunks: number; paths: readonly string[] }, at = new Date()): RevertRecord {
  return { v: USAGE_SCHEMA_VERSION, kind: 'revert', at: at.toISOString(), changeSetId: r.changeSetId, direction: r.direction, hunks: r.hunks, languages: [...new Set(r.paths.map(languageOf))].sort() };
}

/** Parses a JSON-lines log: valid records, and how many lines were skipped (bad JSON, another version). */
export function parseUsageLog(text: string): { records: UsageRecord[]; skipped: number } {
  const records: UsageRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = usageRecordSchema.safeParse(JSON.parse(line));
      if (r.success) records.push(r.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}
