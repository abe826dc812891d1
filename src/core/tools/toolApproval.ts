/**
 * The approval gate every tool call passes before it runs, under one rule set:
 *  - tools that approve themselves (propose_edits' review, run_command's allowlist) and Forge's own
 *    bookkeeping (plan, finish, ask_user) run;
 *  - an MCP tool whose arguments name a file outside the workspace, secret or protected asks, always;
 *  - read-only tools run without asking while autoApproveReadOnlyTools is on;
 *  - a tool the user's settings auto-approve (an MCP server's autoApprove list) runs;
 *  - a tool the user allowed "always" in this task runs;
 *  - anything else asks the Approval port (Allow once / Always for this tool / Deny); a host that
 *    cannot ask refuses, and the model is told why.
 */
import type { ToolContext, ToolResult, ToolSpec } from './tool';
import { fail } from './tool';
import { pathArgumentConcern } from './toolPathArgs';

export interface GateOptions {
  /** forge.agent.autoApproveReadOnlyTools (default true). */
  autoApproveReadOnlyTools: boolean;
}

/** Built-in tools that read and change nothing outside the task itself. */
const BOOKKEEPING = new Set(['ask_user', 'update_plan', 'finish']);

export type GateKind = 'own' | 'readOnly' | 'ask' | 'none';

export function gateKind(spec: ToolSpec<any>): GateKind {
  if (spec.approval) return spec.approval;
  if (BOOKKEEPING.has(spec.name)) return 'none';
  return spec.mutating ? 'own' : 'readOnly';
}

/** Whether a call may run without asking, and if not, the one sentence the user is shown. */
export function gateVerdict(spec: ToolSpec<any>, ctx: Pick<ToolContext, 'state'>, o: GateOptions, args?: unknown): { ask: false; why: string } | { ask: true; reason: string } {
  const kind = gateKind(spec);
  if (kind === 'own' || kind === 'none') return { ask: false, why: 'no approval needed' };
  // Tools Forge did not write (MCP) get the same path policy as Forge's own: no setting skips it.
  const pathWhy = spec.jsonSchema ? pathArgumentConcern(args) : undefined;
  if (pathWhy) return { ask: true, reason: `${spec.name}: ${pathWhy}.` };
  if (spec.autoApproved) return { ask: false, why: 'auto-approved in settings' };
  if (ctx.state.allowedTools?.includes(spec.name)) return { ask: false, why: 'allowed for this task' };
  if (kind === 'readOnly') {
    if (o.autoApproveReadOnlyTools) return { ask: false, why: 'read-only' };
    return { ask: true, reason: `${spec.name} only reads, but forge.agent.autoApproveReadOnlyTools is off.` };
  }
  return { ask: true, reason: `${spec.name} is not marked read-only and is not in its server's autoApprove list, so it may change things.` };
}

/** undefined: the call may run; otherwise the result the model gets instead. */
export async function gateToolCall(spec: ToolSpec<any>, args: unknown, ctx: ToolContext, o: GateOptions): Promise<ToolResult | undefined> {
  const v = gateVerdict(spec, ctx, o, args);
  if (!v.ask) return undefined;
  const subject = `tool ${spec.name}`;
  if (!ctx.approval.approveTool) {
    ctx.notify({ type: 'commandApproval', command: subject, decision: 'deny', reason: v.reason });
    return fail(`${spec.name} needs the user's approval (${v.reason}) and this host cannot ask; it was not run. Do without it or tell the user.`);
  }
  const decision = await ctx.approval.approveTool(spec.name, JSON.stringify(args ?? {}), { reason: v.reason, signal: ctx.signal });
  ctx.notify({ type: 'commandApproval', command: subject, decision, reason: v.reason });
  if (decision === 'always') (ctx.state.allowedTools ??= []).push(spec.name);
  if (decision === 'deny') return fail(`The user declined this ${spec.name} call. Do not retry it; choose another way or ask the user.`);
  return undefined;
}
