/**
 * run_command: a shell command line in the workspace, through the command policy (allowlist),
 * the OS sandbox (commandSandbox.ts) and the user's approval, with a timeout and an output cap.
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { checkCommand } from '../policy/commandPolicy';
import { NO_SANDBOX_HOST, sandboxAnnouncement, sandboxFailureNote, sandboxGate } from './commandSandbox';
import { defineTool, fail, ok } from './tool';

export const runCommandSpec = {
  name: 'run_command',
  description:
    'Run a shell command line in the workspace (e.g. tests, a build, git status) and get its exit code and output. ' +
    'Commands not on the user\'s allowlist need the user\'s approval. Non-interactive only; long output is cut. ' +
    'Where Forge has a sandbox, commands run in it: only the workspace and /tmp are writable, secrets are hidden and the network may be off. ' +
    'A command that needs more (e.g. a package install needs the network) can ask with outsideSandbox and why; the user decides.',
  schema: lazySchema(() => z.strictObject({
    command: z.string().min(1),
    cwd: z.string().default('').describe('Workspace-relative folder to run in (default: the root)'),
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
    outsideSandbox: z.enum(['network', 'all']).optional().describe('Ask the user to run this outside the sandbox: "network" (files stay sandboxed) or "all". Only when the sandbox blocks what the command must do.'),
    why: z.string().max(300).optional().describe('With outsideSandbox: one sentence the user is shown, saying what the command needs and why.'),
  })),
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
  const sb = ctx.terminal.sandbox?.() ?? NO_SANDBOX_HOST;
  if (!ctx.state.sandboxAnnounced) {
    ctx.state.sandboxAnnounced = true;
    ctx.notify({ type: 'sandbox', ...sandboxAnnouncement(sb) });
  }
  const verdict = await checkCommand(ctx.shellParser, args.command, {
    allowlist: ctx.state.commandAllowlist, cwd: g.path, secretVars: ctx.state.secretEnvNames, realPath: ctx.workspace.realPath?.bind(ctx.workspace),
  });
  const gate = sandboxGate(args.command, args.outsideSandbox, args.why, verdict, sb, ctx.state);
  if ('refuse' in gate) {
    ctx.notify({ type: 'commandApproval', command: args.command, decision: 'deny', reason: gate.refuse });
    return fail(gate.refuse);
  }
  let decision: 'auto' | 'once' | 'always' | 'remember' | 'deny' = 'auto';
  const reason = gate.ask ? gate.reason : verdict.reason;
  if (gate.ask) {
    const info = { reason: gate.reason, cwd: g.path, signal: ctx.signal, ...(gate.save ? { remember: gate.save } : {}) };
    decision = ctx.approval.approveCommand ? await ctx.approval.approveCommand(args.command, info) : 'deny';
    if (decision === 'remember' && !gate.save) decision = 'always'; // nothing to save: for the task
    if (decision === 'always' || decision === 'remember') ctx.state.allowedCommands.push(gate.rememberAs);
  }
  ctx.notify({ type: 'commandApproval', command: args.command, decision, reason });
  if (decision === 'deny') {
    return fail(ctx.approval.approveCommand ? `The user declined to run \`${args.command}\`. Do not retry it; choose another way or ask the user.` : `\`${args.command}\` needs approval (${reason}) and this host cannot ask; it was not run.`);
  }
  const r = await ctx.terminal.run({
    command: args.command,
    cwd: g.path,
    timeoutMs: (args.timeoutSeconds ?? ctx.state.commandTimeoutMs / 1000) * 1000,
    maxOutputChars: ctx.state.maxOutputChars,
    signal: ctx.signal,
    outsideSandbox: gate.outside,
  });
  const status = r.cancelled ? 'was cancelled' : r.timedOut ? `timed out after ${Math.round(r.durationMs / 1000)} s and was killed` : r.exitCode === null ? 'was killed by a signal' : `exited with code ${r.exitCode}`;
  const note = sandboxFailureNote(r);
  if (note) ctx.notify({ type: 'sandbox', sandboxed: true, message: `\`${args.command}\`: ${note}` });
  const text = `$ ${args.command}\n(${status}${r.truncated ? '; output cut' : ''})\n${r.output.trimEnd() || '(no output)'}${note ? `\n${note}` : ''}`;
  return r.exitCode === 0 ? ok(text) : fail(text);
});
