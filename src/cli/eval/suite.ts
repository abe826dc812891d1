/**
 * Loads eval suites from the paths given to `forge eval`: a folder of task folders, one task
 * folder (task.json + repo/ [+ solution/]), or a SWE-bench-style instance file (.json/.jsonl).
 * With no path, the built-in suite (evals/ beside the package) is used.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIssues, taskJsonSchema, type EvalTask } from '../../core/eval/taskSpec';
import { UsageError } from '../io';
import { loadSweBenchFile } from './sweBench';

export function loadTaskFolder(dir: string): EvalTask {
  const file = path.join(dir, 'task.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const r = taskJsonSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`${file} is not a valid task: ${describeIssues(r.error)}`);
  const repoDir = path.join(dir, 'repo');
  if (!fs.existsSync(repoDir) || !fs.statSync(repoDir).isDirectory()) throw new UsageError(`${dir} has no repo/ folder (the task's starting files)`);
  const solutionDir = path.join(dir, 'solution');
  return { ...r.data, source: { kind: 'folder', dir, repoDir, solutionDir: fs.existsSync(solutionDir) ? solutionDir : undefined } };
}

export function loadSuite(p: string): EvalTask[] {
  if (!fs.existsSync(p)) throw new UsageError(`${p} does not exist`);
  if (fs.statSync(p).isFile()) {
    if (/\.jsonl?$/i.test(p)) return loadSweBenchFile(p);
    throw new UsageError(`${p} is a file; give a suite folder, a task folder or a SWE-bench instance file (.json or .jsonl)`);
  }
  if (fs.existsSync(path.join(p, 'task.json'))) return [loadTaskFolder(p)];
  const tasks = fs.readdirSync(p, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(p, d.name, 'task.json')))
    .map((d) => loadTaskFolder(path.join(p, d.name)));
  if (!tasks.length) throw new UsageError(`${p} holds no tasks (folders with a task.json)`);
  return tasks;
}

/** All tasks of the given suites, sorted by id; the same id twice is an error. */
export function loadSuites(paths: readonly string[]): EvalTask[] {
  const tasks = paths.flatMap(loadSuite);
  const seen = new Map<string, EvalTask>();
  for (const t of tasks) {
    if (seen.has(t.id)) throw new UsageError(`two tasks have the id "${t.id}"`);
    seen.set(t.id, t);
  }
  return tasks.sort((a, b) => a.id.localeCompare(b.id));
}

/** The built-in suite: evals/ at the package root (found from this file, bundled or not). */
export function builtinSuiteDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'evals');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new UsageError('the built-in suite (evals/) was not found beside Forge; give a SUITE_DIR');
}
