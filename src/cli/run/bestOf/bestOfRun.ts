/**
 * `forge run --best-of N [--endpoints a,b,c]`: the same task on N candidates at once, each on its
 * own worktree with its own agent, budget and check (src/node/worktrees/bestOf.ts); progress one
 * line per step, prefixed with the candidate; then the candidates side by side and the engineer's
 * pick (bestOfPick.ts). Questions the candidates ask (commands off the allowlist) come one at a
 * time, prefixed with the candidate that asks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../../core/agent/events';
import type { EndpointProfile } from '../../../core/model/endpointProfile';
import { SANDBOX_DEFAULTS } from '../../../core/settings/sandboxSettings';
import { ShellSandbox } from '../../../node/sandbox/shellSandbox';
import { createCandidateWorktrees, newGroupId, runCandidates, writeIntoWorktree, type BestOfCandidate, type CandidateResult } from '../../../node/worktrees';
import { interruptedWriteNotice } from '../../apply/recoverWrite';
import { EXIT_REFUSED, EXIT_USAGE, UsageError, type CliIo } from '../../io';
import { buildAgentHost } from '../agentHost';
import { pickCandidate } from './bestOfPick';
import { apiKeyFor, loadNamedProfile, loadProfile } from '../cliProfile';
import { ConsoleApproval, type Prompt } from '../consoleApproval';
import { wantsColor } from '../consoleDiff';
import type { RunArgs } from '../runTaskArgs';
import { decisionsRecorder, ttyPrompt, type RunHostOptions } from '../runTaskCommand';
import { readOutsideRules, userSettingsFile } from '../userSettings';

/** One question at a time on the console, whichever candidate asks. */
function oneAtATime(prompt: Prompt | undefined): (id: string) => Prompt | undefined {
  if (!prompt) return () => undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return (id) => (q) => {
    const next = queue.then(() => prompt(`[${id}] ${q}`));
    queue = next.catch(() => undefined);
    return next;
  };
}

/** The record's name for an endpoint: the profile's id, or its URL for --endpoint URL. */
const endpointName = (p: EndpointProfile) => (p.id === 'cli' ? p.baseUrl : p.id);

