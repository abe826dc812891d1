/** Placeholder until the preference record API is merged. */
import type { DecisionLog } from '../../node/decisionLog';
import type { PreferenceChoice } from './bestOfTasks';

export function preferenceWriter(_log: DecisionLog): (c: PreferenceChoice) => Promise<void> {
  return async () => undefined;
}
