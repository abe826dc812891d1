/**
 * The review panel's host <-> webview protocol.
 *
 * The host (src/vscode/review/reviewPanel.ts) owns the ChangeSet and every decision; the webview only
 * renders a ReviewView and posts the user's intents. Every message is zod-parsed on arrival, on
 * both sides, with parseHostMessage / parseWebviewMessage (they never throw).
 *
 * Line model of a hunk (what the host sends):
 *   before  up to 3 unchanged lines above the hunk (op ' '), for orientation only
 *   lines   the hunk body: the diff of the hunk's oldLines against its newLines, so
 *           newLines == lines.filter(op != '-').map(text), oldLines == lines.filter(op != '+')
 *   after   up to 3 unchanged lines below the hunk
 * "Expand context" posts expandContext; the host replies with contextLines, which the webview
 * adds to `before` (direction 'above', lines in file order) or `after` ('below').
 *
 * Large sets load lazily: `show` carries every file's summary (path, action, status, counts,
 * hunkCount, pendingHunks) but `hunks` only for the selected (by default the first) file. When the
 * user selects a file whose hunks are absent, the webview posts loadFile and the host replies with
 * fileHunks; the webview caches them. `update` works for loaded and not-yet-loaded files alike
 * (it carries the file's status and pendingHunks).
 *
 * editHunk means "accept this hunk with these new lines instead" (HunkDecision kind 'edit'):
 * `newLines` replaces the hunk's new side (the non-'-' lines of `lines`), without terminators.
 *
 * No vscode import here (the layering test enforces it).
 */
import * as z from 'zod/mini';
import { lazySchema } from '../core/lazySchema';

// ---------------------------------------------------------------------------------------------
// The view model

const lineNo = lazySchema(() => z.int().check(z.positive()));
const count = lazySchema(() => z.int().check(z.nonnegative()));

export const DiffLineSchema = lazySchema(() => z.object({
  op: z.enum([' ', '-', '+']),
  /** The line's text without its terminator. */
  text: z.string(),
  /** 1-based line number in the base (absent for '+'). */
  oldNo: z.optional(lineNo),
  /** 1-based line number in the proposed text (absent for '-'). */
  newNo: z.optional(lineNo),
}));
export type DiffLine = z.infer<typeof DiffLineSchema>;

/**
 * Arrays of diff lines are the bulk of a large view (20,000+ objects), so they are checked by a
 * tight loop instead of per-object schema parsing (zod takes ~0.5 s on such a view; this ~5 ms).
 * Same rules as DiffLineSchema (unknown keys are kept, not stripped).
 */
export function isDiffLineArray(x: unknown): x is DiffLine[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const l = x[i] as Partial<DiffLine> | null;
    if (typeof l !== 'object' || l === null) return false;
    if (l.op !== ' ' && l.op !== '-' && l.op !== '+') return false;
    if (typeof l.text !== 'string') return false;
    if (l.oldNo !== undefined && !(Number.isInteger(l.oldNo) && l.oldNo > 0)) return false;
    if (l.newNo !== undefined && !(Number.isInteger(l.newNo) && l.newNo > 0)) return false;
  }
  return true;
}

const DiffLinesSchema = lazySchema(() => z.custom<DiffLine[]>(isDiffLineArray, {
  message: "invalid diff lines: each needs op ' ', '-' or '+', a string text, and optional positive integer oldNo/newNo",
}));

export const HunkDecisionStateSchema = lazySchema(() => z.enum(['pending', 'accepted', 'rejected']));
export type HunkDecisionState = z.infer<typeof HunkDecisionStateSchema>;

export const ReviewHunkSchema = lazySchema(() => z.object({
  /** Stable index of the hunk within its file (core Hunk.index). */
  index: count,
  /** 1-based first line of the hunk body in the base / in the proposed text. */
  oldStart: count,
  newStart: count,
  /** Unchanged lines above the body (3 by default; grows with expandContext). */
  before: z._default(DiffLinesSchema, []),
  /** The hunk body. */
  lines: DiffLinesSchema,
  /** Unchanged lines below the body. */
  after: z._default(DiffLinesSchema, []),
  /** false when `before` already reaches the start of the file (or the previous hunk). */
  moreAbove: z.optional(z.boolean()),
  /** false when `after` already reaches the end of the file (or the next hunk). */
  moreBelow: z.optional(z.boolean()),
  /** How many unchanged lines are hidden above / below (up to the neighbouring hunk or the file's edge). */
  hiddenAbove: z.optional(z.number().check(z.int(), z.nonnegative())),
  hiddenBelow: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** core Strategy ('exact', 'fuzzy', ...). Kept as a string so new strategies need no protocol change. */
  strategy: z.string(),
  /** 0..1 */
  confidence: z.number().check(z.gte(0), z.lte(1)),
  /** True when the text did not match exactly (core FUZZY_STRATEGIES): shown plainly to the reviewer. */
  fuzzy: z.boolean(),
  syntaxWarning: z.optional(z.string()),
  decision: HunkDecisionStateSchema,
  /** The user's edited new side, when the hunk was accepted with edits. */
  editedNewLines: z.optional(z.array(z.string())),
  /** The reason given on reject, if any. */
  rejectReason: z.optional(z.string()),
}));
export type ReviewHunk = z.infer<typeof ReviewHunkSchema>;

