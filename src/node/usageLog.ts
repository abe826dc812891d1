/** The usage insights log: JSON lines appended to one file (the extension's global storage). */
import { parseUsageLog, type UsageRecord } from '../core/usage/usageRecord';
import { JsonLinesLog } from './jsonLinesLog';

export class UsageLog extends JsonLinesLog<UsageRecord> {
  constructor(file: string) {
    super(file, parseUsageLog);
  }
}
