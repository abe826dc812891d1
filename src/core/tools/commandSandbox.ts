/**
 * What the OS sandbox changes about running a command (docs/sandbox.md): which calls ask, what
 * the user is told, and the line a result gets when it failed because of the sandbox. Pure.
 *  - Sandboxed: a command the policy allows runs without a question; one that asks to leave the
 *    sandbox (network, or everything) asks, with the model's reason, unless allowed for the task
 *    or by one of the user's standing rules (forge.sandbox.allowOutside), which "Always" adds to.
 *  - No sandbox: every command asks, allowlisted or not, unless the user turned on the unsafe
 *    setting forge.sandbox.allowUnsandboxedCommands; with forge.sandbox.mode "required" none runs.
 */
import type { CommandVerdict } from '../policy/commandPolicy';
import { matchOutsideRule, outsideRule } from '../policy/outsideSandboxRules';
import type { CommandResult, SandboxStatus } from '../ports';
import type { ToolState } from './tool';

export type OutsideSandbox = 'network' | 'all';

export type SandboxGate =
  | { refuse: string }
  | { ask: false; outside?: OutsideSandbox }
  | {
    ask: true; reason: string; outside?: OutsideSandbox; /** The key an "always" answer is remembered under. */ rememberAs: string;
    /** The standing rule an "Always" answer may save (leaving the sandbox only). */ save?: string;
  };

export const NO_SANDBOX_HOST: SandboxStatus = { sandboxed: false, reason: 'this host does not sandbox commands', required: false, unsafe: false };

/** The allowedCommands entry that lets this exact line leave the sandbox this way for the rest of the task. */
export function outsideKey(outside: OutsideSandbox, command: string): string {
  return `[outside sandbox: ${outside}] ${command}`;
}

export function sandboxGate(command: string, outside: OutsideSandbox | undefined, why: string | undefined, verdict: CommandVerdict, sb: SandboxStatus, state: Pick<ToolState, 'allowedCommands'>): SandboxGate {
  const allowedForTask = state.allowedCommands.includes(command);
  if (!sb.sandboxed) {
    if (sb.required) return { refuse: `Commands cannot run: forge.sandbox.mode is "required" and there is no sandbox (${sb.reason}). \`${command}\` was not run; tell the user.` };
    if (allowedForTask || (sb.unsafe && verdict.verdict === 'allow')) return { ask: false };
    const policy = verdict.verdict === 'allow' ? 'It is on the allowlist, but' : `${verdict.reason} Also,`;
    return { ask: true, reason: `${policy} there is no sandbox (${sb.reason}): it would run with your full access.`, rememberAs: command };
  }
  if (outside) {
    if (outside === 'all' && sb.required) return { refuse: `\`${command}\` asked to run outside the sandbox, but forge.sandbox.mode is "required"; it was not run. Run it inside the sandbox or ask the user to run it.` };
    if (outside === 'network' && sb.network) return { ask: false }; // the network is on anyway
    const key = outsideKey(outside, command);
    if (state.allowedCommands.includes(key) || matchOutsideRule(sb.allowOutside ?? [], outside, command)) return { ask: false, outside };
    const what = outside === 'network' ? 'with the network (files stay sandboxed)' : 'outside the sandbox, with your full access (any file, the network, your secret files)';
    return { ask: true, outside, reason: `It asks to run ${what}. The model's reason: ${why?.trim() || 'none given'}.`, rememberAs: key, save: outsideRule(outside, command) };
  }
  if (verdict.verdict === 'allow' || allowedForTask) return { ask: false };
  return { ask: true, reason: verdict.reason, rememberAs: command };
}

/** What the user is told with the task's first command. */
export function sandboxAnnouncement(sb: SandboxStatus): { sandboxed: boolean; message: string } {
  if (sb.sandboxed) return { sandboxed: true, message: `Commands run sandboxed: ${sb.summary}` };
  if (sb.required) return { sandboxed: false, message: `Commands cannot run: forge.sandbox.mode is "required" and there is no sandbox (${sb.reason}).` };
  return {
    sandboxed: false,
    message: sb.unsafe
      ? `Commands run WITHOUT a sandbox (${sb.reason}), and forge.sandbox.allowUnsandboxedCommands lets allowlisted ones run without asking.`
      : `Commands run without a sandbox (${sb.reason}), so Forge asks before every command, allowlisted or not.`,
  };
}

const READ_ONLY = /read-only file system|\bEROFS\b/i;
const NO_NETWORK = /network is unreachable|\bENETUNREACH\b|\bEAI_AGAIN\b|\bENOTFOUND\b|could not resolve host|temporary failure in name resolution|name or service not known|name resolution|getaddrinfo|\bECONNREFUSED\b|connection refused|failed to connect|unable to access '?https?:/i;

/** The line a sandboxed command's failed result gets when the sandbox is the likely cause, else undefined. */
export function sandboxFailureNote(r: CommandResult): string | undefined {
  if (!r.sandboxed || r.exitCode === 0 || r.cancelled || r.timedOut) return undefined;
  const why: string[] = [];
  if (READ_ONLY.test(r.output)) why.push('it tried to write outside the workspace, which is read-only in the sandbox (only the workspace and a private /tmp are writable)');
  if (!r.sandboxed.network && NO_NETWORK.test(r.output)) why.push('it tried to use the network, which is off in the sandbox (even 127.0.0.1 is the sandbox\'s own)');
  if (!why.length) return undefined;
  const retry = why.length === 1 && why[0].includes('network') ? 'outsideSandbox: "network"' : 'outsideSandbox: "all"';
  return `Sandbox: this failure is likely Forge's sandbox: ${why.join('; and ')}. If the command really needs that, call run_command again with ${retry} and a short "why"; the user will be asked.`;
}
