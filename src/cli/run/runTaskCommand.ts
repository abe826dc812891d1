/** `forge run`: the headless agent host. Node fs ports, console approval, progress on stdout. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { AgentEvent } from '../../core/agent/events';
import { formatPlan } from '../../core/agent/plan';
import type { EndpointProfile } from '../../core/model/endpointProfile';
import { apiKeyFor, loadProfile } from './cliProfile';
import { parseMcpServers, type McpServerConfig } from '../../core/settings/agentSettings';
import { buildAgentHost } from './agentHost';
import type { CliCommand } from '../commands';
import { ConsoleApproval, type Prompt } from './consoleApproval';
import { wantsColor } from './consoleDiff';
import { CliWorkingCopy } from './workingCopy';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type CliIo } from '../io';
import { parseRunArgs, RUN_HELP, type RunArgs } from './runTaskArgs';
import { interruptedWriteNotice } from '../apply/recoverWrite';
import { DecisionRecorder } from '../../core/usage/decisionRecorder';
import { DecisionLog } from '../../node/decisionLog';
import { NodeWorkspace } from '../../node/nodeWorkspace';
import { readOutsideRules, saveOutsideRule, userSettingsFile } from './userSettings';
import type { TaskWorktree } from '../../node/worktrees';
import { finishWorktree, newTaskId, startWorktree } from './worktreeRun';
import { runBestOf } from './bestOf/bestOfRun';

export interface RunHostOptions {
  env?: NodeJS.ProcessEnv;
  /** How to ask the user; default: a readline prompt when stdin is a terminal, else none. */
  prompt?: Prompt;
  signal?: AbortSignal;
  /** Colour diffs; default: stdout is a terminal and NO_COLOR is unset. */
  color?: boolean;
}

/** The servers of an --mcp-config file; a bad entry is a warning, an unreadable file a usage error. */
function loadMcpConfig(file: string, io: CliIo): McpServerConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the MCP config ${file}: ${(e as Error).message}`);
  }
  const r = parseMcpServers(raw, '--mcp-config');
  for (const p of r.problems) io.stderr(`forge run: ${p.message}\n`);
  return r.servers;
}

export function ttyPrompt(io: CliIo): Prompt | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question) => new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    rl.question(question, (a) => { rl.close(); resolve(a); });
    rl.on('SIGINT', () => { rl.close(); resolve(null); });
    void io;
  });
}

export async function runTask(args: string[], io: CliIo, host: RunHostOptions = {}): Promise<number> {
  let a: RunArgs;
  let profile: EndpointProfile;
  let mcpServers: McpServerConfig[] = [];
  try {
    a = parseRunArgs(args, io.cwd);
    if (a.help) {
      io.stdout(RUN_HELP);
      return EXIT_OK;
    }
    if (!fs.existsSync(a.root) || !fs.statSync(a.root).isDirectory()) throw new UsageError(`--root ${a.root} is not a folder`);
    if (a.bestOf) return await runBestOf(a, io, host);
    profile = loadProfile(a);
    const interrupted = interruptedWriteNotice(fs.realpathSync(a.root), 'forge run');
    if (interrupted) {
      io.stderr(interrupted);
      return EXIT_REFUSED;
    }
    if (a.mcpConfig) mcpServers = loadMcpConfig(a.mcpConfig, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge run: ${e.message}\nRun \`forge run --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const prompt = host.prompt ?? ttyPrompt(io);
  const stateDir = a.stateDir ?? path.join(os.homedir(), '.forge', 'tasks');
  const color = host.color ?? wantsColor(process.stdout.isTTY, host.env ?? process.env);
  const settingsFile = userSettingsFile(host.env ?? process.env);
  const savedRules = readOutsideRules(settingsFile, (t) => io.stderr(`forge run: ${t}\n`));
  const saveRule = { file: settingsFile, save: (rule: string) => saveOutsideRule(settingsFile, rule) };
  const sandbox = { mode: a.sandbox, network: a.sandboxNetwork, allowUnsandboxedCommands: a.unsafeUnsandboxed, allowOutside: [...savedRules, ...a.allowOutside] };
  const taskId = a.worktree ? newTaskId() : undefined;
  let wt: TaskWorktree | undefined;
  let agentRoot = a.root;
  if (a.worktree) {
    try {
      ({ wt, agentRoot } = await startWorktree(a.root, taskId!, a.worktree, sandbox, host.env ?? process.env, profile.apiKeyEnv ? [profile.apiKeyEnv] : [], host.signal));
    } catch (e) {
      io.stderr(`forge run: ${(e as Error).message}
