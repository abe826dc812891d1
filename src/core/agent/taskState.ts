/**
 * Everything a task needs to be resumed, as one JSON-serialisable value: the transcript (without
 * the stable system prompt), the pinned state, plan, usage and counters. Saved after every step
 * through the Storage port.
 */
import type { ChatMessage } from '../model/modelClient';
import { emptyUsageTotals, type UsageTotals } from '../model/usage';
import type { StoredTask } from '../ports';
import type { CheckRecord } from './finishCheck';
import type { PlanItem } from './plan';
import { checkStoredTask } from './taskSchema';

export type TaskStatus = 'running' | 'finished' | 'stopped' | 'limit' | 'error';

export interface PinnedState {
  task: string;
  /** The rules files, formatted, verbatim. */
  rules: string;
  lastUserMessage: string;
  /** Context the user pinned for the whole task (chips in the chat), formatted, verbatim. */
  context?: string;
}

export interface TaskState {
  version: 1;
  id: string;
  task: string;
  createdAt: number;
  status: TaskStatus;
  /** The conversation after the system prompt, append-only between compactions. */
  messages: ChatMessage[];
  pinned: PinnedState;
  plan: PlanItem[];
  changedFiles: string[];
  allowedCommands: string[];
  steps: number;
  compactions: number;
  usage: UsageTotals;
  summary?: string;
  /** The last request's prompt size (tokens), for the context fill. */
  lastPromptTokens?: number;
  /** Tools the user allowed "always" in this task (kept across resumes, like allowedCommands). */
  allowedTools?: string[];
  /** Review mode `end`: each file's text before this task wrote it, until the end review. */
  working?: Record<string, string | null>;
  /** Each run of the task's check command (check before done). */
  checks?: CheckRecord[];
}

export function newTaskState(id: string, task: string, now: number): TaskState {
  return {
    version: 1, id, task, createdAt: now, status: 'running', messages: [],
    pinned: { task, rules: '', lastUserMessage: task },
    plan: [], changedFiles: [], allowedCommands: [], steps: 0, compactions: 0,
    usage: emptyUsageTotals(),
  };
}

export function toStored(s: TaskState, now: number): StoredTask {
  return { id: s.id, title: s.task.split('\n')[0].slice(0, 100), createdAt: s.createdAt, updatedAt: now, state: structuredClone(s) };
}

/** The task's state, checked against the saved-task schema; throws a sentence saying what is wrong. */
export function fromStored(t: StoredTask): TaskState {
  const checked = checkStoredTask(t);
  if (!checked.ok) {
    const name = typeof t?.id === 'string' ? `Task "${t.id}"` : 'The task';
    throw new Error(`${name} cannot be resumed: its saved state is damaged (${checked.problem}).`);
  }
  return structuredClone(checked.task.state);
}

/** Tool calls left without results (the task stopped mid-turn) get one, so the transcript stays valid. */
export function closeDanglingCalls(messages: ChatMessage[]): void {
  const answered = new Set(messages.filter((m) => m.role === 'tool').map((m) => (m as { toolCallId: string }).toolCallId));
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'assistant' || !m.toolCalls?.length) continue;
    const missing = m.toolCalls.filter((c) => !answered.has(c.id));
    messages.splice(i + 1 + m.toolCalls.length - missing.length, 0, ...missing.map((c) => ({ role: 'tool' as const, toolCallId: c.id, name: c.name, content: 'Not run: the task was interrupted before this call.' })));
    break;
  }
}
