/**
 * Which edit format a model's text is in: the earliest strong marker wins (apply_patch `***`
 * lines, a `<<<<<<< SEARCH` line, unified `diff --git` / `--- +++` / `@@` headers). Whole-file
 * blocks have no marker: they are the fallback when nothing else is found. Line by line, so it
 * works on a stream.
 */
import type { EditFormat } from './parsedEdit';
import { SR_START_KEYWORD } from './parseSearchReplace';

const APPLY_PATCH = /^\*\*\*\s*(?:Begin Patch|(?:Add|Update|Delete) File:)/i;
const UNIFIED = /^(?:diff --git |Index: |@@ -\d|@@+[ \t]*-?\d*.*@@)/;

export class FormatDetector {
  private prevMinus = false;

  /** The format this line (with the previous one) proves, if any. */
  push(line: string): Exclude<EditFormat, 'whole'> | undefined {
    const prevMinus = this.prevMinus;
    this.prevMinus = /^--- \S/.test(line);
    if (APPLY_PATCH.test(line)) return 'apply-patch';
    if (SR_START_KEYWORD.test(line)) return 'search-replace';
    if (UNIFIED.test(line)) return 'unified';
    if (prevMinus && /^\+\+\+ \S/.test(line)) return 'unified';
    return undefined;
  }
}

/** The format of a whole text, or undefined when it has no marker (maybe whole-file content). */
export function detectFormat(lines: readonly string[]): Exclude<EditFormat, 'whole'> | undefined {
  const d = new FormatDetector();
  for (const l of lines) {
    const f = d.push(l);
    if (f) return f;
  }
  return undefined;
}
