/**
 * Turns each real per-file diff into unified-diff benchmark cases, one corruption type per row,
 * the way models get diffs wrong. Ground truth is always the real later version.
 */
import { Rng } from './rng';
import type { Case, FileDiff } from './types';
import {
  allHunksUnique, cloneHunks, fileHeader, oldSide, parseHunks, serializeHunks, textLines,
  type DHunk, type DLine, type HeaderStyle, type SerializeOptions,
} from './udiff';

export interface Src {
  fd: FileDiff;
  hunks: DHunk[];
  baseLines: string[];
  /** Every hunk's old side occurs exactly once in the base (locatable without line numbers). */
  unique: boolean;
}

export function source(fd: FileDiff): Src {
  const hunks = parseHunks(fd.hunks);
  const baseLines = textLines(fd.base);
  return { fd, hunks, baseLines, unique: allHunksUnique(baseLines, hunks) };
}

type Corruptor = (s: Src, rng: Rng) => Omit<Case, 'id' | 'kind' | 'format' | 'path'> | undefined;

const patch = (s: Src, hunks: readonly DHunk[], opts: SerializeOptions = {}, style: HeaderStyle = 'git') =>
  fileHeader(s.fd.path, style) + serializeHunks(hunks, opts);

const plain = (s: Src, edit: string, recoverable: boolean, note?: string) => ({
  base: s.fd.base, truth: s.fd.truth, edit, recoverable, note,
});

/** At least one of `xs` (chosen with probability p each) gets `fn`. */
function some<T>(rng: Rng, xs: readonly T[], p: number, fn: (x: T) => void): number {
  const chosen = xs.filter(() => rng.chance(p));
  if (chosen.length === 0 && xs.length > 0) chosen.push(rng.pick(xs));
  chosen.forEach(fn);
  return chosen.length;
}

/** The change group (maximal run of +/- lines) that contains line i, or undefined for context. */
function groupAt(lines: readonly DLine[], i: number): DLine[] | undefined {
  if (i < 0 || i >= lines.length || lines[i].op === ' ') return undefined;
  let a = i;
  let b = i;
  while (a > 0 && lines[a - 1].op !== ' ') a--;
  while (b < lines.length - 1 && lines[b + 1].op !== ' ') b++;
  return lines.slice(a, b + 1);
}

/**
 * Dropping context line i keeps the edit unambiguous: not between two change groups, and not next to
 * a group that adds more lines than it removes (those extra lines could go on either side of it).
 */
function safeToDrop(lines: readonly DLine[], i: number): boolean {
  const before = groupAt(lines, i - 1);
  const after = groupAt(lines, i + 1);
  if (before && after) return false;
  const g = before ?? after;
  return !g || g.filter((l) => l.op === '+').length <= g.filter((l) => l.op === '-').length;
}

function indentUnit(lines: readonly string[]): string {
  if (lines.some((l) => l.startsWith('\t'))) return '\t';
  return lines.some((l) => /^ {4}\S/.test(l)) && !lines.some((l) => /^ {2}\S/.test(l)) ? '    ' : '  ';
}

const isCode = (path: string) => /\.(m|c)?[jt]sx?$/.test(path);

