/**
 * Rows for the mistakes found on real model-written patches (issue 20), built from the same real
 * (and synthetic Python) file diffs: added comments that read like elision markers, stale hunks,
 * added lines whose '+' became a space or was dropped, SEARCH/REPLACE with space-indented REPLACE
 * into a tab-indented file, CRLF files created by a patch, two apply_patch sections under one
 * `@@`, truncated SEARCH edge lines, and SEARCH blocks without their blank lines.
 * A case that must be refused has a truth no tool can produce (`MUST_REFUSE`).
 */
import { Rng } from './rng';
import { source, type Src } from './corrupt';
import type { Case, FileDiff } from './types';
import { cloneHunks, fileHeader, occurrences, serializeHunks, textLines, type DHunk, type DLine } from './udiff';

type Made = Omit<Case, 'id' | 'kind' | 'format' | 'path'> & { format?: Case['format']; create?: boolean };

export const MUST_REFUSE = '\u0000 (any result is wrong: the edit must be refused)';

const isPy = (p: string) => p.endsWith('.py');
const comment = (p: string) => (isPy(p) ? '#' : '//');
const lead = (l: string) => /^[\t ]*/.exec(l)![0];
const header = (s: Src) => fileHeader(s.fd.path, 'git');
const squash = (t: string) => t.replace(/\s+/g, '');
const endsNl = (s: Src) => s.fd.base.endsWith('\n') && s.fd.truth.endsWith('\n');

function commentMarker(s: Src, rng: Rng): Made | undefined {
  if (!endsNl(s) || !/\.(m|c)?[jt]sx?$|\.py$/.test(s.fd.path) || s.fd.hunks.includes('\\ No newline')) return undefined;
  const h = cloneHunks(s.hunks);
  const x = rng.pick(h);
  const at = x.lines.findIndex((l) => l.op === '+' && l.text.trim() !== '');
  if (at < 0) return undefined;
  const text = `${lead(x.lines[at].text)}${comment(s.fd.path)} ${rng.pick(['The rest of the code remains unchanged', 'rest of the function unchanged', '... existing code ...'])}`;
  x.lines.splice(at + 1, 0, { op: '+', text });
  x.newCount++;
  for (const y of h) if (y.newStart > x.newStart) y.newStart++;
  const truth = textLines(s.fd.truth);
  truth.splice(x.newStart - 1 + x.lines.slice(0, at + 1).filter((l) => l.op !== '-').length, 0, text);
  return { base: s.fd.base, truth: truth.join('\n') + '\n', edit: header(s) + serializeHunks(h), recoverable: true };
}

function staleHunk(s: Src, rng: Rng): Made | undefined {
  const pairs: Array<[DHunk, number]> = [];
  for (const x of s.hunks) {
    x.lines.forEach((l, i) => {
      const single = l.op === '-' && x.lines[i + 1]?.op === '+' && x.lines[i - 1]?.op === ' ' && x.lines[i + 2]?.op === ' ';
      if (single && /\w/.test(l.text) && l.text.trim().length > 6 && squash(l.text) !== squash(x.lines[i + 1].text)) pairs.push([x, i]);
    });
  }
  if (pairs.length === 0) return undefined;
  const [x, i] = rng.pick(pairs);
  // The same line changed another way, written against the old text after the first change landed.
  const lines: DLine[] = [];
  x.lines.forEach((l, k) => {
    if (k === i) lines.push(l, { op: '+', text: l.text.replace(/(\w+)(\W*)$/, '$1_v2$2') });
    else if (k === i + 1) return;
    else if (l.op === '+') lines.push({ op: ' ', text: l.text });
    else if (l.op === ' ') lines.push(l);
  });
  const hunk: DHunk = { oldStart: x.newStart, newStart: x.newStart, oldCount: lines.filter((l) => l.op !== '+').length, newCount: lines.filter((l) => l.op !== '-').length, section: x.section, lines };
  return { base: s.fd.truth, truth: MUST_REFUSE, edit: header(s) + serializeHunks([hunk]), recoverable: false, note: 'stale: the removed line is no longer in the file' };
}

