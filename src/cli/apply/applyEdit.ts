/**
 * The core of `forge apply`: parse an edit, read the files it touches under a root folder, build
 * the change set, and write it all-or-nothing (or only check it on a dry run).
 */
import type { SyntaxOracle } from '../../core/edits/check/syntaxGate';
import * as fs from 'node:fs';
import { buildChangeSet, refusedFileReport, type FileReport } from '../../core/edits/changeSet/buildChangeSet';
import type { HunkRefusal } from '../../core/edits/changeSet/changeSet';
import { parseEdit } from '../../core/edits/parse/parseEdit';
import type { EditFormat, ParsedFileEdit, ParseProblem } from '../../core/edits/parse/parsedEdit';
import { EXIT_OK, EXIT_REFUSED } from '../io';
import { resolveInside } from '../../node/safePaths';
import { writeChangeSet } from '../../node/write/writeChangeSet';
import { journalDirOf, type WriterFs } from '../../node/write/writeJournal';

export interface ApplyRequest {
  /** Root folder; must exist. */
  root: string;
  text: string;
  format?: EditFormat | 'auto';
  dryRun?: boolean;
  title?: string;
  /** The syntax check of hunks placed by anything but an exact match (loadSyntaxOracle). */
  syntax?: SyntaxOracle;
  /** The file system the writer uses (tests: a failing one). Default: node:fs. */
  fs?: WriterFs;
}

export interface ApplyOutcome {
  exitCode: number;
  ok: boolean;
  dryRun: boolean;
  files: FileReport[];
  refusals: HunkRefusal[];
  problems: ParseProblem[];
  /** Paths written (empty on a dry run or when anything was refused). */
  written: string[];
  error?: string;
}

export function applyEdit(req: ApplyRequest): ApplyOutcome {
  const dryRun = !!req.dryRun;
  const rootReal = fs.realpathSync(req.root);
  const parsed = parseEdit(req.text, { format: req.format ?? 'auto' });
  const bases = new Map<string, string | null>();
  const absOf = new Map<string, string>();
  const unsafe: Array<{ fe: ParsedFileEdit; reason: string }> = [];
  const safeFiles: ParsedFileEdit[] = [];
  for (const fe of parsed.files) {
    let reason: string | undefined;
    for (const p of [fe.path, fe.newPath]) {
      if (p === undefined || absOf.has(p)) continue;
      const r = resolveInside(rootReal, p);
      if (!r.ok) {
        reason = r.reason;
        break;
      }
      const read = readBase(r.abs, p);
      if ('error' in read) {
        reason = read.error;
        break;
      }
      absOf.set(p, r.abs);
      bases.set(p, read.text);
    }
    if (reason) unsafe.push({ fe, reason });
    else safeFiles.push(fe);
  }
  const built = buildChangeSet({ ...parsed, files: safeFiles }, bases, { title: req.title, syntax: req.syntax });
  const refusals = [...built.refusals.filter((r) => !(unsafe.length && r.reason.startsWith('No file edits')))];
  const files = [...built.files];
  for (const { fe, reason } of unsafe) {
    refusals.push({ path: fe.path, hunkIndex: -1, reason });
    files.push(refusedFileReport(fe, reason));
  }
  const base = { dryRun, files, refusals, problems: parsed.problems, written: [] as string[] };
  if (refusals.length > 0) {
    const problem = parsed.files.length === 0 && parsed.problems[0] ? ` (line ${parsed.problems[0].line}: ${parsed.problems[0].message})` : '';
    return { ...base, exitCode: EXIT_REFUSED, ok: false, error: `${refusals[0].reason}${problem} Nothing was written.` };
  }
  if (dryRun) return { ...base, exitCode: EXIT_OK, ok: true };
  const w = writeChangeSet(built.changeSet, bases, { abs: (rel) => absOf.get(rel)!, journalDir: journalDirOf(rootReal), fs: req.fs });
  if (!w.ok) return { ...base, exitCode: EXIT_REFUSED, ok: false, error: w.error };
  return { ...base, exitCode: EXIT_OK, ok: true, written: w.written };
}

export function readBase(abs: string, rel: string): { text: string | null } | { error: string } {
  let buf: Buffer;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return { error: `${rel} is not a regular file.` };
    buf = fs.readFileSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: null };
    return { error: `${rel} cannot be read (${(err as Error).message}).` };
  }
  if (buf.includes(0)) return { error: `${rel} looks binary; Forge only edits text files.` };
  const text = buf.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(buf)) return { error: `${rel} is not valid UTF-8; Forge does not rewrite it.` };
  return { text };
}