export const UNIFIED_CORRUPTIONS: Record<string, Corruptor> = {
  clean: (s) => plain(s, patch(s, s.hunks), true),

  'wrong-line-numbers': (s, rng) => {
    const h = cloneHunks(s.hunks);
    const drift = rng.pick([-1, 1]) * rng.int(3, 30);
    for (const x of h) {
      const d = drift + rng.int(-3, 3);
      x.oldStart = Math.max(1, x.oldStart + d);
      x.newStart = Math.max(1, x.newStart + d);
    }
    return plain(s, patch(s, h), s.unique, s.unique ? undefined : 'a hunk matches in several places');
  },

  'wrong-hunk-counts': (s, rng) => {
    const h = cloneHunks(s.hunks);
    some(rng, h, 0.7, (x) => {
      x.oldCount = Math.max(0, x.oldCount + rng.pick([-2, -1, 1, 2, 3]));
      x.newCount = Math.max(0, x.newCount + rng.pick([-2, -1, 1, 2, 3]));
    });
    return plain(s, patch(s, h), true);
  },

  'bare-headers': (s) =>
    plain(s, patch(s, s.hunks, { header: 'bare' }), s.unique, s.unique ? undefined : 'a hunk matches in several places'),

  'dropped-context': (s, rng) => {
    const h = cloneHunks(s.hunks);
    let ok = true;
    const cands = h.filter((x) => x.lines.some((l, i) => l.op === ' ' && i > 0 && i < x.lines.length - 1));
    if (cands.length === 0) return undefined;
    some(rng, cands, 0.7, (x) => {
      const interior = x.lines.map((l, i) => i).filter((i) => x.lines[i].op === ' ' && i > 0 && i < x.lines.length - 1);
      const safe = interior.filter((i) => safeToDrop(x.lines, i));
      const i = rng.pick(safe.length ? safe : interior);
      if (!safeToDrop(x.lines, i)) ok = false;
      x.lines.splice(i, 1);
    });
    return plain(s, patch(s, h), ok, ok ? undefined : 'dropped line decided where added lines go');
  },

  'extra-context': (s, rng) => {
    const h = cloneHunks(s.hunks);
    some(rng, h, 0.7, (x) => {
      const slots = x.lines.map((_, i) => i).filter((i) => i > 0 && (x.lines[i - 1].op === ' ' || x.lines[i].op === ' '));
      if (slots.length === 0) return;
      const i = rng.pick(slots);
      const ctx = x.lines[i - 1].op === ' ' ? x.lines[i - 1] : x.lines[i];
      // Duplicated context, a stray blank line, or an invented line that is in neither version.
      const lead = /^[\t ]*/.exec(ctx.text)?.[0] ?? '';
      const invented = lead + (isCode(s.fd.path) ? rng.pick(['// keep existing behaviour', 'return result;', '}']) : rng.pick(['See below.', '---']));
      const inNeither = !s.baseLines.includes(invented) && !s.fd.truth.split('\n').includes(invented);
      const text = rng.pick([ctx.text, '', inNeither ? invented : ctx.text]);
      x.lines.splice(i, 0, { op: ' ', text });
    });
    return plain(s, patch(s, h), true);
  },

  'trailing-ws': (s, rng) => {
    const h = cloneHunks(s.hunks);
    const lines = h.flatMap((x) => x.lines.filter((l) => l.op !== '+'));
    some(rng, lines, 0.5, (l) => {
      l.text = /\s$/.test(l.text) ? l.text.replace(/\s+$/, '') : l.text + rng.pick([' ', '  ', '\t']);
    });
    return plain(s, patch(s, h), true);
  },

  'tab-space': (s, rng) => {
    const h = cloneHunks(s.hunks);
    const unit = indentUnit(s.baseLines);
    const to = unit === '\t' ? rng.pick(['  ', '    ']) : '\t';
    let n = 0;
    for (const l of h.flatMap((x) => x.lines.filter((y) => y.op !== '+'))) {
      const m = /^[\t ]+/.exec(l.text);
      if (!m) continue;
      const lead = unit === '\t' ? m[0].replace(/\t/g, to) : m[0].replace(new RegExp(unit, 'g'), to);
      if (lead !== m[0]) n++;
      l.text = lead + l.text.slice(m[0].length);
    }
    return n === 0 ? undefined : plain(s, patch(s, h), true);
  },

  'indent-shift': (s) => {
    const h = cloneHunks(s.hunks);
    const unit = indentUnit(s.baseLines);
    for (const l of h.flatMap((x) => x.lines)) if (l.text !== '') l.text = unit + l.text;
    return plain(s, patch(s, h), true, 'the whole hunk, added lines too, is indented one level deeper');
  },

  elision: (s, rng) => {
    const h = cloneHunks(s.hunks);
    const marker = () => (isCode(s.fd.path) ? rng.pick(['...', '// ...', '// ... existing code ...']) : '...');
    if (h.length >= 2) {
      const i = rng.int(0, h.length - 2);
      const [a, b] = [h[i], h[i + 1]];
      const lead = rng.chance(0.5) ? (/^[\t ]*/.exec(b.lines[0]?.text ?? '')?.[0] ?? '') : '';
      a.lines.push({ op: ' ', text: lead + marker() }, ...b.lines);
      h.splice(i + 1, 1);
      return plain(s, patch(s, h, { header: 'recount' }), s.unique, s.unique ? 'two hunks joined by an elision' : 'a hunk matches in several places');
    }
    // One hunk: elide an interior run of >= 3 unchanged lines.
    const x = h[0];
    for (let i = 1; i < x.lines.length; i++) {
      let j = i;
      while (j < x.lines.length && x.lines[j].op === ' ') j++;
      if (j - i >= 3 && j < x.lines.length && x.lines[i - 1].op !== ' ') {
        x.lines.splice(i + 1, j - i - 2, { op: ' ', text: marker() });
        return plain(s, patch(s, h, { header: 'recount' }), s.unique, 'unchanged lines inside a hunk elided');
      }
      i = j;
    }
    return undefined;
  },

  'no-newline-marker': (s) => {
    if (s.fd.hunks.includes('\n\\ No newline')) {
      const same = s.fd.base.endsWith('\n') === s.fd.truth.endsWith('\n');
      return plain(s, patch(s, s.hunks, { markers: false }), same, same ? undefined : 'the edit changes the final newline and the marker said so');
    }
    const v = s.fd.noEol;
    if (!v) return undefined;
    const hunks = parseHunks(v.hunks);
    // Stripping one final newline can leave the later version still ending in one ("\n\n" before).
    const same = v.base.endsWith('\n') === v.truth.endsWith('\n');
    return { base: v.base, truth: v.truth, edit: patch(s, hunks, { markers: false }), recoverable: same, note: same ? 'neither version ends with a newline' : 'the edit changes the final newline and the marker said so' };
  },

  'no-prefix': (s) => plain(s, patch(s, s.hunks, {}, 'noprefix'), true),

  'out-of-order': (s, rng) => {
    if (s.hunks.length < 2) return undefined;
    const h = rng.shuffle(cloneHunks(s.hunks));
    if (h.every((x, i) => x.oldStart === s.hunks[i].oldStart)) h.reverse();
    return plain(s, patch(s, h), true);
  },

  'missing-plus': (s, rng) => {
    const h = cloneHunks(s.hunks);
    const raw = new Set<DLine>();
    let ok = true;
    const cands = (x: DHunk) => x.lines.filter((l) => l.op === '+' && /^[^\s+\-\\@]/.test(l.text));
    const withCands = h.filter((x) => cands(x).length > 0);
    if (withCands.length === 0) return undefined;
    some(rng, withCands, 0.5, (x) => {
      const l = rng.pick(cands(x));
      raw.add(l);
      // Where it would sit if read as context: the base line at that position.
      const at = x.oldStart - 1 + x.lines.slice(0, x.lines.indexOf(l)).filter((y) => y.op !== '+').length;
      if (s.baseLines[at] === l.text) ok = false;
    });
    return plain(s, patch(s, h, { rawLines: raw }), ok, ok ? undefined : 'the unprefixed line also reads as context');
  },

  'crlf-file': (s) => ({
    base: s.fd.base.replace(/\n/g, '\r\n'),
    truth: s.fd.truth.replace(/\n/g, '\r\n'),
    edit: patch(s, s.hunks),
    recoverable: true,
  }),

  'fenced-prose': (s, rng) => {
    const before = rng.pick([
      `Here is the fix for \`${s.fd.path}\`:\n\n`,
      `I'll update the file.\n\n`,
      `Sure! Apply this patch:\n`,
    ]);
    const after = rng.pick([
      '\nThis keeps the existing behaviour and fixes the edge case.\n',
      '\nLet me know if you want tests too.\n',
      '',
    ]);
    const fence = rng.pick(['```diff', '```patch', '```']);
    return plain(s, `${before}${fence}\n${patch(s, s.hunks)}\`\`\`\n${after}`, true);
  },
};

export function unifiedCases(files: readonly FileDiff[], seed: number): Case[] {
  const out: Case[] = [];
  for (const [kind, fn] of Object.entries(UNIFIED_CORRUPTIONS)) {
    for (const fd of files) {
      const rng = new Rng(`${seed}:${kind}:${fd.id}`);
      const c = fn(source(fd), rng);
      if (c) out.push({ id: `${kind}:${fd.id}`, kind, format: 'unified', path: fd.path, ...c });
    }
  }
  return out;
}
