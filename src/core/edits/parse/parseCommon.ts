/**
 * Pieces every edit parser shares: splitting model text into lines (BOM and CR removed, so the
 * patch's own line endings never leak into hunk text), path normalisation, fences, finding a file
 * path on a line of prose, and the line-parser interface that makes every format incremental.
 */
import type { HunkLine, ParsedEdit, ParsedFileEdit, ParsedHunk } from './parsedEdit';

/** A format parser fed one complete line at a time (used by parseEdit and the streaming parser). */
export interface EditLineParser {
  /** The next complete line, without its terminator; lineNo is 1-based in the edit text. */
  push(line: string, lineNo: number): void;
  /** The text ended: close whatever is open (reporting unfinished parts as problems). */
  end(): void;
  /** Files and complete hunks so far; `partial` is true until end() was called. */
  result(): ParsedEdit;
}

/**
 * Splits text into lines: BOM dropped, `\n` separators, a trailing `\r` removed from each line,
 * except from added lines (`+`, not `+++`): their `\r` is the line ending of the file they write
 * (a created file keeps CRLF); hunk preparation strips it before anything is compared.
 */
export function splitEditLines(text: string): string[] {
  const lines: string[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (start < n) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = n;
    lines.push(withoutCr(text.slice(start, nl)));
    start = nl + 1;
  }
  return lines;
}

/** A line without its `\r`, unless it is an added line (see splitEditLines). */
export function withoutCr(line: string): string {
  if (line.charCodeAt(line.length - 1) !== 13) return line;
  return line.charCodeAt(0) === 43 && !line.startsWith('+++') ? line : line.slice(0, -1);
}

/** Undoes git's C-style quoting of a path ("a/with space\t.txt"). */
export function unquoteCPath(s: string): string {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      bytes.push(...enc.encode(c));
      continue;
    }
    const d = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
    if (d in simple) bytes.push(simple[d]);
    else if (/[0-7]/.test(d)) {
      let oct = d;
      while (oct.length < 3 && i + 1 < body.length && /[0-7]/.test(body[i + 1])) oct += body[++i];
      bytes.push(parseInt(oct, 8) & 0xff);
    } else bytes.push(...enc.encode(d));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Normalises a path as written by a model: quotes and backticks removed, backslashes to `/`,
 * leading `./` dropped. Absolute and `..` paths are kept as they are (checked later).
 */