function plusSpace(s: Src, rng: Rng): Made | undefined {
  const h = cloneHunks(s.hunks);
  const raw = new Set<DLine>();
  let ok = true;
  let n = 0;
  for (const x of h) {
    x.lines.forEach((l, i) => {
      if (l.op !== '+' || !/^ {2,}\S/.test(l.text) || !rng.chance(0.5)) return;
      const at = x.oldStart - 1 + x.lines.slice(0, i).filter((y) => y.op !== '+').length;
      // It also reads as context when the file has the same text (up to indentation) close by.
      for (let d = -3; d <= 3; d++) if (s.baseLines[at + d]?.trim() === l.text.trim()) ok = false;
      if (rng.chance(0.5)) raw.add(l); // the '+' dropped: the line starts with its own indentation
      l.op = ' '; // ...or replaced by a space
      n++;
    });
  }
  if (n === 0) return undefined;
  return { base: s.fd.base, truth: s.fd.truth, edit: header(s) + serializeHunks(h, { rawLines: raw }), recoverable: ok, note: ok ? undefined : 'the line also reads as context' };
}

function unitOf(lines: readonly string[]): number | undefined {
  if (lines.some((l) => l.startsWith('\t'))) return undefined;
  const ws = lines.map((l) => lead(l).length).filter((w) => w > 0);
  if (ws.length < 3) return undefined;
  return ws.every((w) => w % 4 === 0) ? 4 : ws.every((w) => w % 2 === 0) ? 2 : undefined;
}
const toTabs = (l: string, unit: number) => {
  const w = lead(l).length;
  return '\t'.repeat(Math.floor(w / unit)) + ' '.repeat(w % unit) + l.slice(w);
};

function srText(path: string, blocks: Array<{ search: string[]; replace: string[] }>): string {
  return blocks.map((b) => `${path}\n<<<<<<< SEARCH\n${b.search.join('\n')}\n=======\n${b.replace.join('\n')}\n>>>>>>> REPLACE\n`).join('\n');
}

/** Blocks of `keep` lines of context; undefined when some block is not unique or may not be exact. */
function blocks(s: Src, base: readonly string[], keep = 3, map: (l: DLine) => string = (l) => l.text): Array<{ search: DLine[]; all: DLine[] }> | undefined {
  if (!endsNl(s)) return undefined;
  const out: Array<{ search: DLine[]; all: DLine[] }> = [];
  for (const h of s.hunks) {
    let a = h.lines.findIndex((l) => l.op !== ' ');
    let b = h.lines.length - 1;
    while (b > 0 && h.lines[b].op === ' ') b--;
    a = Math.max(0, a - keep);
    b = Math.min(h.lines.length - 1, b + keep);
    const all = h.lines.slice(a, b + 1);
    const search = all.filter((l) => l.op !== '+');
    if (search.length === 0 || occurrences(base as string[], search.map(map)) !== 1) return undefined;
    out.push({ search, all });
  }
  return out;
}

function tabFileSearchReplace(s: Src): Made | undefined {
  const unit = unitOf(s.baseLines);
  if (!unit || textLines(s.fd.truth).some((l) => l.startsWith('\t'))) return undefined;
  const tab = (l: DLine) => toTabs(l.text, unit);
  const base = s.baseLines.map((l) => toTabs(l, unit));
  const bs = blocks(s, base, 3, tab);
  if (!bs) return undefined;
  // SEARCH and unchanged lines copied from the (tab-indented) file; the new lines written with spaces.
  const edit = srText(s.fd.path, bs.map((b) => ({ search: b.search.map(tab), replace: b.all.filter((l) => l.op !== '-').map((l) => (l.op === '+' ? l.text : tab(l))) })));
  const truth = textLines(s.fd.truth).map((l) => toTabs(l, unit)).join('\n') + '\n';
  return { base: base.join('\n') + '\n', truth, edit, recoverable: true, format: 'search-replace' };
}

