/**
 * A small repo map: every file of the workspace ranked by relevance to the task (words of the task in
 * the path, weighted by how rare they are; well-known project files; shallow paths first), listed within
 * a token budget.
 */
import { tokenCounterNow } from './tokens';

const KEY_FILES = /^(package\.json|tsconfig\.json|README(\.md)?|pyproject\.toml|Cargo\.toml|go\.mod|Makefile|setup\.py)$/i;
const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'into', 'add', 'fix', 'make', 'use', 'file', 'files', 'when', 'all', 'should']);

export function taskWords(task: string): string[] {
  const words = task.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? [];
  return [...new Set(words.filter((w) => !STOP.has(w)))];
}

/**
 * How much each task word tells about a path, from how many paths contain it (inverse document
 * frequency, scaled so a word in one path of two weighs 1): "e1000e" in 40 of 78,000 paths weighs far more
 * than "driver" in 20,000. A word in no path weighs nothing.
 */
export function wordWeights(files: string[], words: string[]): number[] {
  return weightsOf(files.map((f) => f.toLowerCase()), words);
}

function weightsOf(lowered: string[], words: string[]): number[] {
  const df = words.map(() => 0);
  for (const lower of lowered) {
    for (let i = 0; i < words.length; i++) if (lower.includes(words[i]!)) df[i]!++;
  }
  const n = Math.max(lowered.length, 2);
  return df.map((d) => (d === 0 ? 0 : Math.max(0.1, Math.log((n + 1) / (d + 1)) / Math.log((n + 1) / (n / 2 + 1)))));
}

export function scorePath(path: string, words: string[], weights?: number[]): number {
  return scoreLowered(path.toLowerCase(), words, weights);
}

const TEST_DIR = /(^|\/)(test|tests|__tests__)\//;
const TEST_NAME = /\.test\.|\.spec\./;

/** scorePath on a path already in lower case (the repo map lowers each of 80,000 paths once). */
function scoreLowered(lower: string, words: string[], weights?: number[]): number {
  const slash = lower.lastIndexOf('/');
  const name = lower.slice(slash + 1);
  let depth = 0;
  for (let i = lower.indexOf('/'); i >= 0; i = lower.indexOf('/', i + 1)) depth++;
  let score = -depth * 0.5;
  if (depth === 0 && KEY_FILES.test(name)) score += 3;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const weight = weights ? weights[i]! : 1;
    if (name.includes(w)) score += 5 * weight;
    else if (lower.includes(w)) score += 2 * weight;
  }
  if (TEST_DIR.test(lower) || TEST_NAME.test(name)) score -= 0.5;
  return score;
}

export interface RepoMap {
  text: string;
  listed: number;
  total: number;
  tokens: number;
}

/**
 * Ranked file list within `budgetTokens`; the rest is summarised as a count. Each line's tokens are counted
 * with `lineTokens` (by default the tokenizer when it has loaded, else the calibrated estimate).
 */
export function buildRepoMap(files: string[], task: string, budgetTokens: number, lineTokens = tokenCounterNow().lineTokens): RepoMap {
  const words = taskWords(task);
  const lowered = files.map((f) => f.toLowerCase());
  const weights = weightsOf(lowered, words);
  const ranked = files.map((f, i) => ({ f, s: scoreLowered(lowered[i]!, words, weights), i })).sort((a, b) => b.s - a.s || a.i - b.i);
  const lines: string[] = [];
  let tokens = 0;
  for (const { f } of ranked) {
    const t = lineTokens(f);
    if (tokens + t > budgetTokens) break;
    lines.push(f);
    tokens += t;
  }
  const rest = files.length - lines.length;
  const text = lines.join('\n') + (rest > 0 ? `\n[... ${rest} more files not listed; use find_files or list_dir]` : '');
  return { text, listed: lines.length, total: files.length, tokens: Math.ceil(tokens) };
}
