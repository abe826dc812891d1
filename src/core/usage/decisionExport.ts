/**
 * Review decisions as data (docs/export.md): the decisions log's records become the lines of an
 * export, on the user's explicit request. Each line says who decided (user, team), is redacted
 * again, never holds a secret-looking path, can have its paths replaced by a stable hash, and
 * carries a preference pair when the user edited or rejected the hunk. Best-of-N picks (preference
 * records) are lines of the same schema and export version, told apart by `kind`: a reader keeps the
 * kinds it knows (`kind == "hunk"` for the lines that existed first) and skips the others.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { isSecretPath } from '../context/secrets';
import { decisionRecordSchema, type DecisionRecord } from './decisionRecord';
import { preferenceRecordSchema, type PreferenceRecord } from './preferenceRecord';

export const EXPORT_SCHEMA = 'forge.review-decision';
export const EXPORT_SCHEMA_VERSION = 1;

/** One line of an export, as `forge report` reads it. */
export const exportLineSchema = lazySchema(() => decisionRecordSchema.extend({
  schema: z.literal(EXPORT_SCHEMA),
  exportVersion: z.literal(EXPORT_SCHEMA_VERSION),
  user: z.string().min(1),
  team: z.string().nullable(),
  preference: z.object({ chosen: z.array(z.string()), rejected: z.array(z.string()) }).nullable(),
}));

/** A best-of-N pick as a line of an export (`kind: "preference"`). */
export const preferenceExportLineSchema = lazySchema(() => preferenceRecordSchema.extend({
  schema: z.literal(EXPORT_SCHEMA),
  exportVersion: z.literal(EXPORT_SCHEMA_VERSION),
  user: z.string().min(1),
  team: z.string().nullable(),
}));
export type PreferenceExportLine = z.infer<typeof preferenceExportLineSchema>;

export interface ExportLine extends DecisionRecord {
  schema: typeof EXPORT_SCHEMA;
  exportVersion: typeof EXPORT_SCHEMA_VERSION;
  user: string;
  team: string | null;
  /**
   * For preference data: edit -> chosen = the user's lines, rejected = the model's; reject ->
   * chosen = the lines kept (oldLines), rejected = the model's; accept -> null (a positive example).
   */
  preference: { chosen: string[]; rejected: string[] } | null;
}

export interface ExportOptions {
  user: string;
  team?: string;
  /** Replace each path by "path-" + 12 hex digits of sha256(salt + path): the same path gives the same name. */
  anonymizePaths?: boolean;
  salt?: string;
  /** The redaction tool output gets (SecretRedactor.redact), applied again at export. */
  redact?: (text: string) => string;
  /** Also leave out these paths (e.g. ignored in the workspace now). */
  exclude?: (path: string) => boolean;
  /** Only decisions at or after this ISO time. */
  since?: string;
}

/** The stable anonymous name of a path (keeps the extension, so the language still shows). */
export function anonymizePath(path: string, salt = ''): string {
  const name = path.split('/').pop() ?? path;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  return `path-${createHash('sha256').update(salt + path).digest('hex').slice(0, 12)}${ext}`;
}

export function toExportLines(records: readonly DecisionRecord[], o: ExportOptions): ExportLine[] {
  const red = o.redact ?? ((t: string) => t);
  const lines = (xs: readonly string[]) => xs.map(red);
  const out: ExportLine[] = [];
  for (const r of records) {
    if (isSecretPath(r.path) || o.exclude?.(r.path)) continue;
    if (o.since && (r.decidedAt ?? r.proposedAt) < o.since) continue;
    const proposed = lines(r.proposedLines);
    const edited = r.editedLines && lines(r.editedLines);
    const old = lines(r.oldLines);
    out.push({
      schema: EXPORT_SCHEMA, exportVersion: EXPORT_SCHEMA_VERSION, user: o.user, team: o.team ?? null,
      ...r,
      task: red(r.task),
      path: o.anonymizePaths ? anonymizePath(r.path, o.salt) : r.path,
      before: lines(r.before), oldLines: old, proposedLines: proposed, after: lines(r.after), editedLines: edited,
      reason: r.reason === null ? null : red(r.reason),
      preference: r.decision === 'edit' && edited ? { chosen: edited, rejected: proposed } : r.decision === 'reject' ? { chosen: old, rejected: proposed } : null,
    });
  }
  return out;
}

/**
 * The preference records as export lines: task and reason redacted again, taken hunks of secret-looking
 * or excluded paths left out (their candidates still count), paths anonymised like the hunk lines'.
 */
export function toPreferenceExportLines(records: readonly PreferenceRecord[], o: ExportOptions): PreferenceExportLine[] {
  const red = o.redact ?? ((t: string) => t);
  const out: PreferenceExportLine[] = [];
  for (const r of records) {
    if (o.since && r.decidedAt < o.since) continue;
    out.push({
      schema: EXPORT_SCHEMA, exportVersion: EXPORT_SCHEMA_VERSION, user: o.user, team: o.team ?? null,
      ...r,
      task: red(r.task),
      taken: r.taken.filter((t) => !isSecretPath(t.path) && !o.exclude?.(t.path)).map((t) => ({ ...t, path: o.anonymizePaths ? anonymizePath(t.path, o.salt) : t.path })),
      reason: r.reason === null ? null : red(r.reason),
    });
  }
  return out;
}

export function exportJsonLines(lines: readonly (ExportLine | PreferenceExportLine)[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}
