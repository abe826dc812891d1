/**
 * The preference record of a best-of-N pick (docs/export.md): the same task ran on N candidates
 * (endpoints, or samples of one), the engineer picked one or took hunks from several, and said why.
 * It is a line of the local decisions log next to the hunk records (decisionRecord.ts), told apart
 * by `kind`, and a line of the decision export. Its own schema version `v` is 1.
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';

export const PREFERENCE_SCHEMA_VERSION = 1;

export const preferenceCandidateSchema = lazySchema(() => z.object({
  /** Unique within the group ("c1", "c2", ...). */
  id: z.string().min(1),
  /** The endpoint profile's name or URL, and the model, as the hunk records name them. */
  endpoint: z.string(),
  model: z.string(),
  /** The candidate's change set (null when it proposed none: failed, or no edits). */
  changeSetId: z.string().nullable(),
  /** Files changed, lines added and removed by its change set. */
  files: z.number().int().min(0),
  linesAdded: z.number().int().min(0),
  linesRemoved: z.number().int().min(0),
  /** The check command's result in its worktree ("none": no check ran). */
  check: z.enum(['passed', 'failed', 'none']),
  /** What the task cost, when the endpoint has prices; tokens in + out, when it reported usage. */
  costUsd: z.number().min(0).nullable(),
  tokens: z.number().int().min(0).nullable(),
  durationMs: z.number().min(0),
  /** How the run ended ("done", "failed", "stopped", ...); null when the host did not say. */
  outcome: z.string().nullable(),
}));
export type PreferenceCandidate = z.infer<typeof preferenceCandidateSchema>;

export const preferenceTakenSchema = lazySchema(() => z.object({
  candidateId: z.string().min(1),
  path: z.string(),
  hunkIndex: z.number().int().min(0),
}));
export type PreferenceTaken = z.infer<typeof preferenceTakenSchema>;

export const preferenceRecordSchema = lazySchema(() => z.object({
  v: z.literal(PREFERENCE_SCHEMA_VERSION),
  kind: z.literal('preference'),
  /** The best-of-N run: one id shared by its candidates. */
  groupId: z.string().min(1),
  /** The task as the engineer wrote it (redacted). */
  task: z.string(),
  /** ISO times: the candidates shown side by side, the pick made. */
  proposedAt: z.string(),
  decidedAt: z.string(),
  candidates: z.array(preferenceCandidateSchema).min(1),
  /** The candidate picked; null when hunks were taken from several, or none was taken at all. */
  chosen: z.string().nullable(),
  /** Every hunk accepted, with the candidate it came from. */
  taken: z.array(preferenceTakenSchema),
  /** Why, when the engineer said. */
  reason: z.string().nullable(),
}));
export type PreferenceRecord = z.infer<typeof preferenceRecordSchema>;

export interface PreferenceInput {
  groupId: string;
  task: string;
  /** Epoch ms: when the candidates were shown, when the engineer decided. */
  proposedAt: number;
  decidedAt: number;
  candidates: readonly PreferenceCandidate[];
  /**
   * The candidate the engineer picked as a whole (its hunks then reviewed: `taken` may hold fewer of
   * them, or none). Leave it out when they took hunks across candidates: `chosen` is then the one
   * candidate every taken hunk came from, or null when they came from several or none was taken.
   */
  picked?: string;
  taken: readonly PreferenceTaken[];
  reason?: string | null;
  /** The secret redactor tool output gets (SecretRedactor.redact): applied to the task and the reason. */
  redact?: (text: string) => string;
}

/**
 * Builds the record (pure). Throws when the input contradicts itself (a duplicate candidate id, a
 * taken hunk of an unknown candidate or taken twice, a pick that is not a candidate or that other
 * candidates' hunks were taken with): a host bug, never the engineer's.
 */
export function buildPreferenceRecord(i: PreferenceInput): PreferenceRecord {
  const ids = new Set<string>();
  for (const c of i.candidates) {
    if (ids.has(c.id)) throw new Error(`preference record: candidate id ${c.id} appears twice`);
    ids.add(c.id);
  }
  const seen = new Set<string>();
  for (const t of i.taken) {
    if (!ids.has(t.candidateId)) throw new Error(`preference record: hunk ${t.path}#${t.hunkIndex} comes from unknown candidate ${t.candidateId}`);
    const key = `${t.candidateId}\0${t.path}\0${t.hunkIndex}`;
    if (seen.has(key)) throw new Error(`preference record: hunk ${t.path}#${t.hunkIndex} of ${t.candidateId} taken twice`);
    seen.add(key);
  }
  const from = new Set(i.taken.map((t) => t.candidateId));
  let chosen: string | null;
  if (i.picked !== undefined) {
    if (!ids.has(i.picked)) throw new Error(`preference record: picked ${i.picked} is not a candidate`);
    if ([...from].some((id) => id !== i.picked)) throw new Error(`preference record: ${i.picked} was picked but hunks of other candidates were taken`);
    chosen = i.picked;
  } else {
    chosen = from.size === 1 ? [...from][0] : null;
  }
  const red = i.redact ?? ((t: string) => t);
  const reason = i.reason?.trim();
  return {
    v: PREFERENCE_SCHEMA_VERSION,
    kind: 'preference',
    groupId: i.groupId,
    task: red(i.task),
    proposedAt: new Date(i.proposedAt).toISOString(),
    decidedAt: new Date(i.decidedAt).toISOString(),
    candidates: i.candidates.map((c) => ({ ...c })),
    chosen,
    taken: i.taken.map((t) => ({ candidateId: t.candidateId, path: t.path, hunkIndex: t.hunkIndex })),
    reason: reason ? red(reason) : null,
  };
}

/** The endpoints a record ranks: for each candidate, whether it won (it is `chosen`, or some of its hunks were taken). */
export function preferenceOutcomes(r: PreferenceRecord): { candidateId: string; endpoint: string; model: string; won: boolean; hunksTaken: number }[] {
  return r.candidates.map((c) => {
    const hunksTaken = r.taken.filter((t) => t.candidateId === c.id).length;
    return { candidateId: c.id, endpoint: c.endpoint, model: c.model, won: r.chosen === c.id || (r.chosen === null && hunksTaken > 0), hunksTaken };
  });
}
