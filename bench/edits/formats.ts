/**
 * The same real edits written the other ways models write them: SEARCH/REPLACE blocks (Aider style)
 * and OpenAI's apply_patch format. Baselines cannot read these; only Forge is measured on them.
 */
import { Rng } from './rng';
import { source, type Src } from './corrupt';
import type { Case, FileDiff } from './types';
import { occurrences, oldSide, type DHunk, type DLine } from './udiff';

const CONFLICT = /^(<<<<<<<|=======|>>>>>>>)/;

/** Trim a hunk's leading/trailing context to at most `keep` lines (at least one line of old side stays). */
function trimContext(h: DHunk, keep: number): DLine[] {
  const lines = h.lines;
  let a = 0;
  while (a < lines.length && lines[a].op === ' ') a++;
  let b = lines.length;
  while (b > 0 && lines[b - 1].op === ' ') b--;
  const hasOld = lines.slice(a, b).some((l) => l.op === '-');
  const k = hasOld ? keep : Math.max(keep, 1);
  return lines.slice(Math.max(0, a - k), Math.min(lines.length, b + k));
}

function blocksRecoverable(s: Src, blocks: DLine[][]): { ok: boolean; note?: string } {
  if (s.fd.base.endsWith('\n') !== s.fd.truth.endsWith('\n')) return { ok: false, note: 'the format cannot express a final-newline change' };
  for (const b of blocks) {
    const old = b.filter((l) => l.op !== '+').map((l) => l.text);
    if (old.length === 0) return { ok: false, note: 'a block has nothing to anchor it' };
    if (occurrences(s.baseLines, old) !== 1) return { ok: false, note: 'a SEARCH text matches in several places' };
    if (b.some((l) => CONFLICT.test(l.text))) return { ok: false, note: 'file lines look like SEARCH/REPLACE markers' };
  }
  return { ok: true };
}

