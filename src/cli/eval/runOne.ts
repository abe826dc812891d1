/**
 * One eval run: a fresh folder for the task, the headless agent (built as `forge run` builds it)
 * with every change set accepted, then the task's check. Everything measured goes in an EvalRun.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentEvent } from '../../core/agent/events';
import type { Contestant, EvalRun } from '../../core/eval/results';
import type { EvalTask } from '../../core/eval/taskSpec';
import type { EndpointProfile } from '../../core/model/endpointProfile';
import type { OpenAiClientOptions } from '../../core/model/openaiClient';
import { apiKeyFor, buildAgentHost } from '../run/agentHost';
import { ConsoleApproval } from '../run/consoleApproval';
import { applyPatch, finalDiff, prepareTaskFolder, runShell, taskEnv } from './taskFolder';

export interface EvalContestant extends Contestant {
  profile: EndpointProfile;
}

export interface RunOneOptions {
  task: EvalTask;
  contestant: EvalContestant;
  repeat: number;
  /** The results folder; transcripts go under transcripts/. */
  outDir: string;
  env: NodeJS.ProcessEnv;
  allow: string[];
  maxSteps?: number;
  keep?: boolean;
  signal?: AbortSignal;
  clientOptions?: Omit<OpenAiClientOptions, 'apiKey'>;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export async function runOne(o: RunOneOptions): Promise<EvalRun> {
  const { task, contestant } = o;
  const run: EvalRun = {
    task: task.id, contestant: contestant.id, endpoint: contestant.endpoint, model: contestant.model, repeat: o.repeat,
    passed: false, steps: 0, tokens: { input: 0, output: 0 }, costUsd: null, wallMs: 0, toolCalls: {}, editRefusals: 0,
    commands: [], diff: '', transcript: null, ended: 'error',
  };
  let dir: string | undefined;
  const t0 = Date.now();
  try {
    dir = await prepareTaskFolder(task);
    const stateRel = path.join('transcripts', slug(contestant.id));
    const taskId = `${slug(task.id)}-r${o.repeat}`;
    const host = await buildAgentHost({
      root: dir, profile: contestant.profile, apiKey: apiKeyFor(contestant.profile, o.env),
      approval: (root) => new ConsoleApproval({ root, yes: true, out: () => undefined }),
      stateDir: path.join(o.outDir, stateRel), review: 'each', maxSteps: o.maxSteps ?? task.maxSteps,
      allow: [...task.allow, ...o.allow], clientOptions: o.clientOptions,
    });
    const ctrl = new AbortController();
    const onOuter = () => ctrl.abort();
    if (o.signal?.aborted) ctrl.abort();
    else o.signal?.addEventListener('abort', onOuter, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; ctrl.abort(); }, task.timeoutSeconds * 1000);
    const start = Date.now();
    try {
      for await (const e of host.agent.run(task.instruction, { signal: ctrl.signal, taskId })) record(run, e);
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onOuter);
      await host.close();
    }
    if (timedOut) {
      run.ended = 'timeout';
      run.error = `timed out after ${task.timeoutSeconds} s (the task's timeoutSeconds)`;
    }
    const transcript = path.join(stateRel, `${taskId}.json`);
    if (fs.existsSync(path.join(o.outDir, transcript))) run.transcript = transcript;
    run.diff = finalDiff(dir);
    if (task.source.kind === 'git' && task.source.testPatch) applyPatch(dir, task.source.testPatch);
    const check = await runShell(task.check, dir, task.checkTimeoutSeconds * 1000, taskEnv(task));
    run.wallMs = Date.now() - start;
    const checkPassed = check.code === 0;
    if (!checkPassed) {
      // The temp folder is gone after the run: its path is written as ".".
      run.checkOutput = check.output.split(`${dir}/`).join('./').trimEnd().split('\n').slice(-30).join('\n');
      run.error ??= check.timedOut ? `the check timed out after ${task.checkTimeoutSeconds} s` : `the check exited with ${check.code}`;
    }
    // A run that ended on a limit, a timeout or an error is a fail even when the check passes.
    run.passed = checkPassed && run.ended === 'finished';
  } catch (e) {
    run.error = `the run failed: ${(e as Error).message}`;
    run.wallMs = Date.now() - t0;
  } finally {
    if (dir && o.keep) run.folder = dir;
    else if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  return run;
}

/** Folds one agent event into the run's record. */
export function record(run: EvalRun, e: AgentEvent): void {
  switch (e.type) {
    case 'step': run.steps = e.step; break;
    case 'usage':
      run.tokens = { input: e.total.promptTokens, output: e.total.completionTokens };
      run.costUsd = e.total.costUsd ?? null;
      break;
    case 'toolStarted':
      run.toolCalls[e.name] = (run.toolCalls[e.name] ?? 0) + 1;
      break;
    case 'toolFinished':
      // Every change set is accepted, so a failed propose_edits is the engine refusing the edit.
      if (e.name === 'propose_edits' && !e.ok) run.editRefusals++;
      break;
    case 'commandApproval':
      run.commands.push(e.decision === 'deny' ? `${e.command}  (denied: ${e.reason})` : e.command);
      break;
    case 'finished': run.ended = 'finished'; break;
    case 'stopped': run.ended = 'stopped'; run.error = e.message; break;
    case 'limitReached': run.ended = 'limitReached'; run.error = e.message; break;
    case 'error': run.ended = 'error'; run.error = e.message; break;
    default: break;
  }
}
