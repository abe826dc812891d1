/**
 * The best-of-N comparison page's host <-> webview protocol (src/vscode/tasks/comparePanel.ts and
 * src/webview/compare/). The host sends the candidates side by side (`show`, again whenever one
 * ends), and answers an intent it refused with `refused` (one sentence, e.g. overlapping hunks).
 * The webview posts the engineer's intents: `pick` (one candidate, reviewed hunk by hunk next) or
 * `takeHunks` (hunks from several), each with an optional reason. Every message is zod-parsed on
 * arrival on both sides. No vscode import here.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../core/lazySchema';

const DiffLineSchema = lazySchema(() => z.object({ op: z.enum(['+', '-']), text: z.string() }));

export const CompareHunkSchema = lazySchema(() => z.object({
  index: z.int(),
  /** 1-based line of the base where it starts. */
  line: z.int(),
  lines: z.array(DiffLineSchema),
}));

export const CompareFileSchema = lazySchema(() => z.object({
  path: z.string(),
  action: z.enum(['add', 'delete', 'update', 'rename']),
  added: z.int(),
  removed: z.int(),
  hunks: z.array(CompareHunkSchema),
}));

export const CompareCandidateSchema = lazySchema(() => z.object({
  id: z.string(),
  letter: z.string(),
  endpoint: z.string(),
  model: z.string(),
  state: z.enum(['running', 'ended', 'failed', 'stopped']),
  note: z.optional(z.string()),
  pickable: z.boolean(),
  files: z.array(CompareFileSchema),
  linesAdded: z.int(),
  linesRemoved: z.int(),
  check: z.nullable(z.object({ passed: z.boolean(), command: z.string(), outputTail: z.string() })),
  costUsd: z.nullable(z.number()),
  tokens: z.int(),
  durationMs: z.number(),
}));

export const CompareViewSchema = lazySchema(() => z.object({
  groupId: z.string(),
  task: z.string(),
  candidates: z.array(CompareCandidateSchema),
  /** Set once the engineer decided: the page shows it and offers nothing more. */
  decided: z.optional(z.string()),
}));

export type CompareHunk = z.infer<typeof CompareHunkSchema>;
export type CompareFile = z.infer<typeof CompareFileSchema>;
export type CompareCandidate = z.infer<typeof CompareCandidateSchema>;
export type CompareView = z.infer<typeof CompareViewSchema>;

export const CompareHostMessageSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('show'), view: CompareViewSchema }),
  z.object({ type: z.literal('refused'), message: z.string() }),
]));

const reason = lazySchema(() => z.optional(z.string().check(z.maxLength(10_000))));
const HunkRefSchema = lazySchema(() => z.object({ candidateId: z.string(), path: z.string(), hunkIndex: z.int() }));

export const CompareWebviewMessageSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('pick'), candidateId: z.string(), reason }),
  z.object({ type: z.literal('takeHunks'), picks: z.array(HunkRefSchema).check(z.minLength(1)), reason }),
]));

export type CompareHostMessage = z.infer<typeof CompareHostMessageSchema>;
export type CompareWebviewMessage = z.infer<typeof CompareWebviewMessageSchema>;

export type CompareParse<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: unknown } }, x: unknown): CompareParse<T> {
  const r = schema.safeParse(x);
  if (r.success) return { ok: true, message: r.data };
  const type = typeof x === 'object' && x !== null && 'type' in x ? String((x as { type: unknown }).type) : '?';
  return { ok: false, error: `invalid message (type ${JSON.stringify(type)}): ${z.prettifyError(r.error as z.core.$ZodError)}` };
}

export function parseCompareHostMessage(x: unknown): CompareParse<CompareHostMessage> {
  return parseWith<CompareHostMessage>(CompareHostMessageSchema as never, x);
}

export function parseCompareWebviewMessage(x: unknown): CompareParse<CompareWebviewMessage> {
  return parseWith<CompareWebviewMessage>(CompareWebviewMessageSchema as never, x);
}
