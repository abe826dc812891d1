/**
 * The shape of a saved task, checked when it is loaded: a task file damaged by hand, by another
 * version or by a crash is reported as what is wrong and where ("state.messages[3].role: ..."),
 * never as an internal error. Unknown extra fields are kept (a newer Forge may have written them).
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import type { StoredTask } from '../ports';
import type { TaskState } from './taskState';

const toolCall = lazySchema(() => z.looseObject({ id: z.string(), name: z.string(), argumentsJson: z.string(), arguments: z.unknown().optional() }));

const message = lazySchema(() => z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: z.string() }),
  z.looseObject({ role: z.literal('user'), content: z.string() }),
  z.looseObject({ role: z.literal('assistant'), content: z.string().nullable(), toolCalls: z.array(toolCall).optional() }),
  z.looseObject({ role: z.literal('tool'), toolCallId: z.string(), name: z.string().optional(), content: z.string() }),
]));

const count = lazySchema(() => z.number().int().nonnegative());

const usage = lazySchema(() => z.looseObject({
  requests: count,
  estimatedRequests: count,
  promptTokens: count,
  completionTokens: count,
  cachedTokens: count,
  totalTokens: count,
  costUsd: z.number().nonnegative().optional(),
}));

const taskState = lazySchema(() => z.looseObject({
  version: z.literal(1),
  id: z.string(),
  task: z.string(),
  createdAt: z.number(),
  status: z.enum(['running', 'finished', 'stopped', 'limit', 'error']),
  messages: z.array(message),
  pinned: z.looseObject({ task: z.string(), rules: z.string(), lastUserMessage: z.string(), context: z.optional(z.string()) }),
  plan: z.array(z.looseObject({ step: z.string(), status: z.enum(['pending', 'in_progress', 'done']) })),
  changedFiles: z.array(z.string()),
  allowedCommands: z.array(z.string()),
  steps: count,
  compactions: count,
  usage,
  summary: z.string().optional(),
  lastPromptTokens: z.number().optional(),
  allowedTools: z.array(z.string()).optional(),
  working: z.record(z.string(), z.string().nullable()).optional(),
}));

const storedTask = lazySchema(() => z.looseObject({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  state: taskState,
}));

/** The saved task, or the first few things wrong with it, each with its place in the file. */
export function checkStoredTask(raw: unknown): { ok: true; task: StoredTask & { state: TaskState } } | { ok: false; problem: string } {
  const r = storedTask.safeParse(raw);
  if (r.success) return { ok: true, task: r.data as unknown as StoredTask & { state: TaskState } };
  const issues = r.error.issues.slice(0, 3).map((i) => `${where(i.path)}: ${i.message}`);
  const more = r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more)` : '';
  return { ok: false, problem: issues.join('; ') + more };
}

function where(p: readonly PropertyKey[]): string {
  if (p.length === 0) return 'the file';
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}
