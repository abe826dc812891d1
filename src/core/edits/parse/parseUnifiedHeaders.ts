/**
 * Header lines of unified diffs: `@@ -a,b +c,d @@ hint` (and the broken forms models write),
 * `--- path\ttimestamp` / `+++ path`, and `diff --git a/x b/y`.
 */
import { normalizePath, unquoteCPath } from './parseCommon';

export interface HunkHeader {
  oldStart?: number;
  oldCount?: number;
  newStart?: number;
  newCount?: number;
  sectionHint?: string;
}

const FULL = /^@@+[ \t]*-(\d+)(?:,(\d+))?[ \t]+\+(\d+)(?:,(\d+))?[ \t]*@@+[ \t]?(.*)$/;
const MAX_LINE = 100_000_000;

/** Reads a hunk header; never fails (a bare `@@` gives an empty header). */
export function parseHunkHeader(line: string): HunkHeader {
  const m = FULL.exec(line);
  let oldStart: number | undefined;
  let oldCount: number | undefined;
  let newStart: number | undefined;
  let newCount: number | undefined;
  let hint: string | undefined;
  if (m) {
    oldStart = Number(m[1]);
    oldCount = m[2] === undefined ? 1 : Number(m[2]);
    newStart = Number(m[3]);
    newCount = m[4] === undefined ? 1 : Number(m[4]);
    hint = m[5].trim();
  } else {
    const rest = line.replace(/^@+/, '');
    const close = rest.indexOf('@@');
    const inner = close >= 0 ? rest.slice(0, close) : rest;
    if (close >= 0) hint = rest.slice(close).replace(/^@+/, '').trim();
    const om = /(?:^|\s)-(\d+)(?:,(\d+))?/.exec(inner);
    const nm = /(?:^|\s)\+(\d+)(?:,(\d+))?/.exec(inner);
    if (om) {
      oldStart = Number(om[1]);
      oldCount = om[2] === undefined ? undefined : Number(om[2]);
    }
    if (nm) {
      newStart = Number(nm[1]);
      newCount = nm[2] === undefined ? undefined : Number(nm[2]);
    }
    // `@@ def foo():` (no closing @@): the text is a scope hint, as in apply_patch.
    if (close < 0 && !om && !nm) {
      const t = inner.trim();
      if (t.length > 0 && !/^[.…\s-]*$/.test(t)) hint = t;
    }
  }
  const h: HunkHeader = {};
  if (oldStart !== undefined && oldStart <= MAX_LINE) {
    const start = oldCount === 0 ? oldStart + 1 : oldStart;
    if (start >= 1) h.oldStart = start;
  }
  if (oldCount !== undefined && oldCount <= MAX_LINE) h.oldCount = oldCount;
  if (newStart !== undefined && newStart <= MAX_LINE) h.newStart = newStart;
  if (newCount !== undefined && newCount <= MAX_LINE) h.newCount = newCount;
  if (hint) h.sectionHint = hint;
  return h;
}

export const DEV_NULL = '/dev/null';

const TIMESTAMP =
  /\s+(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:[+-]\d{4}|Z|UTC))?|\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2} \d{4}(?: [+-]\d{4})?|\((?:revision \d+|working copy|nonexistent)\))\s*$/;

/** The path of a `--- ` / `+++ ` line (marker already removed): timestamps and quotes dropped. */
export function headerPath(rest: string): string {
  let p = rest.replace(/^[ \t]+/, '');
  const tab = p.indexOf('\t');
  if (tab >= 0 && !p.startsWith('"')) p = p.slice(0, tab);
  p = p.trim().replace(TIMESTAMP, '').trim();
  if (p.startsWith('"')) {
    const end = p.lastIndexOf('"');
    if (end > 0) p = unquoteCPath(p.slice(0, end + 1));
  }
  if (p === DEV_NULL || p === 'dev/null' || p === 'a/dev/null' || p === 'b/dev/null' || p === 'NUL') return DEV_NULL;
  return p;
}

/** `a/x` / `b/x` prefixes: strip when the two sides use them as git does. */
export function stripPrefixes(
  oldP: string | undefined,
  newP: string | undefined,
  git: boolean,
): { old?: string; new?: string } {
  const oa = oldP !== undefined && oldP.startsWith('a/');
  const nb = newP !== undefined && newP.startsWith('b/');
  const oldNull = oldP === undefined || oldP === DEV_NULL;
  const newNull = newP === undefined || newP === DEV_NULL;
  const strip = git || (oa && (nb || newNull)) || (nb && oldNull);
  const fix = (p: string | undefined, prefix: string): string | undefined => {
    if (p === undefined || p === DEV_NULL) return p;
    const q = strip && p.startsWith(prefix) ? p.slice(2) : p;
    return normalizePath(q);
  };
  return { old: fix(oldP, 'a/'), new: fix(newP, 'b/') };
}

/** The two paths of `diff --git a/x b/y` (quoted or not), when they can be told apart. */
export function parseGitDiffLine(line: string): { a?: string; b?: string } {
  const rest = line.replace(/^diff --git\s+/, '').trim();
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")\s+(.*)$/.exec(rest);
    if (m) return { a: unquoteCPath(m[1]), b: m[2].startsWith('"') ? unquoteCPath(m[2]) : m[2] };
  }
  if (rest.endsWith('"')) {
    const m = /^(\S+)\s+("(?:[^"\\]|\\.)*")$/.exec(rest);
    if (m) return { a: m[1], b: unquoteCPath(m[2]) };
  }
  // Same path on both sides: "a/P b/P".
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (rest[half] === ' ' && a.slice(2) === b.slice(2)) return { a, b };
  }
  const i = rest.indexOf(' b/');
  if (i > 0) return { a: rest.slice(0, i), b: rest.slice(i + 1) };
  const parts = rest.split(/\s+/);
  if (parts.length === 2) return { a: parts[0], b: parts[1] };
  return {};
}