export function normalizePath(raw: string): string {
  let p = raw.trim();
  if (p.startsWith('"') && p.endsWith('"') && p.length >= 2) p = unquoteCPath(p);
  else if (p.length >= 2 && ((p[0] === "'" && p.endsWith("'")) || (p[0] === '`' && p.endsWith('`')))) p = p.slice(1, -1).trim();
  p = p.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p.replace(/\/{2,}/g, '/');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** A markdown fence line: returns its marker (``` or ~~~, with its length) and info string. */
export function parseFence(line: string): { marker: string; info: string } | undefined {
  const m = FENCE.exec(line);
  if (!m) return undefined;
  if (m[1][0] === '`' && m[2].includes('`')) return undefined;
  return { marker: m[1], info: m[2].trim() };
}

/** A fence at column 0: inside a hunk, an indented ``` is a prefixed line of the file, not a fence. */
export function isBareFence(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === 96 || c === 126) && parseFence(line) !== undefined;
}

const LOOKS_LIKE_PATH = /^(?:[A-Za-z]:)?[\w.@+~\-/\\[\]()$]+$/;
const HAS_PATH_SHAPE = /[/\\]|\.[A-Za-z0-9_]{1,12}$|^(?:Makefile|Dockerfile|LICENSE|README|Gemfile|Rakefile|Procfile|Jenkinsfile)$/;

function asPath(token: string, strict: boolean): string | undefined {
  const t = token.replace(/^[*_]+|[*_]+$/g, '').replace(/[:,;]+$/, '');
  if (t.length === 0 || t.length > 400 || !LOOKS_LIKE_PATH.test(t)) return undefined;
  if (/^[.\-/\\]+$/.test(t) || /^\d+(\.\d+)*$/.test(t)) return undefined;
  if (strict && !HAS_PATH_SHAPE.test(t)) return undefined;
  return normalizePath(t);
}

/**
 * The file path a model wrote on a line of its own: `src/a.ts`, `src/a.ts:`, `` `src/a.ts` ``,
 * `**src/a.ts**`, `### File: src/a.ts`, `- path/x.py`, or a prose line ending in a path
 * ("Change src/a.ts:"). Undefined when the line names no path. `strict`: the line must be only
 * the path (with markdown decoration), or introduce a backticked path with a final colon.
 */
export function extractPathFromLine(line: string, strict = false): string | undefined {
  let t = line.trim();
  if (t.length === 0 || t.length > 500) return undefined;
  t = t.replace(/^#{1,6}\s+/, '').replace(/^(?:[-*+]|\d+[.)])\s+/, '').trim();
  const tick = /`([^`]+)`/g;
  let m: RegExpExecArray | null;
  let ticked: string | undefined;
  while ((m = tick.exec(t)) !== null) {
    const p = asPath(m[1].trim(), false);
    if (p !== undefined && !/\s/.test(m[1].trim())) ticked = p;
  }
  // Strict: a backticked path counts on a line that is only the path, or introduces it ("...`a.ts`:").
  if (ticked !== undefined && (!strict || /:\s*$/.test(t) || /^[\s*_#:]*$/.test(t.replace(tick, '')))) return ticked;
  if (ticked !== undefined) return undefined;
  t = t.replace(/^\*\*|\*\*$/g, '').replace(/^__|__$/g, '').trim();
  t = t.replace(/^(?:file(?:name)?|path)\s*[:=]\s*/i, '').trim();
  if (!/\s/.test(t)) return asPath(t, true);
  if (strict) return undefined;
  const words = t.split(/\s+/);
  for (let i = words.length - 1; i >= Math.max(0, words.length - 2); i--) {
    const p = asPath(words[i].replace(/^[(\[]+|[)\].]+$/g, ''), true);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** `python src/x.py`, `src/x.py`, `ts:src/x.ts`, `ts title="src/x.ts"`, `file=src/x.ts`: a path in a fence info string. */
export function pathInFenceInfo(info: string): string | undefined {
  if (!info) return undefined;
  const tokens = info
    .split(/\s+/)
    .map((t) => t.replace(/^(?:title|path|file|filename)=/i, '').replace(/^[A-Za-z][\w+#-]*:(?=[^/\\])/, '').replace(/^["']|["']$/g, ''));
  for (const t of tokens) {
    if (!/[/.]/.test(t)) continue;
    const p = extractPathFromLine(t);
    if (p !== undefined && /[/\\]|\.\w+$/.test(p)) return p;
  }
  return undefined;
}

/**
 * The path named by the nearest of `recent` lines (last first) that names one: blank lines are
 * skipped, a fence counts through its info string, prose without a path is passed over.
 * `strict`: only the nearest non-blank line counts, and it must be a path line (see extractPathFromLine).
 */
export function findPathBefore(recent: readonly string[], strict = false): string | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const l = recent[i];
    if (l.trim().length === 0) continue;
    if (strict) return parseFence(l) ? undefined : extractPathFromLine(l, true);
    const fence = parseFence(l);
    if (fence) {
      const p = pathInFenceInfo(fence.info);
      if (p !== undefined) return p;
      continue;
    }
    const p = extractPathFromLine(l);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * A sentence of prose rather than code ("This fixes the bug.", "Let me know if..."): starts with a
 * capital, has a few words, ends with sentence punctuation, and has no code punctuation.
 */
export function looksLikeProse(line: string): boolean {
  if (/^\*\*\S|^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,5}:$/.test(line)) return true; // "**Why**", "Changes:"
  return /^[A-Z][\w'’,-]*(?:\s+[\w'’,“”"()/.-]+){2,}[.!?:]$/.test(line) && !/[;{}=<>\[\]]|\(\)|\/\/|^\w+\(/.test(line);
}

/**
 * How a hunk line was written: 'p' with a proper prefix, 'e' an empty line (read as context ''),
 * 'u' a line without a prefix (read as context, flagged `unprefixed`), 'f' a bare markdown fence
 * seen before the header's counts were reached (kept only if prefixed hunk lines follow it).
 */
export type LineKind = 'p' | 'e' | 'u' | 'f';

/**
 * How many lines of a hunk to keep: what is probably not part of it is cut from its end. When the
 * header gave counts and a cut in the ambiguous tail (the blank and unprefixed lines after the last
 * prefixed line) matches them exactly, that cut wins. Otherwise the tail is cut at the first line
 * that reads as prose, and, unless the model dropped prefixes inside the hunk too, at the first
 * blank line (a separator before prose or the next file); trailing blank lines always go.
 * Unprefixed lines right after the last hunk line stay (context with a dropped space, or an added
 * line missing its '+': the locator decides).
 */
export function trimHunkTail(lines: HunkLine[], kinds: LineKind[], counts?: { old: number; new: number }): number {
  let lastPrefixed = -1;
  let unprefixedBefore = false;
  for (let i = kinds.length - 1; i >= 0; i--) {
    if (kinds[i] === 'p') {
      lastPrefixed = i;
      break;
    }
  }
  const fence = kinds.indexOf('f', lastPrefixed + 1);
  if (fence >= 0) return trimHunkTail(lines.slice(0, fence), kinds.slice(0, fence), counts);
  for (let i = 0; i < lastPrefixed; i++) if (kinds[i] === 'u' || kinds[i] === 'f') unprefixedBefore = true;
  if (counts && lastPrefixed < lines.length - 1) {
    let o = 0;
    let n = 0;
    for (let i = 0; i <= lastPrefixed; i++) {
      const op = lines[i].op;
      if (op !== '+') o++;
      if (op !== '-') n++;
    }
    for (let k = lastPrefixed + 1; k <= lines.length; k++) {
      if (o === counts.old && n === counts.new) return k;
      if (k < lines.length) {
        o++;
        n++;
      }
    }
  }
  let k = lines.length;
  for (let i = lastPrefixed + 1; i < k; i++) {
    if ((kinds[i] === 'u' && looksLikeProse(lines[i].text)) || (kinds[i] === 'e' && !unprefixedBefore)) {
      k = i;
      break;
    }
  }
  while (k > lastPrefixed + 1 && kinds[k - 1] === 'e') k--;
  return k;
}

/**
 * Merges file edits that name the same path with the same action (models repeat a file's header for
 * each hunk, or write several SEARCH/REPLACE blocks for one file), keeping first-seen order.
 */
export function mergeSamePath(files: ParsedFileEdit[]): ParsedFileEdit[] {
  const out: ParsedFileEdit[] = [];
  const byKey = new Map<string, ParsedFileEdit>();
  for (const f of files) {
    const key = `${f.action}\u0000${f.path}\u0000${f.newPath ?? ''}`;
    const prev = f.action === 'update' && f.content === undefined ? byKey.get(key) : undefined;
    if (prev && prev.content === undefined) {
      // In place (prev is this function's copy): concat would copy every earlier hunk again.
      for (const h of f.hunks) prev.hunks.push(h);
      continue;
    }
    const copy = { ...f, hunks: f.hunks.slice() };
    byKey.set(key, copy);
    out.push(copy);
  }
  return out;
}

/** The new text of an added file, from its hunks' non-removed lines. */
export function contentFromHunks(hunks: ParsedHunk[]): string {
  const parts: string[] = [];
  let noFinal = false;
  for (const h of hunks) {
    for (const l of h.lines) if (l.op !== '-') parts.push(l.text);
    noFinal = h.newNoFinalNewline === true;
  }
  if (parts.length === 0) return '';
  return parts.join('\n') + (noFinal ? '' : '\n');
}