`);
      return EXIT_REFUSED;
    }
    io.stdout(`Task ${taskId} works in its own worktree ${wt.path} (branch ${wt.branch}, from ${wt.base}); your checkout is untouched until you review.
`);
  }
  const { agent, close } = await buildAgentHost({
    root: agentRoot, profile, apiKey: apiKeyFor(profile, host.env ?? process.env),
    approval: (root) => {
      // In its own worktree the task's edits are written as it goes: the review comes at the end, against your checkout.
      const approval = new ConsoleApproval({ root, yes: a.yes || !!wt, prompt, out: io.stdout, color, saveRule });
      if (a.review === 'end') {
        const working = new CliWorkingCopy({ root, yes: a.yes, prompt, out: io.stdout, color });
        Object.assign(approval, { applyWorking: working.applyWorking.bind(working), reviewApplied: working.reviewApplied.bind(working) });
      }
      return approval;
    },
    stateDir,
    review: a.review, maxSteps: a.maxSteps, maxCostUsd: a.maxCost, contextTokens: a.contextTokens, allow: a.allow,
    env: host.env ?? process.env,
    sandbox, check: a.check,
    mcpServers, warn: (t) => io.stderr(`forge run: ${t}\n`),
  });
  const ctrl = new AbortController();
  host.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
  const onSigint = () => ctrl.abort();
  process.once('SIGINT', onSigint);
  let code = EXIT_REFUSED;
  // With --yes nobody decided: nothing goes to the decisions log.
  const decisions = a.decisionsLog === null || a.yes ? undefined : decisionsRecorder(a.decisionsLog ?? path.join(stateDir, 'decisions.jsonl'), a.root, profile, host.env ?? process.env, io);
  let summary = a.task;
  const render = renderer(io, prompt !== undefined);
  try {
    const events = a.resume ? agent.resume(a.resume, { signal: ctrl.signal, message: a.task || undefined }) : agent.run(a.task, { signal: ctrl.signal, taskId });
    for await (const e of events) {
      // In a worktree, only the final review is the engineer's decision.
      if (!wt) void decisions?.(e);
      if (e.type === 'finished') summary = e.summary;
      code = render(e) ?? code;
    }
    if (wt) {
      const done = await finishWorktree(wt, summary, { w: a.worktree!, yes: a.yes, prompt, out: io.stdout, color, record: (e) => void decisions?.(e) });
      if (code === EXIT_OK) code = done;
    }
    await decisions?.(undefined);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await close();
  }
  return code;
}

/**
 * Feeds the task's events to a DecisionRecorder (in order) and appends its records to the decisions
 * log; called with undefined at the end, it resolves once everything is written.
 */
export function decisionsRecorder(file: string, root: string, profile: EndpointProfile, env: NodeJS.ProcessEnv, io: CliIo): (e: AgentEvent | undefined) => Promise<void> {
  const log = new DecisionLog(file);
  const key = apiKeyFor(profile, env);
  const rec = new DecisionRecorder({ endpoint: profile.baseUrl, model: profile.model }, new NodeWorkspace(root), { secretValues: key ? [key] : [] });
  let queue = Promise.resolve();
  return (e) => {
    if (e) queue = queue.then(() => rec.observe(e)).then((rs) => log.append(rs)).catch((err: Error) => io.stderr(`forge run: could not record review decisions in ${log.file}: ${err.message}\n`));
    return queue;
  };
}

/**
 * Prints one event at a time; returns the exit code for terminal events. `asked`: the user can be asked (so a
 * deny is theirs). Its state is the run's own, so runs in one process (tests, benchmarks) do not mix.
 */
function renderer(io: CliIo, asked: boolean): (e: AgentEvent) => number | undefined {
  let midLine = false;
  /** The review of the change set a propose_edits call is waiting on: its result is the user's decision, not a failure. */
  let reviewed: Extract<AgentEvent, { type: 'changeSetReviewed' }> | undefined;
  /** The user answered "n" to the command the next finished call is about. */
  let declined = false;
  return (e) => {
    const line = (t: string) => {
      io.stdout(`${midLine ? '\n' : ''}${t}\n`);
      midLine = false;
    };
    switch (e.type) {
      case 'started': line(`${e.resumed ? 'Resuming' : 'Task'} ${e.taskId}`); break;
      // Each turn's text starts on a line of its own.
      case 'step':
        if (midLine) io.stdout('\n');
        midLine = false;
        break;
      case 'text': io.stdout(e.text); midLine = !e.text.endsWith('\n'); break;
      case 'toolStarted': line(`> ${e.name} ${oneLine(typeof e.args === 'string' ? e.args : JSON.stringify(e.args), 100)}`); break;
      case 'changeSetReviewed': reviewed = e; break;
      case 'commandApproval': declined = asked && e.decision === 'deny'; break;
      case 'toolFinished': {
        const r = reviewed;
        const d = declined;
        reviewed = undefined;
        declined = false;
        if (d) line(`  declined by you: ${oneLine(e.output, 160)}`);
        else if (r && r.outcome.completed && !r.outcome.applyError && !r.outcome.deferred) line(`  reviewed: ${decisionLine(r, e.output)}`);
        else line(`  ${e.ok ? 'ok' : 'failed'}: ${oneLine(e.output, 160)}`);
        break;
      }
      case 'planUpdated': line(`Plan:\n${formatPlan(e.plan)}`); break;
      case 'compacted': line(`(history compacted: ${e.beforeTokens} -> ${e.afterTokens} tokens)`); break;
      case 'loopWarning': case 'stuck': line(`! ${e.message}`); break;
      case 'sandbox': line(`${e.sandboxed ? '#' : '!'} ${e.message}`); break;
      case 'check': line(`${e.result.passed ? '✓' : '✗'} check \`${e.result.command}\` ${e.result.passed ? 'passed' : `failed (${e.result.exitCode === null ? 'killed' : `exit code ${e.result.exitCode}`})${e.sentBack ? '; sent back to the model' : ''}\n${e.result.outputTail.split('\n').map((l) => `  ${l}`).join('\n')}`}`); break;
      case 'finished': line(`\nDone: ${e.summary}`); return EXIT_OK;
      case 'stopped': line(`\nStopped: ${e.message}`); return EXIT_REFUSED;
      case 'limitReached': line(`\nLimit reached: ${e.message}`); return EXIT_REFUSED;
      case 'error': line(`\nError: ${e.message}`); return EXIT_REFUSED;
      default: break;
    }
    return undefined;
  };
}

/** "2 of 3 hunks accepted" and the per-file decisions (with the user's reasons) from the tool result. */
function decisionLine(r: { acceptedHunks: number; rejectedHunks: number }, output: string): string {
  const total = r.acceptedHunks + r.rejectedHunks;
  const files = output.split('\n').slice(1).filter((l) => /^(add|delete|update|rename) /.test(l));
  return `${r.acceptedHunks} of ${total} hunk${total === 1 ? '' : 's'} accepted${files.length ? `\n${files.map((l) => `    ${l}`).join('\n')}` : ''}`;
}

function oneLine(t: string, max: number): string {
  const s = t.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const runTaskCommand: CliCommand = {
  name: 'run',
  summary: 'carry out a task with the agent (reads, edits with your approval, runs commands)',
  help: RUN_HELP,
  run: (args, io) => runTask(args, io),
};
