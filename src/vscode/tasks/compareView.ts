/**
 * The comparison page's view of a best-of-N group (src/protocol/compare.ts): per candidate its
 * figures and each file's hunks as -/+ lines. Pure (no vscode), so unit tests build it directly.
 */
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import { candidateDurationMs, pickable, type BestOfGroup } from '../../core/tasks/bestOfGroup';
import type { CompareFile, CompareView } from '../../protocol/compare';

export function compareFiles(cs: ChangeSet | undefined): CompareFile[] {
  return (cs?.files ?? []).map((f) => ({
    path: f.path,
    action: f.action,
    added: f.hunks.reduce((n, h) => n + h.newLines.length, 0),
    removed: f.hunks.reduce((n, h) => n + h.oldLines.length, 0),
    hunks: f.hunks.map((h) => ({
      index: h.index,
      line: h.baseStart + 1,
      lines: [...h.oldLines.map((text) => ({ op: '-' as const, text })), ...h.newLines.map((text) => ({ op: '+' as const, text }))],
    })),
  }));
}

export function compareView(g: BestOfGroup, sets: ReadonlyMap<string, ChangeSet>, now: number, decided?: string): CompareView {
  return {
    groupId: g.id,
    task: g.task,
    candidates: g.candidates.map((c) => ({
      id: c.id,
      letter: c.letter,
      endpoint: c.endpointLabel,
      model: c.model,
      state: c.state,
      ...(c.note ? { note: c.note } : {}),
      pickable: !decided && pickable(c) && sets.has(c.id),
      files: compareFiles(sets.get(c.id)),
      linesAdded: c.linesAdded,
      linesRemoved: c.linesRemoved,
      check: c.check ? { passed: c.check.passed, command: c.check.command, outputTail: c.check.outputTail } : null,
      costUsd: c.costUsd ?? null,
      tokens: c.tokens,
      durationMs: candidateDurationMs(c, now),
    })),
    ...(decided ? { decided } : {}),
  };
}
