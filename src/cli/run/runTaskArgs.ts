/** Argument parsing for `forge run`. */
import * as path from 'node:path';
import { parseOutsideRule } from '../../core/policy/outsideSandboxRules';
import type { SandboxMode } from '../../core/settings/sandboxSettings';
import { cliOptions, UsageError } from '../io';

export const RUN_HELP = `Usage: forge run [--root DIR] [--endpoint URL --model M | --profile FILE] [--yes] [--max-steps N] "task"

Carry out a task with the agent in the folder DIR: it reads, searches, proposes edits and runs
commands. Every change set is shown as a diff and written only when you accept it.

Options:
  --root DIR            the workspace folder (default: the current folder)
  --endpoint URL        an OpenAI-compatible API root, e.g. http://127.0.0.1:11434/v1
  --model M             the model to use on that endpoint
  --profile FILE        an endpoint profile (JSON, as in the forge.endpoints setting) instead
  --yes                 accept every change set without asking (commands still need the allowlist)
  --review each|end     each (default): review every change set before it is written; end: write
                        them as the agent works and review the task's whole change set at the end
                        (rejecting a file puts back its exact text from before the task)
  --allow CMD           auto-approve commands starting with CMD (repeatable), e.g. --allow "npm test"
  --sandbox MODE        auto (default): commands run in an OS sandbox (bubblewrap on Linux: only the
                        folder and a private /tmp writable, secrets hidden, no network, no API keys);
                        without one, every command asks. required: never run a command unsandboxed.
                        off: no sandbox (every command asks, unless --unsafe-unsandboxed)
  --sandbox-network on|off  the network inside the sandbox (default off)
  --unsafe-unsandboxed  without a sandbox, run allowlisted commands without asking (unsafe)
  --allow-outside RULE  let a command leave the sandbox without asking, for this run (repeatable):
                        "network: npm ci" (the network, files stay sandboxed) or "all: make deploy"
                        (no sandbox); a rule ending in " *" covers more words ("network: pip install *").
                        Rules saved by answering "always" live in ~/.forge/settings.json under
                        "forge.sandbox.allowOutside"; remove one there to undo it
  --mcp-config FILE     MCP servers whose tools the agent may use (JSON: name -> { command, args,
                        env, cwd } or { url, headers }, each with optional autoApprove and disabled;
                        the usual { "mcpServers": { ... } } file works too). Tool calls ask first
                        unless the tool is read-only or in its server's autoApprove list
  --worktree            run the task on its own git worktree (branch forge/<task-id>, a folder inside
                        the repository's .git): your checkout is untouched until you review the
                        task's change set at the end; what you accept is written to your files
                        (docs/worktrees.md). Then the worktree and branch are removed
  --base REF            with --worktree: start from REF instead of HEAD
  --sparse PATH         with --worktree: check out only PATH (repeatable; folders use cone mode)
  --setup CMD           with --worktree: run CMD in the new worktree first (sandboxed, network on),
                        e.g. --setup "npm ci"
  --copy FILE           with --worktree: copy the untracked FILE (e.g. .env) into the worktree (repeatable)
  --commit              with --worktree: keep the task's work as a commit on its branch instead of
                        writing it to your files
  --keep-branch         with --worktree: also commit the task's work on its branch and keep the branch
  --keep-worktree       with --worktree: leave the worktree and its branch in place at the end
  --best-of N           run the task N times at once, each on its own worktree (N samples of the
                        endpoint, or one per --endpoints entry), show the candidates side by side
                        (files, lines, check, cost, tokens, time), then pick one to review into
                        your checkout or take hunks from several; the pick and your reason are
                        recorded for \`forge export\` (docs/worktrees.md). Takes --base, --sparse,
                        --setup, --copy, --keep-branch, --keep-worktree and --check
  --endpoints A,B,C     with --best-of: one candidate per endpoint profile, each a profile file or
                        an id in "forge.endpoints" of ~/.forge/settings.json (N defaults to their count)
  --check CMD           run CMD (sandboxed) when the model says it has finished; a failure goes back
                        to the model once, e.g. --check "npm test"
  --max-steps N         stop after N model turns (default 100)
  --max-cost USD        stop when the task has cost this much (needs prices in the profile)
  --context-tokens N    the model's context window (default: the profile's; a smaller window the
                        server reports serving wins; 128000 when neither says)
  --resume ID           continue an earlier task (its id is printed when it starts)
  --state DIR           where tasks are saved (default: ~/.forge/tasks)
  --decisions-log FILE  where your review decisions are recorded for \`forge export\` (default:
                        decisions.jsonl in the --state folder; each hunk with 3 lines around it,
                        redacted, never secret or ignored files; nothing is recorded with --yes)
  --no-decisions-log    record no review decisions
  -h, --help            show this help

The API key comes from FORGE_API_KEY or OPENAI_API_KEY (or the profile's apiKeyEnv).
Exit status: 0 finished, 1 stopped, limit reached or failed, 2 usage error.
`;

