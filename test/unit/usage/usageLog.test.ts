/** The usage log file: appends in order (concurrent appends never interleave), reads back, tolerates a missing file. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { UsageRecord } from '../../../src/core/usage/usageRecord';
import { UsageLog } from '../../../src/node/usageLog';

describe('usage log', () => {
  it('appends JSON lines and reads them back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-usage-'));
    try {
      const log = new UsageLog(path.join(dir, 'global', 'usage.jsonl'));
      assert.deepEqual(await log.read(), { records: [], skipped: 0 });
      const rec = (i: number): UsageRecord => ({ v: 1, kind: 'task', at: `2026-12-01T00:00:0${i}.000Z`, taskId: `t${i}`, endpoint: 'e', model: 'm', outcome: 'finished', languages: [], steps: i, tokensIn: 1, tokensOut: 1, costUsd: null, durationMs: 1, changeSets: 0, hunksAccepted: 0, hunksRejected: 0, hunksEdited: 0 });
      await Promise.all([log.append([rec(1), rec(2)]), log.append([rec(3)]), log.append([])]);
      const text = fs.readFileSync(log.file, 'utf8');
      assert.equal(text.split('\n').length, 4);
      assert.deepEqual((await log.read()).records.map((r) => (r.kind === 'revert' ? '' : r.taskId)), ['t1', 't2', 't3']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
