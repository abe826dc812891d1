/**
 * A stale base: the file changed after the change set was located. Detected by hash; each hunk's
 * exact old lines are located again in the current text with the same cascade, or refused.
 * Whole-file replacements and deletions of a changed file are refused (they would lose the change).
 */
import type { ChangeSet, FileChange, Hunk, HunkRefusal } from './changeSet';
import { locateFileHunks } from '../locate/locateFile';
import type { HunkLine, ParsedHunk } from '../parse/parsedEdit';
import { hashText, parseText } from './textDoc';

export interface RelocateResult {
  ok: boolean;
  /** The change set against the current texts (files that could not be re-located are left out). */
  changeSet: ChangeSet;
  refusals: HunkRefusal[];
  /** Paths whose base had changed and whose hunks were located again. */
  relocated: string[];
}

export function relocateChangeSet(cs: ChangeSet, currentBases: ReadonlyMap<string, string | null>): RelocateResult {
  const files: FileChange[] = [];
  const refusals: HunkRefusal[] = [];
  const relocated: string[] = [];
  const refuse = (path: string, reason: string): void => {
    refusals.push({ path, hunkIndex: -1, reason });
  };
  for (const f of cs.files) {
    const current = currentBases.get(f.path) ?? null;
    if (f.action === 'add') {
      if (current !== null) refuse(f.path, `${f.path} was created by someone else in the meantime; it was not overwritten.`);
      else files.push(f);
      continue;
    }
    if (current === null) {
      refuse(f.path, `${f.path} no longer exists.`);
      continue;
    }
    if (f.action === 'rename' && f.newPath && (currentBases.get(f.newPath) ?? null) !== null) {
      refuse(f.path, `${f.path} cannot be moved to ${f.newPath}: ${f.newPath} now exists.`);
      continue;
    }
    const hash = hashText(current);
    if (hash === f.baseHash) {
      files.push(f);
      continue;
    }
    const wholeFile = f.hunks.some((h) => h.strategy === 'whole-file' || h.strategy === 'delete');
    if (f.action === 'delete' || wholeFile) {
      refuse(f.path, `${f.path} changed after the edit was made; ${f.action === 'delete' ? 'deleting' : 'replacing'} it would lose those changes.`);
      continue;
    }
    const doc = parseText(current);
    const outcomes = locateFileHunks(f.path, doc.lines, f.hunks.map(toParsedHunk));
    const hunks: Hunk[] = [];
    let failed = false;
    outcomes.forEach((o, i) => {
      const orig = f.hunks[i];
      if (o.refusal) {
        failed = true;
        refusals.push({
          path: f.path,
          hunkIndex: orig.index,
          reason: `${f.path} changed after the edit was made and the change could not be placed again: ${o.refusal.reason}`,
          closest: o.refusal.closest,
        });
        return;
      }
      const h = o.hunk!;
      const exactNow = h.strategy === 'exact' || h.strategy === 'exact-anywhere';
      hunks.push({
        ...h,
        index: orig.index,
        strategy: exactNow ? orig.strategy : h.strategy,
        confidence: Math.min(orig.confidence, h.confidence),
        syntaxWarning: orig.syntaxWarning,
      });
    });
    if (failed) continue;
    hunks.sort((a, b) => a.baseStart - b.baseStart || a.oldLines.length - b.oldLines.length || a.index - b.index);
    relocated.push(f.path);
    files.push({ ...f, baseHash: hash, hunks });
  }
  return { ok: refusals.length === 0, changeSet: { ...cs, files }, refusals, relocated };
}

/** A located hunk back as a parsed one: shared leading/trailing lines become context. */
export function toParsedHunk(h: Hunk): ParsedHunk {
  const o = h.oldLines;
  const n = h.newLines;
  let pre = 0;
  while (pre < o.length && pre < n.length && o[pre] === n[pre]) pre++;
  let suf = 0;
  while (suf < o.length - pre && suf < n.length - pre && o[o.length - 1 - suf] === n[n.length - 1 - suf]) suf++;
  const lines: HunkLine[] = [
    ...o.slice(0, pre).map((text) => ({ op: ' ' as const, text })),
    ...o.slice(pre, o.length - suf).map((text) => ({ op: '-' as const, text })),
    ...n.slice(pre, n.length - suf).map((text) => ({ op: '+' as const, text })),
    ...o.slice(o.length - suf).map((text) => ({ op: ' ' as const, text })),
  ];
  return { oldStart: h.baseStart + 1, lines, appendOnly: h.strategy === 'append' || h.strategy === 'append-end' };
}
