/**
 * The local decisions log (decisionRecord.ts): JSON lines appended to one file (global storage, or
 * the CLI's ~/.forge). It holds hunk records and best-of-N preference records (preferenceRecord.ts).
 */
import { parseDecisionLog, type DecisionLogEntry, type DecisionRecord } from '../core/usage/decisionRecord';
import type { PreferenceRecord } from '../core/usage/preferenceRecord';
import { JsonLinesLog } from './jsonLinesLog';

function parseEntries(text: string): { records: DecisionLogEntry[]; skipped: number } {
  const { records, preferences, skipped } = parseDecisionLog(text);
  return { records: [...records, ...preferences], skipped };
}

/** The file is the user's alone (0600): it holds hunks of their code. */
export class DecisionLog extends JsonLinesLog<DecisionLogEntry> {
  constructor(file: string) {
    super(file, parseEntries, 0o600);
  }

  /** The hunk records (`records`, as readers before preference records expect) and the preference records, in log order each. */
  override async read(): Promise<{ records: DecisionRecord[]; preferences: PreferenceRecord[]; skipped: number }> {
    const { records, skipped } = await super.read();
    return {
      records: records.filter((r): r is DecisionRecord => r.kind === 'hunk'),
      preferences: records.filter((r): r is PreferenceRecord => r.kind === 'preference'),
      skipped,
    };
  }
}