export const FileStatusSchema = lazySchema(() => z.enum(['pending', 'accepted', 'rejected', 'partly', 'conflict']));
export type FileStatus = z.infer<typeof FileStatusSchema>;

/** One indentation level: a tab or 2, 4 or 8 spaces (the hunk editor's Tab inserts it). */
export const IndentSchema = lazySchema(() => z.enum(['\t', '  ', '    ', '        ']));
export type Indent = z.infer<typeof IndentSchema>;

export const ReviewFileSchema = lazySchema(() => z.object({
  /** Workspace-relative path with forward slashes (the old path of a rename). Key of the file. */
  path: z.string().check(z.minLength(1)),
  newPath: z.optional(z.string().check(z.minLength(1))),
  action: z.enum(['add', 'delete', 'update', 'rename']),
  status: FileStatusSchema,
  /** One sentence shown when status is 'conflict'. */
  conflictReason: z.optional(z.string()),
  added: count,
  removed: count,
  /** How many hunks the file has (known before they are loaded). */
  hunkCount: count,
  /** How many of them are still pending. */
  pendingHunks: count,
  /** The hunks, sorted by position; absent until loaded (loadFile -> fileHunks). */
  hunks: z.optional(z.array(ReviewHunkSchema)),
  /** One level of the file's own indentation ('\t', or 2, 4 or 8 spaces), when its lines agree on one; sent with the hunks. */
  indent: z.optional(IndentSchema),
}));
export type ReviewFile = z.infer<typeof ReviewFileSchema>;
/** A file whose hunks are present. */
export type LoadedReviewFile = ReviewFile & { hunks: ReviewHunk[] };

export const ReviewViewSchema = lazySchema(() => z.object({
  changeSetId: z.string().check(z.minLength(1)),
  title: z.string(),
  files: z.array(ReviewFileSchema),
  /** A set-level error shown above everything (e.g. "hunk 2 of src/a.ts does not apply"). */
  error: z.optional(z.string()),
  /** The changes are already in the files (review mode `end`): Reject puts the old lines back. */
  alreadyApplied: z.optional(z.boolean()),
}));
export type ReviewView = z.infer<typeof ReviewViewSchema>;

// ---------------------------------------------------------------------------------------------
// Host -> webview

export const HunkUpdateSchema = lazySchema(() => z.object({
  index: count,
  decision: HunkDecisionStateSchema,
  editedNewLines: z.optional(z.array(z.string())),
  rejectReason: z.optional(z.string()),
}));
export type HunkUpdate = z.infer<typeof HunkUpdateSchema>;

export const FileUpdateSchema = lazySchema(() => z.object({
  path: z.string().check(z.minLength(1)),
  status: FileStatusSchema,
  conflictReason: z.optional(z.string()),
  /** Hunks still pending after the update (lets a file whose hunks are not loaded keep its count). */
  pendingHunks: z.optional(count),
  /** Only the hunks whose decision changed; omitted hunks keep theirs. */
  hunks: z.optional(z.array(HunkUpdateSchema)),
}));
export type FileUpdate = z.infer<typeof FileUpdateSchema>;

export const ContextDirectionSchema = lazySchema(() => z.enum(['above', 'below']));
export type ContextDirection = z.infer<typeof ContextDirectionSchema>;

export const HostMessageSchema = lazySchema(() => z.discriminatedUnion('type', [
  /** The whole view (hunks of one file at most). Re-sending it for the same changeSetId keeps the user's selection and expansions. */
  z.object({ type: z.literal('show'), view: ReviewViewSchema }),
  /** Reply to loadFile: the file's hunks, with their current decisions. */
  z.object({ type: z.literal('fileHunks'), path: z.string().check(z.minLength(1)), hunks: z.array(ReviewHunkSchema), indent: z.optional(IndentSchema) }),
  /** New status / decisions of one or more files. */
  z.object({ type: z.literal('update'), files: z.array(FileUpdateSchema) }),
  /** Reply to expandContext: unchanged lines in file order; `more` false when nothing is left that way. */
  z.object({
    type: z.literal('contextLines'),
    path: z.string().check(z.minLength(1)),
    hunkIndex: count,
    direction: ContextDirectionSchema,
    lines: DiffLinesSchema,
    more: z.boolean(),
  }),
  /** Something the user must know; shown in a banner until dismissed. */
  z.object({ type: z.literal('error'), message: z.string() }),
  /** A transient status line (also announced to screen readers). */
  z.object({ type: z.literal('notice'), message: z.string() }),
  /** While true the host is applying; the webview disables its controls. */
  z.object({ type: z.literal('busy'), busy: z.boolean() }),
  /** "Use This Text" in the VS Code editor opened by openInEditor: the hunk editor's new text (not yet accepted). */
  z.object({ type: z.literal('hunkText'), path: z.string().check(z.minLength(1)), hunkIndex: count, text: z.string() }),
  /** Every hunk is decided: the panel shows what happened, with Revert, Open Changed Files and Close. */
  z.object({
    type: z.literal('summary'),
    title: z.string(),
    /** Paths written (or deleted) on disk by this review. */
    written: z.array(z.string()),
    accepted: count,
    rejected: count,
    edited: count,
    /** True when there is something on disk to revert. */
    canRevert: z.boolean(),
    /** Another agent (Claude Code, Gemini CLI) writes the result itself: Forge wrote nothing. */
    writtenBy: z.optional(z.string()),
  }),
]));
export type HostMessage = z.infer<typeof HostMessageSchema>;
export type ReviewSummaryMessage = Extract<HostMessage, { type: 'summary' }>;