const LANG: Record<string, string> = { js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', md: 'markdown', json: 'json' };

function searchReplace(s: Src, rng: Rng, keep: number): Omit<Case, 'id' | 'kind' | 'format' | 'path'> {
  const blocks = s.hunks.map((h) => trimContext(h, keep));
  const lang = LANG[s.fd.path.split('.').pop() ?? ''] ?? '';
  const fenced = rng.chance(0.7);
  const parts: string[] = [rng.pick(['', `I'll make these changes to ${s.fd.path}.\n\n`])];
  for (const b of blocks) {
    const body = [
      '<<<<<<< SEARCH',
      ...b.filter((l) => l.op !== '+').map((l) => l.text),
      '=======',
      ...b.filter((l) => l.op !== '-').map((l) => l.text),
      '>>>>>>> REPLACE',
    ].join('\n');
    parts.push(fenced ? `${s.fd.path}\n\`\`\`${lang}\n${body}\n\`\`\`\n` : `${s.fd.path}\n${body}\n`);
  }
  const r = blocksRecoverable(s, blocks);
  return { base: s.fd.base, truth: s.fd.truth, edit: parts.join('\n'), recoverable: r.ok, note: r.note };
}

function applyPatch(s: Src): Omit<Case, 'id' | 'kind' | 'format' | 'path'> {
  const out = ['*** Begin Patch', `*** Update File: ${s.fd.path}`];
  const baseSet = new Set(s.baseLines);
  for (const h of s.hunks) {
    // git's section hint is a line above the hunk; use it only when it is a whole line of the file.
    out.push(h.section && baseSet.has(h.section) ? `@@ ${h.section}` : '@@');
    for (const l of h.lines) out.push(l.op + l.text);
    if (h.oldStart - 1 + oldSide(h).length >= s.baseLines.length) out.push('*** End of File');
  }
  out.push('*** End Patch');
  const r = blocksRecoverable(s, s.hunks.map((h) => h.lines));
  // apply_patch defines the result of a chunk that replaces the last line as ending with a newline
  // (the format cannot say otherwise): that is the right answer for such a case, not the later version's bytes.
  const touchesEnd = s.hunks.some((h) => h.oldStart - 1 + oldSide(h).length >= s.baseLines.length && oldSide(h).length > 0);
  const defined = s.fd.base.length > 0 && !s.fd.base.endsWith('\n') && touchesEnd && !s.fd.truth.endsWith('\n');
  const truth = defined ? `${s.fd.truth}\n` : s.fd.truth;
  return { base: s.fd.base, truth, edit: out.join('\n') + '\n', recoverable: r.ok, note: defined ? 'apply_patch defines the result to end with a newline' : r.note };
}

const MARKER: Record<string, string> = { js: '// ... existing code ...', mjs: '// ... existing code ...', cjs: '// ... existing code ...', ts: '// ... existing code ...', md: '<!-- ... existing content ... -->' };

/**
 * The later version as a "whole file" the way models write one when they are lazy: the changed
 * parts with git's 3 lines of context, and one marker line for each stretch of unchanged code.
 * Recoverable when the shown code next to each marker has a line that occurs once in the base.
 */
function wholeElided(s: Src): ReturnType<typeof applyPatch> | undefined {
  const marker = MARKER[s.fd.path.split('.').pop() ?? ''];
  if (!marker || s.hunks.length === 0) return undefined;
  const out: string[] = [];
  let next = 1; // 1-based base line not yet accounted for
  let recoverable = s.fd.base.endsWith('\n') === s.fd.truth.endsWith('\n');
  let note = recoverable ? undefined : 'the final newline changes and a whole file cannot say it';
  const once = (l: string) => l.trim().length >= 4 && /[A-Za-z0-9]/.test(l) && s.baseLines.filter((b) => b.trimEnd() === l.trimEnd()).length === 1;
  for (const h of s.hunks) {
    if (h.oldStart > next) {
      out.push(marker);
      const lead = h.lines.slice(0, 3).filter((l) => l.op === ' ').map((l) => l.text);
      if (!lead.some(once) && recoverable) [recoverable, note] = [false, 'the code after a marker occurs elsewhere in the file too'];
      if (out.length > 1) {
        const before = out.slice(-4, -1);
        if (!before.some(once) && recoverable) [recoverable, note] = [false, 'the code before a marker occurs elsewhere in the file too'];
      }
    }
    for (const l of h.lines) if (l.op !== '-') out.push(l.text);
    next = h.oldStart + oldSide(h).length;
  }
  if (next <= s.baseLines.length) out.push(marker);
  if (out.some((l) => l.includes('```'))) return undefined;
  const lang = LANG[s.fd.path.split('.').pop() ?? ''] ?? '';
  const content = out.join('\n') + (s.fd.truth.endsWith('\n') ? '\n' : '');
  return { base: s.fd.base, truth: s.fd.truth, edit: `${s.fd.path}\n\`\`\`${lang}\n${content}\`\`\`\n`, recoverable, note };
}

export const OTHER_FORMATS: Record<string, { format: Case['format']; make: (s: Src, rng: Rng) => ReturnType<typeof applyPatch> | undefined }> = {
  'search-replace': { format: 'search-replace', make: (s, rng) => searchReplace(s, rng, 3) },
  'search-replace-minimal': { format: 'search-replace', make: (s, rng) => searchReplace(s, rng, 1) },
  'apply-patch': { format: 'apply-patch', make: (s) => applyPatch(s) },
  'whole-elided': { format: 'whole', make: (s) => wholeElided(s) },
};

export function otherFormatCases(files: readonly FileDiff[], seed: number): Case[] {
  const out: Case[] = [];
  for (const [kind, { format, make }] of Object.entries(OTHER_FORMATS)) {
    for (const fd of files) {
      const c = make(source(fd), new Rng(`${seed}:${kind}:${fd.id}`));
      if (!c) continue;
      out.push({ id: `${kind}:${fd.id}`, kind, format, path: fd.path, ...c });
    }
  }
  return out;
}