function crlfCreate(s: Src): Made | undefined {
  const lines = textLines(s.fd.truth).slice(0, 200);
  if (lines.length === 0) return undefined;
  const edit = `diff --git a/${s.fd.path} b/${s.fd.path}\nnew file mode 100644\n--- /dev/null\n+++ b/${s.fd.path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}\r\n`).join('')}`;
  return { base: '', truth: lines.map((l) => `${l}\r\n`).join(''), edit, recoverable: true, create: true };
}

function mergedSections(s: Src, rng: Rng): Made | undefined {
  if (s.hunks.length < 2) return undefined;
  const i = rng.int(0, s.hunks.length - 2);
  const out = ['*** Begin Patch', `*** Update File: ${s.fd.path}`];
  s.hunks.forEach((h, k) => {
    if (k !== i + 1) out.push('@@');
    for (const l of h.lines) out.push(l.op + l.text);
  });
  out.push('*** End Patch');
  return { base: s.fd.base, truth: s.fd.truth, edit: out.join('\n') + '\n', recoverable: false, note: 'two sections under one @@: the lines between them are missing', format: 'apply-patch' };
}

function srTruncated(s: Src, rng: Rng): Made | undefined {
  const bs = blocks(s, s.baseLines);
  if (!bs) return undefined;
  let n = 0;
  const parts = bs.map((b) => {
    const search = b.search.map((l) => l.text);
    const replace = b.all.filter((l) => l.op !== '-').map((l) => l.text);
    const cut = (edge: 'first' | 'last') => {
      const l = edge === 'first' ? b.all[0] : b.all[b.all.length - 1];
      if (l.op !== ' ' || l.text.trim().length < 12 || !rng.chance(0.7)) return;
      // The model copied part of the line: its start (indentation and some text) or its end is missing.
      const t = l.text;
      const body = t.trim().length;
      const k = Math.max(1, Math.floor(body * rng.pick([0.3, 0.5])));
      const part = edge === 'first' ? t.slice(lead(t).length + k) : t.slice(0, t.length - k);
      if (edge === 'first') [search[0], replace[0]] = [part, part];
      else [search[search.length - 1], replace[replace.length - 1]] = [part, part];
      n++;
    };
    cut('first');
    cut('last');
    return { search, replace };
  });
  if (n === 0) return undefined;
  return { base: s.fd.base, truth: s.fd.truth, edit: srText(s.fd.path, parts), recoverable: true, format: 'search-replace' };
}

function srBlankMissing(s: Src): Made | undefined {
  const bs = blocks(s, s.baseLines);
  if (!bs) return undefined;
  let n = 0;
  const parts = bs.map((b) => {
    const shown = b.search.map((l) => l.text);
    const first = shown.findIndex((t) => t.trim() !== '');
    let last = shown.length - 1;
    while (last > 0 && shown[last].trim() === '') last--;
    const search = shown.filter((t, i) => t.trim() !== '' || i < first || i > last);
    n += shown.length - search.length;
    return { search, replace: b.all.filter((l) => l.op !== '-').map((l) => l.text) };
  });
  if (n === 0) return undefined;
  return { base: s.fd.base, truth: s.fd.truth, edit: srText(s.fd.path, parts), recoverable: true, format: 'search-replace' };
}

export const MODEL_ERRORS: Record<string, (s: Src, rng: Rng) => Made | undefined> = {
  'comment-marker': commentMarker,
  'stale-hunk': staleHunk,
  'plus-space': plusSpace,
  'tab-file-sr': tabFileSearchReplace,
  'crlf-create': crlfCreate,
  'merged-sections': mergedSections,
  'sr-truncated': srTruncated,
  'sr-blank-missing': srBlankMissing,
};

export function modelErrorCases(files: readonly FileDiff[], seed: number): Case[] {
  const out: Case[] = [];
  for (const [kind, fn] of Object.entries(MODEL_ERRORS)) {
    for (const fd of files) {
      const made = fn(source(fd), new Rng(`${seed}:${kind}:${fd.id}`));
      if (!made) continue;
      const { format, ...rest } = made;
      out.push({ id: `${kind}:${fd.id}`, kind, format: format ?? 'unified', path: fd.path, ...rest });
    }
  }
  return out;
}

