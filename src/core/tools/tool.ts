/**
 * What a tool is: a definition (name, description, zod schema, mutating?) that the model sees,
 * and an implementation run(args, ctx) that only uses ports. Tools never throw for problems the
 * model caused: they return a result that says exactly what was wrong.
 */
import type { z } from 'zod';
import type { ChangeSet } from '../edits/changeSet';
import type { PathGuard } from '../context/pathGuard';
import type { IgnoreRules } from '../context/ignoreRules';
import type { Approval, AskUser, Diagnostics, Log, Outliner, ReviewOutcome, Searcher, Terminal, Workspace } from '../ports';
import type { PlanItem } from '../agent/plan';

export interface ToolSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  /** True when the tool changes the workspace or runs something (goes through approval). */
  mutating?: boolean;
}

/** Events a tool reports while it runs (the agent turns them into AgentEvents). */
export type ToolNotice =
  | { type: 'planUpdated'; plan: PlanItem[] }
  | { type: 'changeSetProposed'; changeSet: ChangeSet }
  | { type: 'changeSetReviewed'; changeSetId: string; outcome: ReviewOutcome; acceptedHunks: number; rejectedHunks: number; changedFiles: string[] }
  | { type: 'commandApproval'; command: string; decision: 'auto' | 'once' | 'always' | 'deny'; reason: string };

export interface ToolContext {
  workspace: Workspace;
  paths: PathGuard;
  ignore: IgnoreRules;
  searcher: Searcher;
  approval: Approval;
  terminal?: Terminal;
  diagnostics?: Diagnostics;
  outliner?: Outliner;
  askUser?: AskUser;
  log?: Log;
  signal?: AbortSignal;
  /** Shared state the tools read and change. */
  state: ToolState;
  notify(notice: ToolNotice): void;
}

export interface ToolState {
  plan: PlanItem[];
  /** Paths whose changes the user accepted in this task, in order. */
  changedFiles: string[];
  /** Exact command lines the user allowed "always" in this task. */
  allowedCommands: string[];
  /** Command prefixes auto-approved by settings (see commandPolicy). */
  commandAllowlist: string[];
  /** Secret files the user allowed reading in this task. */
  secretReadsAllowed: string[];
  /** Set by finish. */
  finished?: { summary: string };
  commandTimeoutMs: number;
  maxOutputChars: number;
}

export interface ToolResult {
  content: string;
  /** The call failed in a way the model should fix (counted by the loop guard). */
  isError?: boolean;
}

export interface Tool<S extends z.ZodType = z.ZodType> {
  spec: ToolSpec<S>;
  run(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}

export function defineTool<S extends z.ZodType>(spec: ToolSpec<S>, run: (args: z.infer<S>, ctx: ToolContext) => Promise<ToolResult>): Tool<S> {
  return { spec, run };
}

export const ok = (content: string): ToolResult => ({ content });
export const fail = (content: string): ToolResult => ({ content, isError: true });