export interface RunArgs {
  root: string;
  endpoint?: string;
  model?: string;
  profile?: string;
  mcpConfig?: string;
  yes: boolean;
  review: 'each' | 'end';
  allow: string[];
  sandbox: SandboxMode;
  sandboxNetwork: 'on' | 'off';
  unsafeUnsandboxed: boolean;
  allowOutside: string[];
  maxSteps?: number;
  maxCost?: number;
  contextTokens?: number;
  resume?: string;
  stateDir?: string;
  /** Where review decisions are appended; null: not recorded; undefined: decisions.jsonl in the state folder. */
  decisionsLog?: string | null;
  task: string;
  help: boolean;
  /** Run on a task worktree (docs/worktrees.md). */
  worktree?: WorktreeArgs;
  /** The check command run before the task ends. */
  check?: string;
  /** Best of N: the number of candidates (each on its own worktree; `worktree` is then set too). */
  bestOf?: number;
  /** Best of N: the endpoint profiles (files or ids), one per candidate. */
  endpoints?: string[];
}

export interface WorktreeArgs {
  base?: string;
  sparse: string[];
  setup?: string;
  copy: string[];
  commit: boolean;
  keepBranch: boolean;
  keepWorktree: boolean;
}

export function parseRunArgs(args: string[], cwd: string): RunArgs {
  const out: RunArgs = { root: cwd, yes: false, review: 'each', allow: [], sandbox: 'auto', sandboxNetwork: 'off', unsafeUnsandboxed: false, allowOutside: [], task: '', help: false };
  const words: string[] = [];
  const wt: WorktreeArgs & { on: boolean; named: string[] } = { on: false, named: [], sparse: [], copy: [], commit: false, keepBranch: false, keepWorktree: false };
  const num = (flag: string, v: string, int: boolean): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (int && !Number.isInteger(n))) throw new UsageError(`${flag} must be a positive ${int ? 'whole ' : ''}number (got "${v}")`);
    return n;
  };
  for (const { name: a, value } of cliOptions(args)) {
    switch (a) {
      case '-h': case '--help': out.help = true; break;
      case '--yes': case '-y': out.yes = true; break;
      case '--root': out.root = path.resolve(cwd, value()); break;
      case '--endpoint': out.endpoint = value(); break;
      case '--model': out.model = value(); break;
      case '--profile': out.profile = path.resolve(cwd, value()); break;
      case '--allow': out.allow.push(value()); break;
      case '--review': {
        const v = value();
        if (v !== 'each' && v !== 'end') throw new UsageError(`--review must be each or end (got "${v}")`);
        out.review = v;
        break;
      }
      case '--sandbox': {
        const v = value();
        if (v !== 'auto' && v !== 'required' && v !== 'off') throw new UsageError(`--sandbox must be auto, required or off (got "${v}")`);
        out.sandbox = v;
        break;
      }
      case '--sandbox-network': {
        const v = value();
        if (v !== 'on' && v !== 'off') throw new UsageError(`--sandbox-network must be on or off (got "${v}")`);
        out.sandboxNetwork = v;
        break;
      }
      case '--unsafe-unsandboxed': out.unsafeUnsandboxed = true; break;
      case '--allow-outside': {
        const v = value();
        const r = parseOutsideRule(v);
        if ('error' in r) throw new UsageError(`--allow-outside: ${r.error}`);
        out.allowOutside.push(v);
        break;
      }
      case '--worktree': wt.on = true; break;
      case '--base': wt.base = value(); wt.named.push(a); break;
      case '--sparse': wt.sparse.push(value()); wt.named.push(a); break;
      case '--setup': wt.setup = value(); wt.named.push(a); break;
      case '--copy': wt.copy.push(value()); wt.named.push(a); break;
      case '--commit': wt.commit = true; wt.named.push(a); break;
      case '--keep-branch': wt.keepBranch = true; wt.named.push(a); break;
      case '--keep-worktree': wt.keepWorktree = true; wt.named.push(a); break;
      case '--check': out.check = value(); break;
      case '--best-of': out.bestOf = num(a, value(), true); break;
      case '--endpoints': out.endpoints = value().split(',').map((x) => x.trim()).filter(Boolean); break;
      case '--mcp-config': out.mcpConfig = path.resolve(cwd, value()); break;
      case '--max-steps': out.maxSteps = num(a, value(), true); break;
      case '--max-cost': out.maxCost = num(a, value(), false); break;
      case '--context-tokens': out.contextTokens = num(a, value(), true); break;
      case '--resume': out.resume = value(); break;
      case '--state': out.stateDir = path.resolve(cwd, value()); break;
      case '--decisions-log': out.decisionsLog = path.resolve(cwd, value()); break;
      case '--no-decisions-log': out.decisionsLog = null; break;
      default:
        if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
        words.push(a);
    }
  }
  out.task = words.join(' ').trim();
  if (!out.help) {
    if (!out.task && !out.resume) throw new UsageError('give the task to carry out, e.g. forge run "add a --verbose flag"');
    if (out.profile && (out.endpoint || out.model)) throw new UsageError('use either --profile or --endpoint/--model, not both');
    if (out.endpoints || out.bestOf !== undefined) bestOfRules(out, wt);
    else if (!out.profile && (!out.endpoint || !out.model)) throw new UsageError('name the model: --endpoint URL --model M, or --profile FILE');
    if (!wt.on && wt.named.length) throw new UsageError(`${wt.named[0]} needs --worktree`);
    if (wt.on && out.resume) throw new UsageError('--resume cannot be combined with --worktree (a worktree task is reviewed when it ends)');
    if (wt.on && out.review === 'end') throw new UsageError('--review end does not apply with --worktree: the task writes in its own worktree and is reviewed once at the end');
  }
  if (wt.on || out.bestOf) {
    const { on: _on, named: _named, ...rest } = wt;
    out.worktree = rest;
  }
  return out;
}

