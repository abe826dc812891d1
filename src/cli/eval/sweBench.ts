/**
 * SWE-bench-style instance files as a suite: a JSON array or JSON lines of instances, each with
 * `instance_id`, the repository as a local checkout (`repo_path`, or `repo` when it names a local
 * folder; relative to the file), `base_commit`, `problem_statement` and the command that runs its
 * tests (`test_command` or `test_cmd`); optional `test_patch` (applied before the check, as
 * SWE-bench does), `timeoutSeconds`, `maxSteps`, `allow`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { describeIssues, taskJsonSchema, type EvalTask } from '../../core/eval/taskSpec';
import { UsageError } from '../io';

const instanceSchema = z.object({
  instance_id: z.string().min(1),
  repo_path: z.string().min(1).optional(),
  repo: z.string().min(1).optional(),
  base_commit: z.string().regex(/^[0-9a-fA-F]{4,40}$|^[\w./-]+$/, 'a commit hash or ref'),
  problem_statement: z.string().min(1),
  test_command: z.string().min(1).optional(),
  test_cmd: z.string().min(1).optional(),
  test_patch: z.string().optional(),
  timeoutSeconds: z.number().int().positive().optional(),
  maxSteps: z.number().int().positive().optional(),
  allow: z.array(z.string()).optional(),
});

function parseInstances(file: string, text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as unknown[];
  return trimmed.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l);
    } catch (e) {
      throw new UsageError(`${file} line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
  });
}

export function loadSweBenchFile(file: string): EvalTask[] {
  let items: unknown[];
  try {
    items = parseInstances(file, fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const base = path.dirname(file);
  return items.map((raw, i) => {
    const r = instanceSchema.safeParse(raw);
    if (!r.success) throw new UsageError(`${file} instance ${i + 1} is not valid: ${describeIssues(r.error)}`);
    const inst = r.data;
    const repoPath = [inst.repo_path, inst.repo].filter((p): p is string => !!p).map((p) => path.resolve(base, p)).find((p) => fs.existsSync(path.join(p, '.git')));
    if (!repoPath) throw new UsageError(`${file} instance ${inst.instance_id}: no local git checkout at repo_path/repo (${inst.repo_path ?? inst.repo ?? 'not given'}); clone the repository and set repo_path`);
    const check = inst.test_command ?? inst.test_cmd;
    if (!check) throw new UsageError(`${file} instance ${inst.instance_id}: give test_command (the command that runs its tests; exit 0 is a pass)`);
    const id = inst.instance_id.replace(/[^A-Za-z0-9._-]/g, '_');
    const spec = taskJsonSchema.parse({ id, instruction: inst.problem_statement, check, timeoutSeconds: inst.timeoutSeconds, maxSteps: inst.maxSteps, allow: inst.allow, tags: ['swe-bench'] });
    return { ...spec, source: { kind: 'git' as const, repoPath, baseCommit: inst.base_commit, testPatch: inst.test_patch } };
  });
}
