/**
 * What OpenAI's apply_patch defines where a stricter reading would refuse. Forge follows the
 * reference here (models are trained on it) and labels each such hunk, so the reviewer and the
 * model are told what happened (docs/edits.md, "Conformance"):
 *   - "*** Add File:" naming a file that exists replaces its whole content;
 *   - "*** Move to:" onto a file that exists replaces that file;
 *   - a chunk with neither context nor removed lines (and no @@ hint) is appended at the end
 *     (parseApplyPatch marks it appendOnly; here it gets its own label);
 *   - a chunk that changes the last line of a file without a final newline leaves one.
 * All-or-nothing still holds: a patch with any refused file writes nothing, unlike the reference.
 */
import type { FileChange, Hunk, Strategy } from './changeSet';
import type { ParsedFileEdit } from '../parse/parsedEdit';
import { changedRuns } from './textChanges';
import { hashText, hasFinalNewline, parseText, renderFile } from './textDoc';

/** The strategy an apply_patch hunk is labelled with, given how it was located. */
export function applyPatchStrategy(strategy: Strategy, parsed: ParsedFileEdit['hunks'][number] | undefined): Strategy {
  return strategy === 'append' && parsed?.appendOnly ? 'append-end' : strategy;
}

/**
 * The change that makes `path` hold exactly `lines` (ending with a newline when `finalNewline`),
 * replacing what is there: one hunk per run of changed lines, each labelled `overwrite`.
 */
export function overwriteChange(path: string, base: string, lines: readonly string[], finalNewline: boolean, confidence = 1): FileChange {
  const doc = parseText(base);
  const hunks: Hunk[] = changedRuns(doc.lines, [...lines]).map((h) => ({ ...h, strategy: 'overwrite' as const, confidence }));
  const has = doc.lines.length === 0 || hasFinalNewline(doc);
  const want = lines.length === 0 ? has : finalNewline;
  return { action: 'update', path, baseHash: hashText(base), hunks, ...(want !== has ? { finalNewline: want } : {}) };
}

/**
 * A "Move to:" onto a file that exists, once the source's own hunks are located (`moved` is the
 * source as an update): the source is deleted and the destination gets the moved text.
 */
export function moveOntoExisting(
  source: { path: string; base: string; moved: FileChange | undefined },
  dest: { path: string; base: string },
): FileChange[] {
  const text = source.moved ? renderFile(source.base, source.moved) ?? '' : source.base;
  const confidence = Math.min(1, ...(source.moved?.hunks.map((h) => h.confidence) ?? [1]));
  const srcDoc = parseText(source.base);
  const del: FileChange = {
    action: 'delete',
    path: source.path,
    baseHash: hashText(source.base),
    hunks: [{ index: 0, baseStart: 0, oldLines: srcDoc.lines, newLines: [], strategy: 'delete', confidence: 1 }],
  };
  const doc = parseText(text);
  // The moved text keeps its own final newline (or lack of one), not the destination's.
  const put = overwriteChange(dest.path, dest.base, doc.lines, hasFinalNewline(doc), confidence);
  return [put, del];
}
