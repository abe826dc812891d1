/**
 * The bridge between a VS Code window running Forge and `forge review` / `forge mcp` in any terminal:
 * newline-delimited JSON over a local socket (a Unix socket in a folder only the user can open, or a named
 * pipe on Windows). Every request carries the window's token; a request without it is refused.
 */
import { z } from 'zod';
import { lazySchema } from '../../core/lazySchema';
import { EDIT_FORMAT_CHOICES } from '../../core/edits/parse/parsedEdit';

export const BRIDGE_VERSION = 1;

/** What a window writes where clients can find it (a file only the user can read). */
export const discoverySchema = lazySchema(() => z.object({
  version: z.literal(BRIDGE_VERSION),
  socket: z.string().min(1),
  token: z.string().min(32),
  pid: z.number().int(),
  /** Absolute paths of the window's workspace folders. */
  folders: z.array(z.string()),
  startedAt: z.number(),
}));
export type Discovery = z.infer<typeof discoverySchema>;

export const proposeParamsSchema = lazySchema(() => z.object({
  /** The edit, in any format Forge parses (unified diff, SEARCH/REPLACE, apply_patch, whole file). */
  edit: z.string().min(1),
  format: z.enum(EDIT_FORMAT_CHOICES).optional(),
  /** A short title for the review panel. */
  title: z.string().max(200).optional(),
  /** Who proposes it ("Claude Code", "a git hook"): shown in the review panel. */
  agent: z.string().max(100).optional(),
}));
export type ProposeParams = z.infer<typeof proposeParamsSchema>;

/** One hunk's decision as a client sees it. */
export interface HunkVerdict {
  hunkIndex: number;
  decision: 'accepted' | 'rejected' | 'edited' | 'undecided';
  reason?: string;
  /** The lines the reviewer wrote instead of the proposal (decision 'edited'). */
  editedLines?: string[];
  /** 1-based line of the hunk in the file before the change. */
  line: number;
  oldLines: string[];
  newLines: string[];
}

export interface ProposeResult {
  changeSetId: string;
  /** Every hunk accepted as proposed. */
  allAccepted: boolean;
  files: { path: string; hunks: HunkVerdict[] }[];
  /** Set when nothing was written: the edit did not apply, or the accepted hunks could not be written. */
  error?: string;
}

export const methodSchemas = {
  ping: lazySchema(() => z.object({}).optional()),
  proposeChanges: proposeParamsSchema,
  getDiagnostics: lazySchema(() => z.object({ path: z.string().optional() }).optional()),
  openFile: lazySchema(() => z.object({ path: z.string().min(1), line: z.number().int().positive().optional() })),
  getSelection: lazySchema(() => z.object({}).optional()),
} as const;
export type BridgeMethod = keyof typeof methodSchemas;

export const requestSchema = lazySchema(() => z.object({
  id: z.number().int(),
  token: z.string(),
  method: z.string(),
  params: z.unknown().optional(),
}));

export type BridgeResponse = { id: number; result: unknown } | { id: number; error: string };
