/**
 * A parsed hunk made ready for locating: carriage returns stripped, the old side (context and
 * removed lines) pulled out, and the placement type that locating strategies produce.
 */
import type { Strategy } from '../changeSet/changeSet';
import type { HunkLine, ParsedHunk } from '../parse/parsedEdit';
import type { Reindent } from '../recover/reindent';
import { countEvidence, type CountEvidence } from '../recover/hunkRepair';

export interface PreparedHunk {
  index: number;
  lines: HunkLine[];
  /** Positions in `lines` of the old side (' ' and '-' lines), in order. */
  oldIdx: number[];
  oldText: string[];
  oldOps: Array<' ' | '-'>;
  /** 0-based line where the edit says the old side starts. */
  hint?: number;
  sectionHint?: string;
  anchoredAtEnd: boolean;
  appendOnly: boolean;
  oldNoFinalNewline: boolean;
  newNoFinalNewline: boolean;
  /** What the header's line counts say about mislabelled lines (unified hunks with counts only). */
  counts?: CountEvidence;
  /** The old side's length as the unified header states it. */
  oldCount?: number;
}

/** Where a hunk's old side sits in the base and how each of its lines lines up there. */
export interface Placement {
  /** Replaced base range [start, end). */
  start: number;
  end: number;
  /** Per old-side line: the base line it matched, or -1 when the file has no such line there. */
  map: number[];
  /** Old-side elision lines: the base range [from, to) they stand for. */
  elided?: Map<number, [number, number]>;
  strategy: Strategy;
  confidence: number;
  reindent?: Reindent;
  /** The place was picked by the edit's line number among (possibly) several equal ones. */
  viaHint?: boolean;
  /** ...and that line number was shifted by a neighbouring hunk's offset (not independent evidence). */
  viaDrift?: boolean;
}

export function prepareHunk(h: ParsedHunk, index: number): PreparedHunk {
  const lines = h.lines.map((l) => ({ ...l, text: l.text.endsWith('\r') ? l.text.slice(0, -1) : l.text }));
  const oldIdx: number[] = [];
  lines.forEach((l, i) => {
    if (l.op !== '+') oldIdx.push(i);
  });
  return {
    index,
    lines,
    oldIdx,
    oldText: oldIdx.map((i) => lines[i].text),
    oldOps: oldIdx.map((i) => lines[i].op as ' ' | '-'),
    hint: h.oldStart !== undefined && h.oldStart > 0 ? h.oldStart - 1 : undefined,
    sectionHint: h.sectionHint?.trim() || undefined,
    anchoredAtEnd: !!h.anchoredAtEnd,
    appendOnly: !!h.appendOnly,
    oldNoFinalNewline: !!h.oldNoFinalNewline,
    newNoFinalNewline: !!h.newNoFinalNewline,
    counts: countEvidence(h),
    oldCount: h.oldCount,
  };
}

/** "hunk 2 (starting `foo(`)": how refusals name a hunk. */
export function describeHunk(h: PreparedHunk): string {
  const first = h.oldText.find((t) => t.trim() !== '') ?? h.lines.find((l) => l.text.trim() !== '')?.text ?? '';
  const shown = first.trim().length > 60 ? first.trim().slice(0, 57) + '...' : first.trim();
  return `hunk ${h.index + 1} (starting "${shown}")`;
}
