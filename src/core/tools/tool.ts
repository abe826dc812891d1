/**
 * What a tool is: a definition (name, description, zod schema, mutating?) that the model sees,
 * and an implementation run(args, ctx) that only uses ports. Tools never throw for problems the
 * model caused: they return a result that says exactly what was wrong.
 */
import type { z } from 'zod';
import type { ChangeSet } from '../edits/changeSet/changeSet';
import type { PathGuard } from '../context/pathGuard';
import type { IgnoreRules } from '../context/ignoreRules';
import type { Approval, AskUser, Diagnostics, Log, Outliner, ReviewOutcome, Searcher, Terminal, Workspace } from '../ports';
import type { PlanItem } from '../agent/plan';
import type { ShellParser } from '../policy/shellSyntax';

export interface ToolSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  /** True when the tool changes the workspace or runs something (goes through approval). */
  mutating?: boolean;
  /**
   * The JSON schema the model sees, when the tool brings its own (MCP tools). definitions() uses it
   * instead of converting `schema`, which then only checks that the arguments are a JSON object.
   */
  jsonSchema?: Record<string, unknown>;
  /**
   * How a call is approved before it runs (see toolApproval.ts). Default: 'own' for mutating tools
   * (they ask through their own port method: change set review, command approval), 'readOnly'
   * otherwise. 'ask': asks unless `autoApproved`; 'none': never asks (Forge's own bookkeeping).
   */
  approval?: 'own' | 'readOnly' | 'ask' | 'none';
  /** The user's settings approve every call in advance (an MCP server's autoApprove list). */
  autoApproved?: boolean;
}

/** Events a tool reports while it runs (the agent turns them into AgentEvents). */
export type ToolNotice =
  | { type: 'planUpdated'; plan: PlanItem[] }
  /** bases: the texts the change set was located in (null: the file did not exist), by path. */
  | { type: 'changeSetProposed'; changeSet: ChangeSet; bases?: Record<string, string | null> }
  | { type: 'changeSetReviewed'; changeSetId: string; outcome: ReviewOutcome; acceptedHunks: number; rejectedHunks: number; changedFiles: string[] }
  | { type: 'commandApproval'; command: string; decision: 'auto' | 'once' | 'always' | 'remember' | 'deny'; reason: string }
  /** How commands run (said with the task's first command), or a command that failed because of the sandbox. */
  | { type: 'sandbox'; sandboxed: boolean; message: string };
// A tool approval is reported as a commandApproval whose command is "tool <name>" (the hosts show it as is).

export interface ToolContext {
  workspace: Workspace;
  paths: PathGuard;
  ignore: IgnoreRules;
  searcher: Searcher;
  approval: Approval;
  terminal?: Terminal;
  diagnostics?: Diagnostics;
  outliner?: Outliner;
  /** Reads command lines for the command policy (no parser: every command asks). */
  shellParser?: ShellParser;
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
  /** Environment variables that hold keys: a command that expands one asks (see commandPolicy). */
  secretEnvNames?: string[];
  /** Tools the user allowed "always" in this task (created on first use when missing). */
  allowedTools?: string[];
  /** Secret files the user allowed reading in this task. */
  secretReadsAllowed: string[];
  /** Set once the user was told how this task's commands run (sandboxed or not). */
  sandboxAnnounced?: boolean;
  /**
   * Review mode `end`: the text every file had before the task first wrote it (null: it did not
   * exist). Present only in that mode; propose_edits then writes to the working copy.
   */
  working?: Record<string, string | null>;
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