/** --best-of N and --endpoints: N candidates on worktrees; the engineer picks, so nothing that decides for them. */
function bestOfRules(out: RunArgs, wt: WorktreeArgs & { on: boolean }): void {
  if (out.endpoints) {
    if (!out.endpoints.length) throw new UsageError('--endpoints needs profile files or ids, e.g. --endpoints fast,big');
    if (out.profile || out.endpoint || out.model) throw new UsageError('use either --endpoints or --endpoint/--model/--profile, not both');
    out.bestOf ??= out.endpoints.length;
    if (out.bestOf !== out.endpoints.length) throw new UsageError(`--best-of ${out.bestOf} does not match the ${out.endpoints.length} endpoints of --endpoints (one candidate each)`);
  } else if (!out.profile && (!out.endpoint || !out.model)) {
    throw new UsageError('name the model: --endpoint URL --model M, --profile FILE, or --endpoints A,B,C');
  }
  const n = out.bestOf!;
  if (n < 2 || n > 8) throw new UsageError(`--best-of takes 2 to 8 candidates (got ${n})`);
  if (out.yes) throw new UsageError('--best-of needs you to pick a candidate; --yes cannot pick for you');
  if (out.resume) throw new UsageError('--resume cannot be combined with --best-of');
  if (out.review === 'end') throw new UsageError('--review end does not apply with --best-of: each candidate writes in its own worktree');
  if (wt.commit) throw new UsageError('--commit does not apply with --best-of (use --keep-branch to also keep the picked work as a commit)');
  wt.on = true;
}
