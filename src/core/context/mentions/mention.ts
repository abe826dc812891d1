/**
 * @-mentions in a task's text: `@file:src/a.ts`, `@file:src/a.ts:10-40`, `@folder:src/billing`,
 * `@symbol:Invoice`, `@problems`, `@changes`, `@changes:staged`, `@selection`, `@terminal`.
 * The text written in the input is the source of truth: the host parses it again on submit.
 * Paths with spaces are written with `%20`.
 */

export const MENTION_KINDS = ['file', 'folder', 'symbol', 'problems', 'changes', 'selection', 'terminal'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** Kinds that take an argument after the colon. */
export const MENTION_ARG: Record<MentionKind, 'required' | 'optional' | 'none'> = {
  file: 'required', folder: 'required', symbol: 'required', problems: 'none', changes: 'optional', selection: 'none', terminal: 'none',
};

export interface Mention {
  kind: MentionKind;
  /** file: a path, folder: a path, symbol: a name, changes: 'staged'; absent for the others. */
  arg?: string;
  /** file: a 1-based inclusive line range. */
  lines?: { start: number; end: number };
}

const KIND_RE = MENTION_KINDS.join('|');
const MENTION_RE = new RegExp(`(^|[\\s(])@(${KIND_RE})(?::(\\S+))?`, 'g');

/** The text form of a mention (what the input holds and chips are keyed by). */
export function mentionText(m: Mention): string {
  if (!m.arg) return `@${m.kind}`;
  const range = m.lines ? `:${m.lines.start}${m.lines.end !== m.lines.start ? `-${m.lines.end}` : ''}` : '';
  return `@${m.kind}:${m.arg.replace(/ /g, '%20')}${range}`;
}

/** One mention from its argument text, or undefined when it is not a well-formed mention of `kind`. */
export function mentionOf(kind: MentionKind, raw: string | undefined): Mention | undefined {
  // A sentence's full stop or comma after a mention is not part of it (a lone "." is the root folder).
  const arg = raw && raw.length > 1 ? raw.replace(/[.,;!?)]+$/, '') : raw;
  if (MENTION_ARG[kind] === 'none') return raw ? undefined : { kind };
  if (MENTION_ARG[kind] === 'required' && !arg) return undefined;
  if (kind === 'changes') return !arg ? { kind } : arg === 'staged' ? { kind, arg } : undefined;
  let value = arg!.replace(/%20/g, ' ');
  if (kind === 'file') {
    const r = /^(.*?):(\d+)(?:-(\d+))?$/.exec(value);
    if (r) {
      const start = Number(r[2]);
      const end = r[3] ? Number(r[3]) : start;
      if (start >= 1 && end >= start) return { kind, arg: r[1], lines: { start, end } };
      value = r[1]!;
    }
  }
  if (kind === 'folder') value = value.replace(/\/+$/, '') || '.';
  return { kind, arg: value };
}

/** Every well-formed mention in `text`, in order, without duplicates. */
export function parseMentions(text: string): Mention[] {
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(MENTION_RE)) {
    const mention = mentionOf(m[2] as MentionKind, m[3]);
    if (!mention) continue;
    const key = mentionText(mention);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(mention);
  }
  return out;
}
