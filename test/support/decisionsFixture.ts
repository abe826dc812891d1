/** A real folder and the events of one reviewed task, for the decisions log, export and report tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/core/agent/events';
import type { ChangeSet } from '../../src/core/edits/changeSet/changeSet';
import type { DecisionRecord } from '../../src/core/usage/decisionRecord';
import { DecisionRecorder } from '../../src/core/usage/decisionRecorder';
import { hashText } from '../../src/core/edits/changeSet/textDoc';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';

export const APP_TEXT = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
export const SECRET = 'sk-live-0123456789abcdef';

/** A real folder: src/app.ts (10 lines), .env with a secret, build/ ignored. */
export function decisionsWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-decisions-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'app.ts'), APP_TEXT);
  fs.writeFileSync(path.join(dir, '.env'), `API_TOKEN=${SECRET}\n`);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
  return dir;
}

const hunk = (index: number, baseStart: number, oldLines: string[], newLines: string[]) => ({ index, baseStart, oldLines, newLines, strategy: 'exact' as const, confidence: 1 });

/** The events of one task: a change set of 4 files, reviewed 4 s later: accept, edit, reject with a reason; the secret and ignored files are decided too. */
export function taskEvents(t0: number, taskId = 'task-1'): AgentEvent[] {
  const cs: ChangeSet = {
    id: `${taskId}-cs1`,
    files: [
      { action: 'update', path: 'src/app.ts', baseHash: hashText(APP_TEXT), hunks: [hunk(0, 1, ['line 2'], ['line two']), hunk(1, 5, ['line 6'], [`const key = "${SECRET}";`]), hunk(2, 8, ['line 9'], ['line nine'])] },
      { action: 'update', path: '.env', baseHash: 'x', hunks: [hunk(0, 0, [`API_TOKEN=${SECRET}`], ['API_TOKEN=new'])] },
      { action: 'add', path: 'build/out.js', baseHash: null, hunks: [hunk(0, 0, [], ['x'])] },
    ],
  };
  return [
    { type: 'started', taskId, task: `Rename things (token ${SECRET})`, resumed: false },
    { type: 'changeSetProposed', changeSet: cs },
    { type: 'changeSetReviewed', changeSetId: cs.id, acceptedHunks: 2, rejectedHunks: 1, changedFiles: ['src/app.ts'], outcome: { changeSetId: cs.id, completed: true, files: [
      { path: 'src/app.ts', decisions: [
        { hunkIndex: 0, decision: { kind: 'accept' }, decidedAt: t0 + 1000 },
        { hunkIndex: 1, decision: { kind: 'edit', newLines: ['const key = process.env.KEY;'] }, decidedAt: t0 + 3000 },
        { hunkIndex: 2, decision: { kind: 'reject' }, reason: ` keep "${SECRET}" out `, decidedAt: t0 + 4000 },
      ] },
      { path: '.env', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' }, decidedAt: t0 + 4000 }] },
      { path: 'build/out.js', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' }, decidedAt: t0 + 4000 }] },
    ] } },
    { type: 'finished', summary: 'done' },
  ];
}

export async function recordTask(dir: string, t0: number, taskId?: string, model = 'm1'): Promise<DecisionRecord[]> {
  const rec = new DecisionRecorder({ endpoint: 'http://127.0.0.1:9/v1', model }, new NodeWorkspace(dir), { now: () => t0 });
  const out: DecisionRecord[] = [];
  for (const e of taskEvents(t0, taskId)) out.push(...(await rec.observe(e)));
  return out;
}

