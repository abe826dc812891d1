/**
 * The exact request the agent last sent (Forge: Show Request): the system prompt, the tools and
 * the messages, as readable JSON with every known secret value redacted.
 */
import type { ChatMessage, ToolDefinition } from '../model/modelClient';

export interface ModelRequestRecord {
  messages: ChatMessage[];
  tools: ToolDefinition[];
}

function redactDeep(v: unknown, redact: (s: string) => string): unknown {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, redact));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x, redact)]));
  return v;
}

/** Pretty JSON of the request; `about` (model, endpoint, time) goes first. */
export function requestJson(r: ModelRequestRecord, about: Record<string, string>, redact: (s: string) => string): string {
  const system = r.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const doc = { ...about, system, tools: r.tools, messages: r.messages.filter((m) => m.role !== 'system') };
  return `${JSON.stringify(redactDeep(doc, redact), null, 2)}\n`;
}
