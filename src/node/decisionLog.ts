/** The local decisions log (decisionRecord.ts): JSON lines appended to one file (global storage, or the CLI's ~/.forge). */
import { parseDecisionLog, type DecisionRecord } from '../core/usage/decisionRecord';
import { JsonLinesLog } from './jsonLinesLog';

/** The file is the user's alone (0600): it holds hunks of their code. */
export class DecisionLog extends JsonLinesLog<DecisionRecord> {
  constructor(file: string) {
    super(file, parseDecisionLog, 0o600);
  }
}
