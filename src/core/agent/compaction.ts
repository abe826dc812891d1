/**
 * Compaction: when the prompt nears the context budget, older turns are summarised by the
 * `summarize` model, and the conversation restarts from one message holding the pinned state
 * (task, rules, plan, changed files, last user message: verbatim) and that summary, followed by
 * the most recent turns unchanged.
 */
import type { ChatMessage, ModelClient } from '../model/modelClient';
import { estimatePromptTokens } from '../model/usage';
import { formatPlan, type PlanItem } from './plan';
import { SUMMARY_SYSTEM_PROMPT } from './prompts';
import type { PinnedState } from './taskState';

export interface PinnedView extends PinnedState {
  plan: PlanItem[];
  changedFiles: string[];
}

export const PINNED_TAG = '<pinned_state';

export function pinnedBlock(p: PinnedView): string {
  return [
    '<pinned_state note="kept verbatim when history is summarised">',
    `<task>\n${p.task}\n</task>`,
    p.rules ? p.rules : '',
    p.context ? `<pinned_context>\n${p.context}\n</pinned_context>` : '',
    `<plan>\n${formatPlan(p.plan)}\n</plan>`,
    `<changed_files>\n${p.changedFiles.length ? p.changedFiles.join('\n') : '(none yet)'}\n</changed_files>`,
    `<last_user_message>\n${p.lastUserMessage}\n</last_user_message>`,
    '</pinned_state>',
  ].filter(Boolean).join('\n');
}

export interface CompactInput {
  messages: ChatMessage[];
  pinned: PinnedView;
  summarizer: ModelClient;
  /** Tokens the kept recent turns may take. */
  keepRecentTokens: number;
  /** Tokens of transcript the summarizer is sent at most. */
  summarizerInputTokens: number;
  signal?: AbortSignal;
}

export interface CompactResult {
  messages: ChatMessage[];
  summarized: number;
}

/** Index where the kept part starts: an assistant or user message, so no tool result loses its call. */
function splitPoint(messages: ChatMessage[], sizes: number[], keep: number): number {
  let total = 0;
  let i = messages.length;
  while (i > 1 && total + sizes[i - 1] <= keep) total += sizes[--i];
  while (i < messages.length && messages[i].role === 'tool') i++;
  return i;
}

export function renderTranscript(messages: ChatMessage[], maxCharsEach: number): string {
  const cut = (t: string) => (t.length > maxCharsEach ? `${t.slice(0, maxCharsEach)} [... ${t.length - maxCharsEach} chars cut]` : t);
  return messages.map((m) => {
    if (m.role === 'assistant') {
      const calls = (m.toolCalls ?? []).map((c) => `  -> ${c.name}(${cut(c.argumentsJson)})`).join('\n');
      return `ASSISTANT: ${cut(m.content ?? '')}${calls ? `\n${calls}` : ''}`;
    }
    if (m.role === 'tool') return `TOOL RESULT (${m.name ?? m.toolCallId}): ${cut(m.content)}`;
    return `${m.role.toUpperCase()}: ${cut(m.content)}`;
  }).join('\n\n');
}

export async function compact(input: CompactInput): Promise<CompactResult | null> {
  const { messages } = input;
  const sizes = await Promise.all(messages.map((m) => estimatePromptTokens([m])));
  const at = splitPoint(messages, sizes, input.keepRecentTokens);
  if (at <= 0) return null;
  const old = messages.slice(0, at);
  const kept = messages.slice(at);
  // Fit the transcript into the summarizer's budget: shrink per-message text until it fits.
  let each = 2000;
  let transcript = renderTranscript(old, each);
  while (each > 100 && (await estimatePromptTokens([{ role: 'user', content: transcript }])) > input.summarizerInputTokens) {
    each = Math.floor(each / 2);
    transcript = renderTranscript(old, each);
  }
  if ((await estimatePromptTokens([{ role: 'user', content: transcript }])) > input.summarizerInputTokens) {
    const chars = input.summarizerInputTokens * 3;
    transcript = `[... earliest part cut ...]\n${transcript.slice(-chars)}`;
  }
  let summary: string;
  try {
    summary = await summarise(input.summarizer, transcript, input.signal);
  } catch (e) {
    if (input.signal?.aborted) throw e;
    summary = mechanicalSummary(old);
  }
  const head: ChatMessage = { role: 'user', content: `${pinnedBlock(input.pinned)}\n\n<summary_of_earlier_work>\n${summary.trim()}\n</summary_of_earlier_work>` };
  return { messages: [head, ...kept], summarized: old.length };
}

async function summarise(client: ModelClient, transcript: string, signal?: AbortSignal): Promise<string> {
  let text = '';
  for await (const ev of client.chat({
    messages: [{ role: 'system', content: SUMMARY_SYSTEM_PROMPT }, { role: 'user', content: `Summarise this task history:\n\n${transcript}` }],
    signal, maxOutputTokens: 1500,
  })) {
    if (ev.type === 'text') text += ev.text;
  }
  if (!text.trim()) throw new Error('empty summary');
  return text;
}

/** When the summarizer fails: the calls made, one line each. */
function mechanicalSummary(old: ChatMessage[]): string {
  const lines = old.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => `- ${c.name} ${c.argumentsJson.slice(0, 120)}`) : []));
  return `(The summarizer was unavailable; calls made so far:)\n${lines.slice(-60).join('\n')}`;
}
