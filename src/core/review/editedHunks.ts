/**
 * What the user wrote instead of the model's proposal, for the tool result: for each hunk the
 * user edited before accepting (or keeping) it, a short diff of the proposed lines against the
 * user's lines, numbered as the lines now stand in the file. Without it the model would reason
 * from text that is no longer in the file. Bounded: a few changed lines of context per hunk,
 * long lines cut, and a total character budget shared by every hunk of one result.
 */
import type { FileChange, Hunk, HunkDecision } from '../edits/changeSet/changeSet';
import { diffLines } from '../edits/changeSet/lineDiff';

/** Characters of edit notes in one tool result, across files. */
export const EDIT_NOTES_BUDGET = 4000;
/** Diff lines shown per edited hunk. */
export const EDIT_NOTE_MAX_LINES = 16;
const MAX_LINE_CHARS = 120;
const TAIL_RESERVE = 100;
/** Unchanged lines kept around each changed run. */
const CONTEXT = 1;
/** Beyond this many lines on both sides together, no diff is computed: the user's first lines are shown. */
const MAX_DIFF_LINES = 400;

export class EditNotesBudget {
  private left: number;
  private omitted = 0;
  /** `chars` bounds everything, the closing line included (it gets TAIL_RESERVE of it). */
  constructor(chars = EDIT_NOTES_BUDGET) {
    this.left = chars - TAIL_RESERVE;
  }
  /** Nothing more fits: further notes are only counted (and not built). */
  get exhausted(): boolean {
    return this.left <= 0;
  }
  skip(): void {
    this.omitted++;
  }
  /** Takes a note if it fits; counts it as omitted otherwise. */
  take(note: string): boolean {
    if (note.length > this.left) {
      this.omitted++;
      this.left = 0;
      return false;
    }
    this.left -= note.length;
    return true;
  }
  /** A closing line when notes were left out, else ''. */
  tail(): string {
    return this.omitted ? `\n(${this.omitted} more edited hunk${this.omitted === 1 ? '' : 's'} not shown: read the file${this.omitted === 1 ? '' : 's'} for the user's text.)` : '';
  }
}

/**
 * Notes for the edited hunks of one file, in hunk order. `finalLines(h)` says which lines replaced
 * the hunk's old lines in the file as it is now (its new lines, its old lines when rejected, the
 * user's lines when edited): that places each edited hunk at its real line number.
 */
export function editedHunkNotes(f: FileChange, decisionOf: (h: Hunk) => HunkDecision | undefined, finalLines: (h: Hunk) => readonly string[], budget: EditNotesBudget): string[] {
  const notes: string[] = [];
  let shift = 0;
  for (const h of [...f.hunks].sort((x, y) => x.baseStart - y.baseStart)) {
    const d = decisionOf(h);
    const start = h.baseStart + shift + 1;
    shift += finalLines(h).length - h.oldLines.length;
    if (d?.kind !== 'edit') continue;
    if (budget.exhausted) {
      budget.skip();
      continue;
    }
    const note = editNote(f.newPath ?? f.path, h, d.newLines, start);
    if (budget.take(note)) notes.push(note);
  }
  return notes;
}

/** One edited hunk: "-" lines are the proposal's, "+" lines the user's, numbers are the file's lines now. */
export function editNote(path: string, h: Hunk, userLines: readonly string[], firstLine: number): string {
  const ops = h.newLines.length + userLines.length > MAX_DIFF_LINES
    ? userLines.slice(0, EDIT_NOTE_MAX_LINES + 1).map((text) => ({ op: '+' as const, text }))
    : diffLines(h.newLines, userLines);
  const keep = ops.map(() => false);
  ops.forEach((o, i) => {
    if (o.op === ' ') return;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(ops.length - 1, i + CONTEXT); j++) keep[j] = true;
  });
  const last = firstLine + userLines.length - 1;
  const width = String(Math.max(firstLine, last)).length;
  const rows: string[] = [];
  let lineNo = firstLine;
  let gap = false;
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    const num = o.op === '-' ? ''.padStart(width) : String(lineNo).padStart(width);
    if (o.op !== '-') lineNo++;
    if (!keep[i]) {
      gap = true;
      continue;
    }
    if (gap && rows.length) rows.push(`    ${''.padStart(width)} ...`);
    gap = false;
    rows.push(`  ${o.op} ${num} ${clip(o.text)}`);
  }
  const more = ops.length < userLines.length || rows.length > EDIT_NOTE_MAX_LINES;
  const shown = more ? [...rows.slice(0, EDIT_NOTE_MAX_LINES), `    (more lines: read ${path} lines ${firstLine}-${last})`] : rows;
  const where = userLines.length === 0 ? `the user removed these lines (now at line ${firstLine})` : `lines ${firstLine}-${last} of ${path} now read`;
  if (rows.length === 0) return `  hunk ${h.index + 1}: the user's text equals your proposal (${where}).`;
  return `  hunk ${h.index + 1}: the user edited your proposal; ${where} (- yours, + the user's):\n${shown.join('\n')}`;
}

const clip = (s: string) => (s.length > MAX_LINE_CHARS ? `${s.slice(0, MAX_LINE_CHARS - 1)}…` : s);
