/**
 * A best-of-N decision as the preference record's input (src/core/usage/preferenceRecord.ts): each
 * candidate named by its letter, with its endpoint profile's id (as `forge run --best-of` names it,
 * so `forge report` ranks both hosts' picks together), model, figures and how its run ended.
 */
import type { PreferenceInput } from '../usage/preferenceRecord';
import type { BestOfChoice } from './bestOfGroup';

const OUTCOME = { ended: 'done', failed: 'failed', stopped: 'stopped', running: 'stopped' } as const;

export function preferenceInput(c: BestOfChoice, redact?: (text: string) => string): PreferenceInput {
  const letter = new Map(c.group.candidates.map((x) => [x.id, x.letter]));
  const name = (id: string) => letter.get(id) ?? id;
  return {
    groupId: c.group.id,
    task: c.group.task,
    proposedAt: c.group.proposedAt,
    decidedAt: c.decidedAt,
    candidates: c.group.candidates.map((x) => ({
      id: x.letter,
      endpoint: x.endpoint,
      model: x.model,
      changeSetId: x.changeSetId && x.files > 0 ? x.changeSetId : null,
      files: x.files,
      linesAdded: x.linesAdded,
      linesRemoved: x.linesRemoved,
      check: x.check ? (x.check.passed ? 'passed' : 'failed') : 'none',
      costUsd: x.costUsd ?? null,
      tokens: x.tokens > 0 ? x.tokens : null,
      durationMs: Math.max(0, (x.endedAt ?? c.decidedAt) - x.startedAt),
      outcome: x.note ? `${OUTCOME[x.state]} (${x.note})` : OUTCOME[x.state],
    })),
    ...(c.picked ? { picked: name(c.picked) } : {}),
    taken: c.taken.map((t) => ({ candidateId: name(t.candidateId), path: t.path, hunkIndex: t.hunkIndex })),
    reason: c.reason ?? null,
    ...(redact ? { redact } : {}),
  };
}
