/**
 * ParsedEdit + the current text of every file it touches -> one ChangeSet, or precise refusals.
 * A file is in the change set only when every one of its hunks was located with certainty; the
 * set as a whole is `ok` only when nothing was refused (applying is all-or-nothing).
 */
import type { ChangeSet, FileAction, FileChange, Hunk, HunkRefusal, Strategy } from './changeSet';
import { locateFileHunks, type HunkOutcome } from '../locate/locateFile';
import { changedRuns } from './textChanges';
import { expandWholeFileElisions } from '../recover/wholeFileElision';
import type { ParsedEdit, ParsedFileEdit } from '../parse/parsedEdit';
import { hashText, hasFinalNewline, parseText, type TextDoc } from './textDoc';
import { collapseWhitespace, LineIndex } from '../locate/lineIndex';
import { recoverSearchBlocks } from '../recover/searchRecovery';
import { resolveSequential } from '../locate/sequentialHunks';
import { applyExactly } from '../locate/exactApply';
import { editSpaceUnit, fileIndentStyle, inFileStyle } from '../check/fileStyle';
import { syntaxRefusals, type SyntaxOracle } from '../check/syntaxGate';
import { applyPatchStrategy, moveOntoExisting, overwriteChange } from './applyPatchSemantics';

export interface HunkReport {
  status: 'applied' | 'refused';
  strategy: Strategy | null;
  /** 1-based first base line the hunk replaces (or inserts before); null when refused. */
  line: number | null;
  confidence: number | null;
  reason?: string;
}

export interface FileReport {
  path: string;
  newPath?: string;
  action: FileAction;
  status: 'applied' | 'refused';
  /** File-level reason (e.g. "already exists"); hunk reasons are on the hunks. */
  reason?: string;
  hunks: HunkReport[];
  /** Located, but the edit changes nothing in this file (every line it gives is already there). */
  unchanged?: boolean;
}

export interface BuildResult {
  ok: boolean;
  /** The files that were located completely (all of them when ok). */
  changeSet: ChangeSet;
  refusals: HunkRefusal[];
  files: FileReport[];
}

export interface BuildOptions {
  id?: string;
  title?: string;
  /**
   * Parses files whose language has a grammar (loadSyntaxOracle): a hunk placed by anything but an
   * exact match that adds a syntax error is refused. Without it, the confidence rules alone decide.
   */
  syntax?: SyntaxOracle;
}

let counter = 0;

export function buildChangeSet(
  parsed: ParsedEdit,
  bases: ReadonlyMap<string, string | null>,
  opts: BuildOptions = {},
): BuildResult {
  const files: FileChange[] = [];
  const reports: FileReport[] = [];
  const refusals: HunkRefusal[] = [];
  for (const fe of mergeSamePath(parsed.files)) {
    for (const { change, report, refused } of buildEntry(fe, bases, opts.syntax)) {
      reports.push(report);
      refusals.push(...refused);
      const noOp = change?.action === 'update' && change.hunks.length === 0 && change.finalNewline === undefined;
      if (noOp) report.unchanged = true;
      if (change && report.status === 'applied' && !noOp) files.push(change);
    }
  }
  if (parsed.partial) {
    refusals.push({ path: '', hunkIndex: -1, reason: 'The edit is incomplete (it ends inside a file or hunk); send the whole edit.' });
  }
  if (parsed.files.length === 0) {
    refusals.push({ path: '', hunkIndex: -1, reason: 'No file edits were found in the text.' });
  } else if (!parsed.partial) {
    // Part of the text could not be read as an edit: applying the rest would be half an edit.
    for (const p of parsed.problems) refusals.push({ path: '', hunkIndex: -1, reason: `Line ${p.line} of the edit: ${p.message}.` });
  }
  return {
    ok: refusals.length === 0,
    changeSet: { id: opts.id ?? `cs-${Date.now().toString(36)}-${(counter++).toString(36)}`, title: opts.title, files },
    refusals,
    files: reports,
  };
}

