/**
 * run_command: a shell command line in the workspace, through the command policy (allowlist) or
 * the user's approval, with a timeout and an output cap.
 */
import { z } from 'zod';
import { checkCommand } from '../policy/commandPolicy';
import { defineTool, fail, ok } from './tool';

export const runCommandSpec = {
  name: 'run_command',
  description:
    'Run a shell command line in the workspace (e.g. tests, a build, git status) and get its exit code and output. ' +
    'Commands not on the user\'s allowlist need the user\'s approval. Non-interactive only; long output is cut.',
  schema: z.strictObject({
    command: z.string().min(1),
    cwd: z.string().default('').describe('Workspace-relative folder to run in (default: the root)'),
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
  }),
  mutating: true,
};

export const runCommandTool = defineTool(runCommandSpec, async (args, ctx) => {
  if (!ctx.terminal) return fail('This host cannot run commands.');
  if (ctx.terminal.unavailable) return fail(ctx.terminal.unavailable);
  const g = await ctx.paths.resolve(args.cwd === '.' ? '' : args.cwd, { allowIgnored: true });
  if (!g.ok) return fail(g.reason);
  if (g.path) {
    const st = await ctx.workspace.stat(g.path);
    if (!st || st.type !== 'directory') return fail(`cwd ${g.path} is not a folder of the workspace.`);
  }
  const verdict = await checkCommand(ctx.shellParser, args.command, {
    allowlist: ctx.state.commandAllowlist, cwd: g.path, secretVars: ctx.state.secretEnvNames, realPath: ctx.workspace.realPath?.bind(ctx.workspace),
  });
  let decision: 'auto' | 'once' | 'always' | 'deny' = 'auto';
  if (verdict.verdict !== 'allow' && !ctx.state.allowedCommands.includes(args.command)) {
    decision = ctx.approval.approveCommand ? await ctx.approval.approveCommand(args.command, { reason: verdict.reason, cwd: g.path, signal: ctx.signal }) : 'deny';
    if (decision === 'always') ctx.state.allowedCommands.push(args.command);
  }
  ctx.notify({ type: 'commandApproval', command: args.command, decision, reason: verdict.reason });
  if (decision === 'deny') {
    return fail(ctx.approval.approveCommand ? `The user declined to run \`${args.command}\`. Do not retry it; choose another way or ask the user.` : `\`${args.command}\` needs approval (${verdict.reason}) and this host cannot ask; it was not run.`);
  }
  const r = await ctx.terminal.run({
    command: args.command,
    cwd: g.path,
    timeoutMs: (args.timeoutSeconds ?? ctx.state.commandTimeoutMs / 1000) * 1000,
    maxOutputChars: ctx.state.maxOutputChars,
    signal: ctx.signal,
  });
  const status = r.cancelled ? 'was cancelled' : r.timedOut ? `timed out after ${Math.round(r.durationMs / 1000)} s and was killed` : r.exitCode === null ? 'was killed by a signal' : `exited with code ${r.exitCode}`;
  const text = `$ ${args.command}\n(${status}${r.truncated ? '; output cut' : ''})\n${r.output.trimEnd() || '(no output)'}`;
  return r.exitCode === 0 ? ok(text) : fail(text);
});
