/**
 * What the agent is told when a review panel closes: the session's decisions, with the hunks still
 * pending counted as rejected ("closed without deciding"). No vscode import: unit-tested on Node.
 */
import type { ReviewOutcome } from '../../core/ports';
import type { ReviewSession } from '../../core/review/reviewSession';

export const CLOSED_WITHOUT_DECIDING = 'closed without deciding';

export async function closedOutcome(session: ReviewSession, forget: (id: string) => Promise<void>): Promise<ReviewOutcome> {
  const outcome = session.outcome(true);
  let decided = 0;
  let pending = 0;
  for (const f of outcome.files) {
    for (const d of f.decisions) {
      if (session.hunkState(f.path, d.hunkIndex)?.decision === undefined) {
        d.reason = CLOSED_WITHOUT_DECIDING;
        pending++;
      } else decided++;
    }
  }
  // The agent was told these hunks are rejected: they must not come back as a pending review.
  if (pending > 0) await forget(session.changeSet.id).catch(() => undefined);
  outcome.completed = decided > 0 || pending === 0;
  return outcome;
}
