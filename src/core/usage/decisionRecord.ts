/**
 * The local decisions log: one JSON line per hunk the user decided, kept so that "Forge: Export
 * Review Decisions..." and `forge export` have data to export. Unlike the usage log it holds text:
 * the task, the hunk's lines and a few lines of its file around it (never whole files), already
 * redacted; hunks of secret-looking or ignored files are never recorded. Schema version 1. Best-of-N
 * picks are lines of the same log (kind "preference", preferenceRecord.ts).
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { preferenceRecordSchema, type PreferenceRecord } from './preferenceRecord';

export const DECISION_SCHEMA_VERSION = 1;
/** Lines of the file kept on each side of a hunk. */
export const CONTEXT_LINES = 3;

export const decisionRecordSchema = lazySchema(() => z.object({
  v: z.literal(DECISION_SCHEMA_VERSION),
  kind: z.literal('hunk'),
  taskId: z.string(),
  /** The task as the user wrote it (redacted). */
  task: z.string(),
  endpoint: z.string(),
  model: z.string(),
  changeSetId: z.string(),
  /** ISO times: the change set proposed, this hunk decided (null when the host did not time it). */
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  decideMs: z.number().min(0).nullable(),
  path: z.string(),
  action: z.enum(['add', 'delete', 'update', 'rename']),
  language: z.string(),
  hunkIndex: z.number().int(),
  /** 1-based line of the base where the hunk starts. */
  startLine: z.number().int().min(1),
  /** Up to CONTEXT_LINES lines of the base file before and after the replaced lines. */
  before: z.array(z.string()),
  oldLines: z.array(z.string()),
  proposedLines: z.array(z.string()),
  after: z.array(z.string()),
  decision: z.enum(['accept', 'reject', 'edit']),
  /** The user's lines when they edited the hunk before accepting it. */
  editedLines: z.array(z.string()).nullable(),
  /** Why the user rejected it, when they said. */
  reason: z.string().nullable(),
}));
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** Any line of the decisions log: a decided hunk, or a best-of-N pick (preferenceRecord.ts). */
export type DecisionLogEntry = DecisionRecord | PreferenceRecord;

/**
 * Parses a JSON-lines log (the decisions log, or an export's lines carry the same fields): the hunk
 * records (`records`, as before preference records existed), the preference records, and how many
 * lines were skipped (not JSON, an unknown kind or version).
 */
export function parseDecisionLog(text: string): { records: DecisionRecord[]; preferences: PreferenceRecord[]; skipped: number } {
  const records: DecisionRecord[] = [];
  const preferences: PreferenceRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const json = JSON.parse(line) as { kind?: unknown };
      if (json && json.kind === 'preference') {
        const p = preferenceRecordSchema.safeParse(json);
        if (p.success) preferences.push(p.data);
        else skipped++;
        continue;
      }
      const r = decisionRecordSchema.safeParse(json);
      if (r.success) records.push(r.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, preferences, skipped };
}
