/**
 * What the next request will carry, as chips (the chat's context bar), and what is left once the
 * user removed some for this request and pinned others for the task. Pure: the host gathers the
 * pieces (resolved mentions, its editor and workspace sections, the rules files).
 */
import type { ContextSection } from '../contextPack';
import { formatRules } from '../contextPack';
import type { RulesFile } from '../rulesFiles';
import { countTokens } from '../tokens';
import { parseMentions } from './mention';
import type { MentionResolver, ResolvedMention } from './mentionResolver';

export interface Chip {
  key: string;
  kind: 'mention' | 'editor' | 'workspace' | 'rules' | 'repoMap' | 'plan';
  label: string;
  tokens: number;
  estimate?: boolean;
  withheld?: string;
  openable?: boolean;
  fixed?: boolean;
}

export interface RequestPieces {
  mentions: ResolvedMention[];
  /** The host's sections (active editor, open editors, problems, git status ...). */
  sections: ContextSection[];
  rules: RulesFile[];
  /** The repo map's budget (it fills what is left, up to this). */
  repoMapTokens: number;
  /** The task's plan, formatted (a continuing task carries it). */
  plan?: string;
}

export const sectionKey = (title: string): string => `section:${title}`;

/** The share of the context window that the mentions of one message may take. */
export function mentionBudget(windowTokens: number): number {
  return Math.min(32_000, Math.floor(windowTokens * 0.25));
}

/** The first turn's context pack budget (as the agent computes it). */
export function packBudget(windowTokens: number): number {
  return Math.min(8000, Math.floor(windowTokens * 0.1));
}

export async function resolveText(resolver: MentionResolver, text: string, windowTokens: number, signal?: AbortSignal): Promise<ResolvedMention[]> {
  return resolver.resolveAll(parseMentions(text), mentionBudget(windowTokens), signal);
}

export async function chipsOf(p: RequestPieces): Promise<Chip[]> {
  const chips: Chip[] = p.mentions.map((m) => ({
    key: m.key, kind: 'mention', label: m.key.replace(/^@(file|folder|symbol):/, '@'), tokens: m.tokens,
    ...(m.withheld ? { withheld: m.withheld } : {}), ...(m.open ? { openable: true } : {}),
  }));
  for (const s of p.sections) {
    const editor = s.title === 'Active editor';
    chips.push({ key: sectionKey(s.title), kind: editor ? 'editor' : 'workspace', label: editor ? s.text.split(',')[0]! : s.title, tokens: await countTokens(s.text), ...(editor ? { openable: true } : {}) });
  }
  if (p.rules.length) chips.push({ key: 'rules', kind: 'rules', label: p.rules.map((r) => r.path).join(', '), tokens: await countTokens(formatRules(p.rules)), fixed: true });
  if (p.repoMapTokens > 0) chips.push({ key: 'repoMap', kind: 'repoMap', label: 'Repo map', tokens: p.repoMapTokens, estimate: true, fixed: true });
  if (p.plan) chips.push({ key: 'plan', kind: 'plan', label: 'Plan', tokens: await countTokens(p.plan), fixed: true });
  return chips;
}

/** What goes out: mentions and sections minus the removed ones; the pinned ones also kept for the task. */
export function selectForRequest(p: Pick<RequestPieces, 'mentions' | 'sections'>, exclude: readonly string[], pinned: readonly string[]): { mentions: ContextSection[]; sections: ContextSection[]; pinned: ContextSection[] } {
  const out = new Set(exclude);
  const pin = new Set(pinned);
  const mentions = p.mentions.filter((m) => !out.has(m.key)).map((m) => ({ title: m.title, text: m.text, key: m.key }));
  const sections = p.sections.filter((s) => !out.has(sectionKey(s.title))).map((s) => ({ ...s, key: sectionKey(s.title) }));
  const pinnedSections = [...mentions, ...sections].filter((s) => pin.has(s.key)).map(({ title, text }) => ({ title, text }));
  return { mentions: mentions.map(({ title, text }) => ({ title, text })), sections: sections.map(({ title, text }) => ({ title, text })), pinned: pinnedSections };
}
