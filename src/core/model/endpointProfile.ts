/**
 * An endpoint profile: one OpenAI-compatible Chat Completions server plus a model on it, as the
 * user configures it (`forge.endpoints`). The API key is never part of a profile: it lives in
 * the host's secret storage (or `apiKeyEnv` names an environment variable, for the CLI).
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';

export type SupportsTools = 'auto' | true | false;

export interface EndpointPricing {
  /** USD per million prompt tokens. */
  inputPerMillion: number;
  /** USD per million completion tokens. */
  outputPerMillion: number;
  /** USD per million cached prompt tokens (defaults to inputPerMillion). */
  cachedInputPerMillion?: number;
}

export interface EndpointProfile {
  id: string;
  label: string;
  /** The API root, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  model: string;
  headers?: Record<string, string>;
  maxContextTokens?: number;
  maxOutputTokens?: number;
  temperature?: number;
  reasoningEffort?: 'none' | 'minimal' | 'low' | 'medium' | 'high';
  /** 'auto': try native tool calls, fall back to the text protocol when the server rejects them. */
  supportsTools: SupportsTools;
  pricing?: EndpointPricing;
  /** Time allowed to connect and receive the first byte; also the idle limit between chunks. */
  timeoutSeconds?: number;
  /** Name of an environment variable holding the key (instead of secret storage). */
  apiKeyEnv?: string;
}

export const endpointPricingSchema = lazySchema(() => z.object({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
  cachedInputPerMillion: z.number().nonnegative().optional(),
}));

export const endpointProfileSchema = lazySchema(() => z.object({
  id: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
  label: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8000/v1' }),
  model: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  maxContextTokens: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  reasoningEffort: z.enum(['none', 'minimal', 'low', 'medium', 'high']).optional(),
  supportsTools: z.union([z.literal('auto'), z.boolean()], { error: 'must be "auto", true or false' }).default('auto'),
  pricing: endpointPricingSchema.optional(),
  timeoutSeconds: z.number().positive().max(3600).optional(),
  apiKeyEnv: z.string().min(1).optional(),
}));

export type ProfileParseResult =
  | { ok: true; profile: EndpointProfile }
  | { ok: false; field: string; message: string };

/** Validates one profile; on failure names the first bad field in one sentence. */
export function parseEndpointProfile(value: unknown): ProfileParseResult {
  const result = endpointProfileSchema.safeParse(value);
  if (result.success) return { ok: true, profile: result.data as EndpointProfile };
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.') || '(profile)';
  const id = typeof (value as any)?.id === 'string' ? ` "${(value as any).id}"` : '';
  const what = issue.code === 'invalid_type' && (issue as any).input === undefined ? 'is missing'
    : issue.message.replace(/^Invalid input: /, '').replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
  return { ok: false, field, message: `Endpoint profile${id}: ${field} ${what}.` };
}

/** The host part of a base URL, for messages ("api.openai.com", "127.0.0.1:8000"). */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