/** Several entries for the same path (e.g. one SEARCH/REPLACE block each) become one. */
function mergeSamePath(entries: readonly ParsedFileEdit[]): ParsedFileEdit[] {
  const out: ParsedFileEdit[] = [];
  const byPath = new Map<string, ParsedFileEdit>();
  for (const e of entries) {
    const prev = byPath.get(e.path);
    if (prev && prev.action === 'update' && e.action === 'update' && prev.content === undefined && e.content === undefined) {
      for (const h of e.hunks) prev.hunks.push(h); // in place: prev is this function's copy
      continue;
    }
    const copy = { ...e, hunks: [...e.hunks] };
    if (!prev) byPath.set(e.path, copy);
    out.push(copy);
  }
  return out;
}

/** The report of a file refused as a whole: every hunk refused with the file's reason. */
export function refusedFileReport(fe: ParsedFileEdit, reason: string): FileReport {
  return {
    path: fe.path,
    newPath: fe.newPath,
    action: fe.action,
    status: 'refused',
    reason,
    hunks: fe.hunks.map(() => ({ status: 'refused' as const, strategy: null, line: null, confidence: null, reason })),
  };
}

function fileRefusal(fe: ParsedFileEdit, reason: string) {
  return { change: undefined, report: refusedFileReport(fe, reason), refused: [{ path: fe.path, hunkIndex: -1, reason }] };
}

function single(path: string, action: FileAction, hunk: Hunk, extra: Partial<FileChange> = {}) {
  const change: FileChange = { action, path, baseHash: null, hunks: [hunk], ...extra };
  const report: FileReport = {
    path,
    newPath: extra.newPath,
    action,
    status: 'applied',
    hunks: [{ status: 'applied', strategy: hunk.strategy, line: hunk.baseStart + 1, confidence: hunk.confidence }],
  };
  return { change, report, refused: [] as HunkRefusal[] };
}

function appliedChange(change: FileChange) {
  const report: FileReport = {
    path: change.path,
    newPath: change.newPath,
    action: change.action,
    status: 'applied',
    hunks: change.hunks.map((h) => ({ status: 'applied', strategy: h.strategy, line: h.baseStart + 1, confidence: h.confidence })),
  };
  return { change, report, refused: [] as HunkRefusal[] };
}

/** One parsed file edit -> its change(s): two for an apply_patch move onto a file that exists. */
function buildEntry(fe: ParsedFileEdit, bases: ReadonlyMap<string, string | null>, syntax?: SyntaxOracle) {
  const base = bases.get(fe.path) ?? null;
  const dest = fe.action === 'rename' && fe.newPath && fe.newPath !== fe.path ? bases.get(fe.newPath) ?? null : null;
  if (fe.format !== 'apply-patch' || base === null || dest === null) return [buildFile(fe, bases, syntax)];
  // apply_patch defines a move onto a file that exists as replacing it: the source's hunks are
  // located as usual, then the source is deleted and the destination gets the moved text.
  const src = buildFile({ ...fe, action: 'update', newPath: undefined }, bases, syntax);
  if (src.report.status === 'refused') return [{ ...src, report: { ...src.report, action: 'rename' as const, newPath: fe.newPath } }];
  return moveOntoExisting({ path: fe.path, base, moved: src.change }, { path: fe.newPath!, base: dest }).map(appliedChange);
}

