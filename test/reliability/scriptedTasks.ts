/**
 * Scripted tasks for the load tests and bench/agentMemory.ts: an agent wired as `forge run` wires
 * it (buildAgentHost) on a temp folder, against the scripted model server, with a script that is a
 * function of the request (so many tasks can share one server, and a task can run 500 steps).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/core/agent/events';
import { buildAgentHost, type AgentHost } from '../../src/cli/run/agentHost';
import { ConsoleApproval } from '../../src/cli/run/consoleApproval';
import type { EndpointProfile } from '../../src/core/model/endpointProfile';
import type { ModelServer, ScriptedResponse } from '../support/modelServer';

export const DATA_FILES = 20;

/** A folder with data/f0.txt ... data/f19.txt. */
export function dataFolder(prefix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `forge-rel-${prefix}-`));
  fs.mkdirSync(path.join(root, 'data'));
  for (let i = 0; i < DATA_FILES; i++) fs.writeFileSync(path.join(root, 'data', `f${i}.txt`), `file ${i}\n${'x'.repeat(200)}\n`);
  return root;
}

export async function scriptedHost(srv: ModelServer, root: string, stateDir: string, contextTokens?: number): Promise<AgentHost> {
  const profile = { id: 'rel', label: 'rel', baseUrl: srv.url, model: 'm', supportsTools: true } as EndpointProfile;
  return buildAgentHost({
    root, profile, stateDir, sandbox: { mode: 'off' }, maxSteps: 10_000, contextTokens,
    approval: (r) => new ConsoleApproval({ root: r, yes: true, out: () => undefined }),
    clientOptions: { retry: { maxAttempts: 1 } },
  });
}

/** The text the model says at step `step` of task `task` (streamed in several chunks). */
export const stepText = (task: number, step: number) => `Task ${task} step ${step}: reading the next file, then I will go on. `;

/**
 * The reply to one request of a task that reads a file per step and finishes after `steps` steps.
 * `step` is the number of assistant turns already in the request. Summaries (compaction, no tools)
 * are answered too.
 */
export function longTaskReply(req: { body: any }, task: number, steps: number, chunkDelayMs = 0): ScriptedResponse {
  if (!req.body.tools) return { text: `Summary: task ${task} read data files in turn; nothing else changed.` };
  const step = (req.body.messages as Array<{ role: string }>).filter((m) => m.role === 'assistant').length;
  return stepReply(task, step, steps, chunkDelayMs);
}

export function stepReply(task: number, step: number, steps: number, chunkDelayMs = 0): ScriptedResponse {
  if (step + 1 >= steps) return { text: stepText(task, step), toolCalls: [{ name: 'finish', arguments: { summary: `task ${task} done` } }], chunkDelayMs, textChunkSize: 7 };
  return { text: stepText(task, step), toolCalls: [{ name: 'read_file', arguments: { path: `data/f${step % DATA_FILES}.txt` } }], chunkDelayMs, textChunkSize: 7 };
}

export async function collect(events: AsyncIterable<AgentEvent>, each?: (e: AgentEvent) => void): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of events) {
    each?.(e);
    out.push(e);
  }
  return out;
}
