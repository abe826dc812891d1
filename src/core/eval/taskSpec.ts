/**
 * An eval task: what the agent is asked, the command that decides whether it succeeded, its
 * limits, and where its starting files come from (a task folder's repo/, or a git repository at
 * a base commit for SWE-bench-style instances).
 */
import { z } from 'zod';

export const TASK_ID = /^[A-Za-z0-9._-]+$/;

/** task.json of a task folder. */
export const taskJsonSchema = z.strictObject({
  id: z.string().regex(TASK_ID, 'use letters, digits, ".", "_" or "-"'),
  instruction: z.string().min(1),
  /** A shell command run in the task's folder after the agent: exit 0 is a pass. */
  check: z.string().min(1),
  /** A shell command run once in the fresh folder before the agent starts (e.g. npm ci). */
  setup: z.string().min(1).optional(),
  /** The whole run (agent, not setup or check) is stopped after this long: a fail. */
  timeoutSeconds: z.number().int().positive().default(600),
  /** Model turns before the run is stopped: a fail. */
  maxSteps: z.number().int().positive().default(40),
  checkTimeoutSeconds: z.number().int().positive().default(300),
  tags: z.array(z.string()).default([]),
  /** Command prefixes the agent may run without asking, added to the allowlist (e.g. "node", "python3"). */
  allow: z.array(z.string().min(1)).default([]),
});
export type TaskJson = z.infer<typeof taskJsonSchema>;

export type TaskSource =
  /** repo/ copied into a fresh folder; solution/ overlays it in the suite's self-test. */
  | { kind: 'folder'; dir: string; repoDir: string; solutionDir?: string }
  /** A local git repository checked out at a commit; testPatch is applied before the check. */
  | { kind: 'git'; repoPath: string; baseCommit: string; testPatch?: string };

export interface EvalTask extends TaskJson {
  source: TaskSource;
}

/** Zod issues as one sentence naming the fields. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