function buildFile(fe: ParsedFileEdit, bases: ReadonlyMap<string, string | null>, syntax?: SyntaxOracle) {
  const base = bases.get(fe.path) ?? null;
  if (fe.action === 'add') {
    if (base !== null && fe.format === 'apply-patch') {
      // apply_patch defines an Add File naming a file that exists as replacing its content.
      const { lines, finalNewline } = addedContent(fe);
      return appliedChange(overwriteChange(fe.path, base, lines, finalNewline));
    }
    if (base !== null) return fileRefusal(fe, `${fe.path} already exists; edit it as an update instead of creating it.`);
    const { lines, finalNewline, eol } = addedContent(fe);
    return single(fe.path, 'add', { index: 0, baseStart: 0, oldLines: [], newLines: lines, strategy: 'create', confidence: 1 }, { finalNewline, eol });
  }
  if (base === null && fe.action === 'update' && createsFile(fe)) {
    const { lines, finalNewline, eol } = addedContent(fe);
    return single(fe.path, 'add', { index: 0, baseStart: 0, oldLines: [], newLines: lines, strategy: 'create', confidence: 1 }, { finalNewline, eol });
  }
  if (base === null) return fileRefusal(fe, `${fe.path} does not exist, so it cannot be ${fe.action === 'delete' ? 'deleted' : fe.action === 'rename' ? 'moved' : 'updated'}.`);
  const doc = parseText(base);
  const baseHash = hashText(base);
  if (fe.action === 'delete') {
    const claimed = fe.hunks.flatMap((h) => h.lines.filter((l) => l.op !== '+').map((l) => l.text));
    if (claimed.length > 0 && !sameText(claimed, doc.lines)) {
      return fileRefusal(fe, `${fe.path} was not deleted: its content differs from the content the edit deletes.`);
    }
    return single(fe.path, 'delete', { index: 0, baseStart: 0, oldLines: doc.lines, newLines: [], strategy: 'delete', confidence: 1 }, { baseHash });
  }
  const newPath = fe.action === 'rename' && fe.newPath && fe.newPath !== fe.path ? fe.newPath : undefined;
  const action: FileAction = newPath ? 'rename' : 'update';
  if (newPath && (bases.get(newPath) ?? null) !== null) {
    return fileRefusal(fe, `${fe.path} cannot be moved to ${newPath}: ${newPath} already exists.`);
  }
  if (fe.content !== undefined) {
    const given = fe.content === '' ? [] : parseText(fe.content).lines;
    // "// ... existing code ..." in a whole file stands for the original lines: never written literally.
    const expanded = expandWholeFileElisions(fe.path, given, doc.lines);
    if (expanded && !expanded.ok) return fileRefusal(fe, expanded.reason);
    const lines = expanded ? expanded.lines : given;
    const strategy: Strategy = expanded ? 'elision' : 'whole-file';
    // One hunk per run of changed lines, so each can be reviewed on its own.
    const hunks = changedRuns(doc.lines, lines).map((h) => ({ ...h, strategy, confidence: expanded ? 0.9 : 1 }));
    // Whole content keeps the file's final newline; when the file has none and its last line
    // changes, whether the new last line should end with one is a guess (as for the other formats).
    // So is keeping the file's state when the content shows its last line unchanged (a fenced
    // block always ends with a newline): only content that ends with a marker leaves the end alone.
    const endShown = expanded ? expanded.showsEnd : true;
    if (doc.lines.length > 0 && !hasFinalNewline(doc) && endShown && hunks.length > 0) {
      return fileRefusal(fe, `${fe.path} does not end with a newline and the new content changes or shows its last line, but whole-file content cannot say whether the result should end with one; send this change as a unified diff with "\\ No newline at end of file" markers.`);
    }
    const all = hunks.length || action === 'update' ? hunks : [{ index: 0, baseStart: 0, oldLines: doc.lines, newLines: lines, strategy, confidence: 1 }];
    const change: FileChange = { action, path: fe.path, newPath, baseHash, hunks: all };
    const report: FileReport = { path: fe.path, newPath, action, status: 'applied', hunks: all.map((h) => ({ status: 'applied', strategy: h.strategy, line: h.baseStart + 1, confidence: h.confidence })) };
    return { change, report, refused: [] as HunkRefusal[] };
  }
  // Exact first: a diff that applies as it is (git apply) is never repaired or fuzzily placed.
  const exact = applyExactly(fe, doc.lines, hasFinalNewline(doc) || doc.lines.length === 0);
  // SEARCH blocks with a truncated edge line or left-out blank lines, rewritten where the place is unique.
  const recovered = fe.format === 'search-replace' ? recoverSearchBlocks(fe.hunks, new LineIndex(doc.lines)) : undefined;
  const located = exact ?? markRepaired(locateFileHunks(fe.path, doc.lines, recovered?.hunks ?? fe.hunks), recovered?.repaired);
  // apply_patch defines the result of an update as ending with a newline: nothing to refuse there.
  const applyPatch = fe.format === 'apply-patch';
  let outcomes = applyPatch ? located : refuseSilentFinalNewline(fe, doc, located);
  if (fe.format === 'search-replace' || applyPatch) {
    outcomes = resolveSequential(fe.path, doc.lines, outcomes, {
      noFinalNewline: !applyPatch && doc.lines.length > 0 && !hasFinalNewline(doc),
      finalNewlineReason: (i) => silentFinalNewlineReason(fe, i),
    });
  }
  const refused: HunkRefusal[] = [];
  const hunks: Hunk[] = [];
  const hunkReports: HunkReport[] = outcomes.map((o) => {
    if (o.refusal) {
      refused.push({ path: fe.path, hunkIndex: o.index, reason: o.refusal.reason, closest: o.refusal.closest });
      return { status: 'refused', strategy: null, line: null, confidence: null, reason: o.refusal.reason };
    }
    if (o.sequential) {
      const { strategy, line, confidence } = o.sequential;
      return { status: 'applied', strategy, line, confidence, reason: `applied to the text earlier hunks produce (merged into hunk ${(o.mergedInto ?? o.index) + 1})` };
    }
    const h = applyPatch ? { ...o.hunk!, strategy: applyPatchStrategy(o.hunk!.strategy, fe.hunks[o.index]) } : o.hunk!;
    const report: HunkReport = { status: 'applied', strategy: h.strategy, line: h.baseStart + 1, confidence: h.confidence };
    // A hunk of context only (every line already in the file) changes nothing: leave it out.
    if (h.oldLines.length === h.newLines.length && h.oldLines.every((l, i) => l === h.newLines[i])) return { ...report, reason: 'changes nothing' };
    hunks.push(h);
    return report;
  });
  hunks.sort((a, b) => a.baseStart - b.baseStart || a.oldLines.length - b.oldLines.length || a.index - b.index);
  if (fe.format === 'search-replace' || fe.format === 'apply-patch') {
    // These formats carry no exact bytes to keep: added lines take the file's indentation style.
    const style = fileIndentStyle(doc.lines);
    const editUnit = editSpaceUnit(hunks, style, doc.lines);
    hunks.forEach((h, i) => {
      const { styleError, ...styled } = inFileStyle(h, style, editUnit, doc.lines);
      hunks[i] = styled;
      if (styleError) refused.push({ path: fe.path, hunkIndex: h.index, reason: `${fe.path}: hunk ${h.index + 1} was found, but ${styleError}.` });
    });
  }
  let finalNewline: boolean | undefined;
  for (const o of outcomes) {
    if (!o.hunk) continue;
    const atEnd = o.hunk.baseStart + o.hunk.oldLines.length === doc.lines.length;
    if (!atEnd) continue;
    if (o.prepared.newNoFinalNewline) finalNewline = false;
    else if (o.prepared.oldNoFinalNewline) finalNewline = true;
  }
  if (applyPatch && doc.lines.length > 0 && !hasFinalNewline(doc)) {
    // A hunk that replaces the last line of a file without a final newline leaves one, as apply_patch defines.
    hunks.forEach((h, i) => {
      if (h.oldLines.length === 0 || h.baseStart + h.oldLines.length < doc.lines.length) return;
      finalNewline = true;
      if (h.strategy !== 'exact' && h.strategy !== 'exact-anywhere') return;
      hunks[i] = { ...h, strategy: 'eol-added' };
      const r = hunkReports.find((x, k) => outcomes[k]?.index === h.index && x.status === 'applied');
      if (r) r.strategy = 'eol-added';
    });
  }
  const change: FileChange = { action, path: fe.path, newPath, baseHash, hunks, finalNewline };
  if (syntax && refused.length === 0) {
    for (const r of syntaxRefusals(newPath ?? fe.path, base, change, syntax)) {
      const reason = `${fe.path}: hunk ${r.hunkIndex + 1} ${r.reason}.`;
      refused.push({ path: fe.path, hunkIndex: r.hunkIndex, reason });
      const at = hunkReports.findIndex((x, i) => outcomes[i]?.index === r.hunkIndex && x.status === 'applied');
      if (at >= 0) hunkReports[at] = { status: 'refused', strategy: null, line: null, confidence: null, reason };
    }
  }
  const report: FileReport = {
    path: fe.path,
    newPath,
    action,
    status: refused.length ? 'refused' : 'applied',
    hunks: hunkReports,
  };
  return { change, report, refused };
}

