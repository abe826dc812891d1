/**
 * The suite self-test: for each task, its check must fail on repo/ as it is and pass on repo/
 * with solution/ laid over it, so a task can neither be passed by doing nothing nor be impossible.
 */
import * as fs from 'node:fs';
import type { EvalTask } from '../../core/eval/taskSpec';
import { overlay, prepareTaskFolder, runShell, taskEnv } from './taskFolder';

export interface SelfTestResult {
  task: string;
  ok: boolean;
  /** What is wrong, when not ok. */
  problem?: string;
  ms: number;
}

export async function selfTestTask(task: EvalTask): Promise<SelfTestResult> {
  const t0 = Date.now();
  const done = (problem?: string): SelfTestResult => ({ task: task.id, ok: !problem, ...(problem ? { problem } : {}), ms: Date.now() - t0 });
  if (task.source.kind !== 'folder' || !task.source.solutionDir) return done('the task has no solution/ folder');
  const before = await prepareTaskFolder(task);
  try {
    const r = await runShell(task.check, before, task.checkTimeoutSeconds * 1000, taskEnv(task));
    if (r.code === 0) return done(`the check passes on repo/ alone: \`${task.check}\``);
  } finally {
    fs.rmSync(before, { recursive: true, force: true });
  }
  const after = await prepareTaskFolder(task);
  try {
    overlay(task.source.solutionDir, after);
    const r = await runShell(task.check, after, task.checkTimeoutSeconds * 1000, taskEnv(task));
    if (r.code !== 0) return done(`the check fails with solution/ applied (exit ${r.code}): ${r.output.trim().split('\n').slice(-8).join('\n')}`);
  } finally {
    fs.rmSync(after, { recursive: true, force: true });
  }
  return done();
}
