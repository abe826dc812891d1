/** A minimal unified-diff model used to build and corrupt benchmark patches (independent of Forge's parser). */

export interface DLine {
  op: ' ' | '-' | '+';
  text: string;
  /** A `\ No newline at end of file` marker follows this line. */
  noEol?: boolean;
}

export interface DHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Text after the closing "@@" (git's function-context hint), without the leading space. */
  section: string;
  lines: DLine[];
}

const HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** Parses the hunk part of a git diff (everything from the first "@@"). */
export function parseHunks(text: string): DHunk[] {
  const hunks: DHunk[] = [];
  let cur: DHunk | undefined;
  for (const raw of text.split('\n')) {
    const m = HEADER.exec(raw);
    if (m) {
      cur = {
        oldStart: +m[1],
        oldCount: m[2] === undefined ? 1 : +m[2],
        newStart: +m[3],
        newCount: m[4] === undefined ? 1 : +m[4],
        section: m[5] ?? '',
        lines: [],
      };
      hunks.push(cur);
      continue;
    }
    if (!cur) continue;
    if (raw.startsWith('\\')) {
      const last = cur.lines[cur.lines.length - 1];
      if (last) last.noEol = true;
    } else if (raw[0] === ' ' || raw[0] === '-' || raw[0] === '+') {
      cur.lines.push({ op: raw[0] as DLine['op'], text: raw.slice(1) });
    }
  }
  return hunks;
}

export function cloneHunks(hunks: readonly DHunk[]): DHunk[] {
  return hunks.map((h) => ({ ...h, lines: h.lines.map((l) => ({ ...l })) }));
}

export const oldSide = (h: DHunk): string[] => h.lines.filter((l) => l.op !== '+').map((l) => l.text);
export const newSide = (h: DHunk): string[] => h.lines.filter((l) => l.op !== '-').map((l) => l.text);

export type HeaderStyle = 'git' | 'plain' | 'noprefix';

export function fileHeader(path: string, style: HeaderStyle): string {
  if (style === 'git') return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;
  if (style === 'plain') return `--- a/${path}\n+++ b/${path}\n`;
  return `--- ${path}\n+++ ${path}\n`;
}

export interface SerializeOptions {
  /** 'real': the hunk's own numbers; 'bare': "@@ ... @@"; 'recount': counts from the visible lines. */
  header?: 'real' | 'bare' | 'recount';
  /** Emit `\ No newline at end of file` markers (default true). */
  markers?: boolean;
  /** Lines written verbatim (no op prefix) — used for "added line missing its +". */
  rawLines?: ReadonlySet<DLine>;
}

export function hunkHeader(h: DHunk, mode: 'real' | 'bare' | 'recount'): string {
  if (mode === 'bare') return '@@ ... @@';
  let oc = h.oldCount;
  let nc = h.newCount;
  if (mode === 'recount') {
    oc = h.lines.filter((l) => l.op !== '+').length;
    nc = h.lines.filter((l) => l.op !== '-').length;
  }
  const sec = h.section ? ` ${h.section}` : '';
  return `@@ -${h.oldStart},${oc} +${h.newStart},${nc} @@${sec}`;
}

export function serializeHunks(hunks: readonly DHunk[], opts: SerializeOptions = {}): string {
  const out: string[] = [];
  const markers = opts.markers ?? true;
  for (const h of hunks) {
    out.push(hunkHeader(h, opts.header ?? 'real'));
    for (const l of h.lines) {
      out.push(opts.rawLines?.has(l) ? l.text : l.op + l.text);
      if (markers && l.noEol) out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n') + '\n';
}

/** Lines of a text without terminators (CR stripped), no trailing empty line for a final newline. */
export function textLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** How many places in `lines` the contiguous `block` matches exactly (stops counting at `limit`). */
export function occurrences(lines: readonly string[], block: readonly string[], limit = 2): number {
  if (block.length === 0) return limit;
  let n = 0;
  outer: for (let i = 0; i + block.length <= lines.length; i++) {
    for (let j = 0; j < block.length; j++) if (lines[i + j] !== block[j]) continue outer;
    if (++n >= limit) return n;
  }
  return n;
}

/** True when every hunk's old side (context + removed lines) occurs exactly once in the base. */
export function allHunksUnique(baseLines: readonly string[], hunks: readonly DHunk[]): boolean {
  return hunks.every((h) => occurrences(baseLines, oldSide(h)) === 1);
}