/** A whole-file edit, or only empty-SEARCH / context-free insertions: on a missing file it creates it. */
function createsFile(fe: ParsedFileEdit): boolean {
  if (fe.content !== undefined) return true;
  return fe.hunks.length > 0 && fe.hunks.every((h) => h.lines.every((l) => l.op === '+'));
}

function addedContent(fe: ParsedFileEdit): { lines: string[]; finalNewline: boolean; eol?: '\r\n' } {
  if (fe.content !== undefined) {
    if (fe.content === '') return { lines: [], finalNewline: false };
    const doc = parseText(fe.content);
    return { lines: doc.lines, finalNewline: hasFinalNewline(doc), eol: doc.eol === '\r\n' ? doc.eol : undefined };
  }
  const raw = fe.hunks.flatMap((h) => h.lines.filter((l) => l.op !== '-').map((l) => l.text));
  const lines = raw.map((t) => t.replace(/\r$/, ''));
  const last = fe.hunks[fe.hunks.length - 1];
  // The patch's own line endings: a file created from CRLF lines is written with CRLF.
  const crlf = raw.length > 0 && raw.filter((t) => t.endsWith('\r')).length * 2 > raw.length;
  return { lines, finalNewline: !(last?.newNoFinalNewline ?? false), eol: crlf ? ('\r\n' as const) : undefined };
}

