/** Argument parsing for `forge eval` and `forge eval merge`. */
import * as path from 'node:path';
import { parseShard, type Shard } from '../../core/eval/shard';
import { cliOptions, UsageError } from '../io';

export const EVAL_HELP = `Usage: forge eval [SUITE ...] [--endpoint URL --model M | --profile FILE] ... [options]
       forge eval merge DIR ... --out DIR [--json]
       forge eval --self-test [SUITE ...]

Ranks model endpoints on tasks: each run copies a task's repo/ into a fresh temp folder (a new git
repository), runs the agent there with every change set accepted, then the task's check command
(exit 0 is a pass). A run that exceeds its step budget or timeout fails with the reason.

SUITE is a folder of task folders, one task folder (task.json, repo/, solution/), or a
SWE-bench-style instance file (.json / .jsonl with repo_path, base_commit, problem_statement,
test_command). Without SUITE the built-in suite runs. Each --endpoint/--model pair or --profile
file is one contestant; give several to compare them.

Options:
  --endpoint URL --model M  a contestant (repeatable, in pairs)
  --profile FILE            a contestant from an endpoint profile (JSON as in forge.endpoints;
                            its pricing gives costs)
  --repeat N                run every task N times per contestant (pass@k is reported; default 1)
  --jobs N                  runs at the same time, each in its own folder (default 1)
  --shard I/N               run only the I-th of N deterministic slices (1-based); merge the
                            shards' folders with \`forge eval merge\`
  --out DIR                 where results.json, report.html and transcripts/ go
                            (default: forge-eval-<date>)
  --allow CMD               a command prefix the agent may run without asking (repeatable; added
                            to each task's own "allow" list and the default allowlist). Other
                            commands are denied: nobody is there to approve them
  --max-steps N             override every task's maxSteps
  --task ID                 run only this task (repeatable)
  --keep                    keep each run's temp folder (its path is the run's "folder" in results.json)
  --json                    print results.json on stdout instead of the ranking table
  --self-test               check the suite instead of running a model: each task's check must
                            fail on repo/ and pass with solution/ laid over it (no contestants)
  -h, --help                show this help

A task folder holds task.json ({ id, instruction, check, setup?, timeoutSeconds?, maxSteps?,
checkTimeoutSeconds?, tags?, allow? }), repo/ and solution/; its setup and check run with
FORGE_EVAL_TASK_DIR set to the task folder, so hidden checks can live outside repo/.

The API key comes from the profile's apiKeyEnv, FORGE_API_KEY or OPENAI_API_KEY. Progress goes to
stderr; stdout ends with the ranking (pass rate, then cost).
Exit status: 0 the eval ran (whatever the pass rate), 1 a run could not be recorded, 2 usage error.
`;

export type ContestantArg = { kind: 'pair'; endpoint: string; model: string } | { kind: 'profile'; file: string };

export interface EvalArgs {
  suites: string[];
  contestants: ContestantArg[];
  repeat: number;
  jobs: number;
  shard?: Shard;
  out?: string;
  allow: string[];
  maxSteps?: number;
  tasks: string[];
  keep: boolean;
  json: boolean;
  selfTest: boolean;
  help: boolean;
}

export interface MergeArgs {
  dirs: string[];
  out: string;
  json: boolean;
  help: boolean;
}

function walk(args: string[], onFlag: (name: string, value: () => string) => boolean, onWord: (w: string) => void): void {
  for (const { name, value } of cliOptions(args)) {
    if (name.startsWith('-') && name.length > 1) {
      if (!onFlag(name, value)) throw new UsageError(`unknown option ${name}`);
    } else onWord(name);
  }
}

const positiveInt = (flag: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number (got "${v}")`);
  return n;
};

export function parseEvalArgs(args: string[], cwd: string): EvalArgs {
  const out: EvalArgs = { suites: [], contestants: [], repeat: 1, jobs: 1, allow: [], tasks: [], keep: false, json: false, selfTest: false, help: false };
  let pending: { endpoint?: string; model?: string } = {};
  const pushPair = () => {
    if (pending.endpoint && pending.model) {
      out.contestants.push({ kind: 'pair', endpoint: pending.endpoint, model: pending.model });
      pending = {};
    }
  };
  walk(args, (name, value) => {
    switch (name) {
      case '-h': case '--help': out.help = true; break;
      case '--endpoint':
        if (pending.endpoint) throw new UsageError(`--endpoint ${pending.endpoint} has no --model`);
        pending.endpoint = value();
        pushPair();
        break;
      case '--model':
        if (pending.model) throw new UsageError(`--model ${pending.model} has no --endpoint`);
        pending.model = value();
        pushPair();
        break;
      case '--profile': out.contestants.push({ kind: 'profile', file: path.resolve(cwd, value()) }); break;
      case '--repeat': out.repeat = positiveInt(name, value()); break;
      case '--jobs': out.jobs = positiveInt(name, value()); break;
      case '--max-steps': out.maxSteps = positiveInt(name, value()); break;
      case '--shard': {
        const s = parseShard(value());
        if (typeof s === 'string') throw new UsageError(s);
        out.shard = s;
        break;
      }
      case '--out': out.out = path.resolve(cwd, value()); break;
      case '--allow': out.allow.push(value()); break;
      case '--task': out.tasks.push(value()); break;
      case '--keep': out.keep = true; break;
      case '--json': out.json = true; break;
      case '--self-test': out.selfTest = true; break;
      default: return false;
    }
    return true;
  }, (w) => out.suites.push(path.resolve(cwd, w)));
  if (out.help) return out;
  if (out.selfTest) {
    if (out.contestants.length) throw new UsageError('--self-test checks the suite itself; it takes no contestants');
    return out;
  }
  if (pending.endpoint) throw new UsageError(`--endpoint ${pending.endpoint} has no --model`);
  if (pending.model) throw new UsageError(`--model ${pending.model} has no --endpoint`);
  if (!out.contestants.length) throw new UsageError('name at least one contestant: --endpoint URL --model M, or --profile FILE');
  return out;
}

export function parseMergeArgs(args: string[], cwd: string): MergeArgs {
  const out: MergeArgs = { dirs: [], out: '', json: false, help: false };
  walk(args, (name, value) => {
    if (name === '-h' || name === '--help') out.help = true;
    else if (name === '--out') out.out = path.resolve(cwd, value());
    else if (name === '--json') out.json = true;
    else return false;
    return true;
  }, (w) => out.dirs.push(path.resolve(cwd, w)));
  if (out.help) return out;
  if (!out.dirs.length) throw new UsageError('give the shard folders to merge, e.g. forge eval merge shard-1 shard-2 --out all');
  if (!out.out) throw new UsageError('give --out DIR for the merged results');
  return out;
}