// ---------------------------------------------------------------------------------------------
// Webview -> host

const pathField = lazySchema(() => z.string().check(z.minLength(1)));
const hunkIndexField = count;
const reasonField = lazySchema(() => z.optional(z.string().check(z.maxLength(10_000))));

export const WebviewMessageSchema = lazySchema(() => z.discriminatedUnion('type', [
  /** The webview is loaded and listening; the host answers with `show` (with the hunks of `selectedPath`, if given). */
  z.object({ type: z.literal('ready'), selectedPath: z.optional(pathField) }),
  /** Asks for a file's hunks (answered by fileHunks). */
  z.object({ type: z.literal('loadFile'), path: pathField }),
  z.object({ type: z.literal('acceptAll') }),
  z.object({ type: z.literal('rejectAll'), reason: reasonField }),
  z.object({ type: z.literal('acceptFile'), path: pathField }),
  z.object({ type: z.literal('rejectFile'), path: pathField, reason: reasonField }),
  z.object({ type: z.literal('acceptHunk'), path: pathField, hunkIndex: hunkIndexField }),
  z.object({ type: z.literal('rejectHunk'), path: pathField, hunkIndex: hunkIndexField, reason: reasonField }),
  /** Accept the hunk with `newLines` as its new side. */
  z.object({ type: z.literal('editHunk'), path: pathField, hunkIndex: hunkIndexField, newLines: z.array(z.string()) }),
  /** Edit the hunk's new lines (`text`, the hunk editor's text, indented by `indent`) in a real VS Code editor; answered by hunkText. */
  z.object({ type: z.literal('openInEditor'), path: pathField, hunkIndex: hunkIndexField, text: z.string().check(z.maxLength(5_000_000)), indent: z.optional(IndentSchema) }),
  /** Open VS Code's native diff of this file's base against the proposed text. */
  z.object({ type: z.literal('openDiff'), path: pathField }),
  z.object({
    type: z.literal('expandContext'),
    path: pathField,
    hunkIndex: hunkIndexField,
    direction: ContextDirectionSchema,
    count: z.int().check(z.positive(), z.lte(100_000)),
  }),
  /** The user finished the review (the Done button); with hunks still pending the host asks what to do with them. */
  z.object({ type: z.literal('done') }),
  /** From the summary: revert what this review wrote (the host asks first). */
  z.object({ type: z.literal('revert') }),
  /** From the summary: open the files this review wrote. */
  z.object({ type: z.literal('openChangedFiles') }),
  /** From the summary: close the panel. */
  z.object({ type: z.literal('close') }),
]));
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

// ---------------------------------------------------------------------------------------------
// Parsing (never throws)

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<S extends z.ZodMiniType>(schema: S, x: unknown): ParseResult<z.infer<S>> {
  const r = schema.safeParse(x);
  if (r.success) return { ok: true, message: r.data };
  const type = typeof x === 'object' && x !== null && 'type' in x ? String((x as { type: unknown }).type) : '?';
  return { ok: false, error: `invalid message (type ${JSON.stringify(type)}): ${z.prettifyError(r.error)}` };
}

export function parseHostMessage(x: unknown): ParseResult<HostMessage> {
  return parseWith(HostMessageSchema, x);
}

export function parseWebviewMessage(x: unknown): ParseResult<WebviewMessage> {
  return parseWith(WebviewMessageSchema, x);
}

/** A hunk's proposed new side (what is applied when accepted without edits). */
export function hunkNewLines(h: Pick<ReviewHunk, 'lines'>): string[] {
  return h.lines.filter((l) => l.op !== '-').map((l) => l.text);
}

/** A hunk's base side (the lines it replaces). */
export function hunkOldLines(h: Pick<ReviewHunk, 'lines'>): string[] {
  return h.lines.filter((l) => l.op !== '+').map((l) => l.text);
}