export async function runBestOf(a: RunArgs, io: CliIo, host: RunHostOptions): Promise<number> {
  const env = host.env ?? process.env;
  let profiles: EndpointProfile[];
  try {
    profiles = a.endpoints ? a.endpoints.map((n) => loadNamedProfile(n, io.cwd, userSettingsFile(env))) : Array.from({ length: a.bestOf! }, () => loadProfile(a));
    if (a.mcpConfig) throw new UsageError('--mcp-config is not supported with --best-of yet');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge run: ${e.message}\nRun \`forge run --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const interrupted = interruptedWriteNotice(fs.realpathSync(a.root), 'forge run');
  if (interrupted) {
    io.stderr(interrupted);
    return EXIT_REFUSED;
  }
  const w = a.worktree!;
  const prompt = host.prompt ?? ttyPrompt(io);
  const color = host.color ?? wantsColor(process.stdout.isTTY, env);
  const stateDir = a.stateDir ?? path.join(os.homedir(), '.forge', 'tasks');
  // Standing rules for leaving the sandbox apply as in any forge run; an "always" answer here holds for that candidate's task only.
  const saved = readOutsideRules(userSettingsFile(env), (t) => io.stderr(`forge run: ${t}\n`));
  const sandbox = { mode: a.sandbox, network: a.sandboxNetwork, allowUnsandboxedCommands: a.unsafeUnsandboxed, allowOutside: [...saved, ...a.allowOutside] };
  const keyNames = [...new Set(profiles.flatMap((p) => (p.apiKeyEnv ? [p.apiKeyEnv] : [])))];
  const groupId = newGroupId();
  const specs = profiles.map((p, i) => ({ id: `c${i + 1}`, endpoint: endpointName(p), model: p.model }));
  let candidates: BestOfCandidate[];
  try {
    const runner = (cwd: string) => new ShellSandbox({ ...SANDBOX_DEFAULTS, ...sandbox }, { roots: [cwd], env, keyNames });
    candidates = await createCandidateWorktrees({ folder: a.root, groupId, specs, base: w.base, sparse: w.sparse, copy: w.copy, setup: w.setup ? { command: w.setup, runner, signal: host.signal } : undefined });
  } catch (e) {
    io.stderr(`forge run: ${(e as Error).message}\n`);
    return EXIT_REFUSED;
  }
  io.stdout(`Best of ${candidates.length} (${groupId}): the task runs on each candidate in its own worktree; your checkout is untouched until you pick.\n`);
  for (const c of candidates) io.stdout(`  ${c.spec.id}  ${c.spec.endpoint} (${c.spec.model})  ${c.wt.path}\n`);

  const rel = path.relative(fs.realpathSync(candidates[0]!.wt.repo), fs.realpathSync(a.root));
  const ask = oneAtATime(prompt);
  const profileOf = new Map(candidates.map((c, i) => [c.spec.id, profiles[i]!]));
  const run = async function* (c: BestOfCandidate, signal: AbortSignal): AsyncIterable<AgentEvent> {
    const profile = profileOf.get(c.spec.id)!;
    const out = (t: string) => io.stdout(t.split('\n').map((l) => (l ? `[${c.spec.id}] ${l}` : l)).join('\n'));
    const { agent, close } = await buildAgentHost({
      root: rel ? path.join(c.wt.path, rel) : c.wt.path, profile, apiKey: apiKeyFor(profile, env),
      approval: (root) => {
        // Its edits go straight into its own worktree; the engineer reviews the candidates at the end.
        const approval = new ConsoleApproval({ root, yes: true, prompt: ask(c.spec.id), out, color });
        return Object.assign(approval, { reviewChangeSet: async (cs: Parameters<ConsoleApproval['reviewChangeSet']>[0]) => writeIntoWorktree(root, cs) });
      },
      stateDir, maxSteps: a.maxSteps, maxCostUsd: a.maxCost, contextTokens: a.contextTokens, allow: a.allow, env, sandbox, check: a.check,
      warn: (t) => io.stderr(`forge run: [${c.spec.id}] ${t}\n`),
    });
    try {
      yield* agent.run(a.task, { signal, taskId: c.wt.taskId });
    } finally {
      await close();
    }
  };
  const ctrl = new AbortController();
  host.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
  const onSigint = () => ctrl.abort();
  process.once('SIGINT', onSigint);
  let results: CandidateResult[];
  try {
    results = await runCandidates(candidates, run, { signal: ctrl.signal, onEvent: (c, e) => progress(io, c, e) });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const recorders = new Map(results.map((r) => [r.spec.id, a.decisionsLog === null ? undefined : decisionsRecorder(a.decisionsLog ?? path.join(stateDir, 'decisions.jsonl'), a.root, profileOf.get(r.spec.id)!, env, io)]));
  return pickCandidate({
    groupId, task: a.task, results, w, prompt, out: io.stdout, color, root: a.root,
    decisionsLog: a.decisionsLog === null ? undefined : a.decisionsLog ?? path.join(stateDir, 'decisions.jsonl'),
    record: (id, e) => recorders.get(id)?.(e) ?? Promise.resolve(),
    secretValues: profiles.map((p) => apiKeyFor(p, env)).filter((k): k is string => !!k),
    warn: (t) => io.stderr(`forge run: ${t}\n`),
  });
}

/** One line per step of a candidate's run. */
function progress(io: CliIo, c: BestOfCandidate, e: AgentEvent): void {
  const line = (t: string) => io.stdout(`[${c.spec.id}] ${t}\n`);
  const short = (t: string, n: number) => {
    const s = t.replace(/\s+/g, ' ').trim();
    return s.length > n ? `${s.slice(0, n - 1)}…` : s;
  };
  switch (e.type) {
    case 'toolStarted': line(`> ${e.name} ${short(typeof e.args === 'string' ? e.args : JSON.stringify(e.args), 80)}`); break;
    case 'check': line(`${e.result.passed ? '✓' : '✗'} check \`${e.result.command}\` ${e.result.passed ? 'passed' : `failed (${e.result.exitCode === null ? 'killed' : `exit code ${e.result.exitCode}`})${e.sentBack ? '; sent back to the model' : ''}`}`); break;
    case 'finished': line(`Done: ${short(e.summary, 160)}`); break;
    case 'stopped': line(`Stopped: ${e.message}`); break;
    case 'limitReached': line(`Limit reached: ${e.message}`); break;
    case 'error': line(`Error: ${e.message}`); break;
    default: break;
  }
}
