/**
 * The first user message of a task: the task text, extra context from the host (active editor,
 * selection, problems, git status ...), the project's rules files and a repo map, assembled within
 * a token budget. Rules are kept verbatim (they are also pinned through compaction).
 */
import type { Workspace } from '../ports';
import { walkFiles } from './fileIndex';
import type { IgnoreRules } from './ignoreRules';
import { buildRepoMap } from './repoMap';
import { readRulesFiles, type RulesFile } from './rulesFiles';
import { preloadTokenizer, tokenCounterNow } from './tokens';

export interface ContextSection {
  title: string;
  text: string;
}

export interface ContextPack {
  /** The full first user message. */
  message: string;
  rules: RulesFile[];
  /** The message's tokens: by the tokenizer when it had loaded, else by the calibrated estimate (`estimated`). */
  tokens: number;
  estimated: boolean;
}

export interface ContextPackInput {
  task: string;
  workspace: Workspace;
  rules: IgnoreRules;
  budgetTokens: number;
  /** Host-provided sections, in priority order (the first ones are kept when the budget is short). */
  extra?: ContextSection[];
  /** What the user @-mentioned, already fitted to its own budget: always sent, right after the task. */
  mentions?: ContextSection[];
  signal?: AbortSignal;
}

/** Mentioned context as the model sees it (first message, pinned state, a continuing message). */
export function formatMentions(sections: ContextSection[]): string {
  return sections.map((s) => `<mention title="${s.title.replace(/"/g, "'")}">\n${s.text.trimEnd()}\n</mention>`).join('\n');
}

export function formatRules(rules: RulesFile[]): string {
  return rules.map((r) => `<rules file="${r.path}">\n${r.text.trimEnd()}\n</rules>`).join('\n');
}

export async function buildContextPack(input: ContextPackInput): Promise<ContextPack> {
  // Rank over every path (a host lists 80,000 files in well under a second); the cap only guards a walk of a
  // tree far larger than that. Started first: a host's listing runs in child processes (git) meanwhile.
  const listing = walkFiles(input.workspace, input.rules, { maxFiles: 300_000, signal: input.signal });
  listing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  // Never waits for the tokenizer (hundreds of ms to load, on this thread, where it would also stall the
  // listing's output): counts exactly when it has loaded, else by the calibrated estimate, which errs a little high.
  const { count, lineTokens } = tokenCounterNow();
  const rules = await readRulesFiles(input.workspace);
  const parts: string[] = [`<task>\n${input.task.trim()}\n</task>`];
  if (input.mentions?.length) parts.push(formatMentions(input.mentions));
  if (rules.length) parts.push(formatRules(rules));
  let used = count(parts.join('\n\n'));
  for (const s of input.extra ?? []) {
    const block = `<context title="${s.title}">\n${s.text.trimEnd()}\n</context>`;
    const t = count(block);
    if (used + t > input.budgetTokens * 0.6) continue;
    parts.push(block);
    used += t;
  }
  const { files, truncated } = await listing;
  const mapBudget = Math.max(0, input.budgetTokens - used - 50);
  if (files.length === 0) parts.push('<repo_map>\n(the workspace is empty)\n</repo_map>');
  else if (mapBudget > 20) {
    const map = buildRepoMap(files, input.task, mapBudget, lineTokens);
    parts.push(`<repo_map files="${files.length}${truncated ? '+' : ''}" note="ranked by relevance to the task">\n${map.text}\n</repo_map>`);
  }
  const message = parts.join('\n\n');
  const final = tokenCounterNow();
  // Loaded now, for the next step's counts (the agent's prompt size), once this pack is handed over.
  preloadTokenizer();
  return { message, rules, tokens: final.count(message), estimated: !final.exact };
}