function sameText(a: readonly string[], b: readonly string[]): boolean {
  const norm = (xs: readonly string[]) => {
    const out = xs.map(collapseWhitespace);
    while (out.length && out[out.length - 1] === '') out.pop();
    return out;
  };
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

/**
 * A file without a final newline whose last line a hunk replaces, in an edit that does
 * not say whether the result ends with a newline: SEARCH/REPLACE and apply_patch cannot say it, a
 * unified diff says it with `\ No newline at end of file`. Either answer could be what was meant,
 * so the hunk is refused (with how to say it) rather than guessed.
 */
function refuseSilentFinalNewline(fe: ParsedFileEdit, doc: TextDoc, outcomes: HunkOutcome[]): HunkOutcome[] {
  if (doc.lines.length === 0 || hasFinalNewline(doc)) return outcomes;
  return outcomes.map((o) => {
    const h = o.hunk;
    // Lines added after the last one (an empty SEARCH) leave it alone: the file's convention holds.
    if (!h || h.oldLines.length === 0 || h.baseStart + h.oldLines.length < doc.lines.length) return o;
    if (o.prepared.oldNoFinalNewline || o.prepared.newNoFinalNewline) return o;
    if (h.oldLines.length === h.newLines.length && h.oldLines.every((l, i) => l === h.newLines[i])) return o;
    return { index: o.index, prepared: o.prepared, refusal: { reason: silentFinalNewlineReason(fe, o.index) } };
  });
}

function silentFinalNewlineReason(fe: ParsedFileEdit, index: number): string {
  const how = fe.format === 'unified'
    ? 'add "\\ No newline at end of file" after the last old line, and after the last new line too if the result should not end with a newline either'
    : `${fe.format === 'search-replace' ? 'SEARCH/REPLACE' : 'apply_patch'} cannot say it: send this change as a unified diff with "\\ No newline at end of file" markers, or the whole file`;
  return `${fe.path} does not end with a newline and hunk ${index + 1} changes its last line, but the edit does not say whether the result should end with one; ${how}.`;
}

function markRepaired(outcomes: HunkOutcome[], repaired: ReadonlySet<number> | undefined): HunkOutcome[] {
  if (!repaired?.size) return outcomes;
  return outcomes.map((o) =>
    o.hunk && repaired.has(o.index) && (o.hunk.strategy === 'exact' || o.hunk.strategy === 'exact-anywhere')
      ? { ...o, hunk: { ...o.hunk, strategy: 'repaired' as const, confidence: 0.9 } }
      : o,
  );
}
