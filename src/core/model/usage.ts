/**
 * Token usage per request and cumulative (per task): prompt, completion and cached tokens as
 * the server reports them, or an estimate with gpt-tokenizer (marked `estimated`) when it
 * reports none; cost from the profile's prices.
 */
import type { EndpointPricing } from './endpointProfile';
import type { ChatMessage, ToolDefinition } from './modelClient';

export interface RequestUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the server's cache (prompt_tokens_details.cached_tokens). */
  cachedTokens: number;
  reasoningTokens?: number;
  totalTokens: number;
  /** True when counted locally because the server sent no usage. */
  estimated: boolean;
  /** USD, when the profile has prices. */
  costUsd?: number;
}

/** The usage object of a Chat Completions response (only the fields we read). */
export interface ServerUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

export function costOf(u: Pick<RequestUsage, 'promptTokens' | 'completionTokens' | 'cachedTokens'>, pricing?: EndpointPricing): number | undefined {
  if (!pricing) return undefined;
  const cachedPrice = pricing.cachedInputPerMillion ?? pricing.inputPerMillion;
  const uncached = Math.max(0, u.promptTokens - u.cachedTokens);
  return (uncached * pricing.inputPerMillion + u.cachedTokens * cachedPrice + u.completionTokens * pricing.outputPerMillion) / 1e6;
}

export function fromServerUsage(raw: ServerUsage, pricing?: EndpointPricing): RequestUsage {
  const promptTokens = raw.prompt_tokens ?? 0;
  const completionTokens = raw.completion_tokens ?? 0;
  const cachedTokens = raw.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = raw.completion_tokens_details?.reasoning_tokens ?? undefined;
  const usage: RequestUsage = {
    promptTokens, completionTokens, cachedTokens,
    totalTokens: raw.total_tokens ?? promptTokens + completionTokens,
    estimated: false,
  };
  if (reasoning !== undefined && reasoning !== null) usage.reasoningTokens = reasoning;
  const cost = costOf(usage, pricing);
  if (cost !== undefined) usage.costUsd = cost;
  return usage;
}

let tokenizer: Promise<(text: string) => number> | undefined;
/** gpt-tokenizer (o200k) is loaded on first use only: it takes a few hundred ms to import. */
function loadCounter(): Promise<(text: string) => number> {
  tokenizer ??= import('gpt-tokenizer').then((m) => (text: string) => (text ? m.countTokens(text) : 0));
  return tokenizer;
}

/** Tokens per message for role and framing, as OpenAI's chat format counts them. */
const PER_MESSAGE = 4;

function messageText(m: ChatMessage): string {
  if (m.role === 'assistant') return (m.content ?? '') + (m.toolCalls ?? []).map((c) => c.name + c.argumentsJson).join('');
  return m.content;
}

export async function estimatePromptTokens(messages: ChatMessage[], tools?: ToolDefinition[]): Promise<number> {
  const count = await loadCounter();
  let n = 3;
  for (const m of messages) n += PER_MESSAGE + count(messageText(m));
  if (tools?.length) n += count(JSON.stringify(tools));
  return n;
}

export async function estimateUsage(
  input: { messages: ChatMessage[]; tools?: ToolDefinition[]; completionText: string },
  pricing?: EndpointPricing,
): Promise<RequestUsage> {
  const count = await loadCounter();
  const promptTokens = await estimatePromptTokens(input.messages, input.tools);
  const completionTokens = count(input.completionText);
  const usage: RequestUsage = { promptTokens, completionTokens, cachedTokens: 0, totalTokens: promptTokens + completionTokens, estimated: true };
  const cost = costOf(usage, pricing);
  if (cost !== undefined) usage.costUsd = cost;
  return usage;
}

export interface UsageTotals {
  requests: number;
  /** Requests whose usage was estimated. */
  estimatedRequests: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  totalTokens: number;
  /** Sum of the requests' costs; undefined when no request had a price. */
  costUsd?: number;
}

export function emptyUsageTotals(): UsageTotals {
  return { requests: 0, estimatedRequests: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 };
}

/** Adds one request's usage to running totals. */
export function addUsage(t: UsageTotals, u: RequestUsage): void {
  t.requests++;
  if (u.estimated) t.estimatedRequests++;
  t.promptTokens += u.promptTokens;
  t.completionTokens += u.completionTokens;
  t.cachedTokens += u.cachedTokens;
  t.totalTokens += u.totalTokens;
  if (u.costUsd !== undefined) t.costUsd = (t.costUsd ?? 0) + u.costUsd;
}

/** Cumulative usage, e.g. for one agent task. */
export class UsageMeter {
  private totals: UsageTotals = emptyUsageTotals();

  add(u: RequestUsage): void {
    addUsage(this.totals, u);
  }

  get total(): Readonly<UsageTotals> {
    return { ...this.totals };
  }
}
