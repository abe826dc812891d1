/**
 * Mentions reach the model in the first request in full; chips pinned for the task survive
 * compaction verbatim, and unpinned ones are summarised away with the rest of the history.
 */
import { strict as assert } from 'node:assert';
import { PathGuard } from '../../../src/core/context/pathGuard';
import { parseMentions } from '../../../src/core/context/mentions/mention';
import { MentionResolver } from '../../../src/core/context/mentions/mentionResolver';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import type { ScriptedResponse } from '../../support/modelServer';
import { call, collect, makeRig, type Rig } from './harness';

const PINNED_FILE = ['export const RATE = 0.2;', 'export const ROUNDING = "half-even"; // pinned'].join('\n');
const OTHER_FILE = 'export const NOT_PINNED = "mentioned once";\n';

describe('mentions and pinned context in the agent', () => {
  let rig: Rig;
  beforeEach(async () => {
    const files: Record<string, string> = { 'src/tax.ts': PINNED_FILE, 'src/other.ts': OTHER_FILE };
    for (let i = 0; i < 10; i++) files[`data/f${i}.txt`] = `${'lorem ipsum dolor sit amet '.repeat(120)}\n`;
    rig = await makeRig(files);
  });
  afterEach(() => rig.close());

  it('sends the mentions first; the pinned chip is in the head of every compacted request, verbatim', async () => {
    let step = 0;
    rig.srv.script((req): ScriptedResponse => {
      if (!req.body.tools) return { text: 'Summary: read data files.' };
      step++;
      if (step === 40) return call('finish', { summary: 'done' });
      return call('read_file', { path: `data/f${step % 10}.txt` });
    });
    const resolver = new MentionResolver({ workspace: rig.ws, guard: new PathGuard(rig.ws) });
    const resolved = await resolver.resolveAll(parseMentions('@file:src/tax.ts @file:src/other.ts'), 4000);
    const sections = resolved.map((r) => ({ title: r.title, text: r.text }));
    const summarizer = new OpenAiModelClient({ id: 'sum', label: 'Summarizer', baseUrl: rig.srv.url, model: 'summary-model', supportsTools: true }, { retry: { maxAttempts: 1 } });
    const events = await collect(rig.agent({ summarizer }, { contextTokens: 6000, maxSteps: 50 }).run('Check the tax rounding', { mentions: sections, pinned: [sections[0]!] }));
    assert.deepEqual(events.at(-1), { type: 'finished', summary: 'done' });
    assert.ok(events.some((e) => e.type === 'compacted'), 'the history was compacted');

    const reqs = rig.srv.chatRequests.filter((r) => r.body.tools).map((r) => r.body.messages as { role: string; content: string }[]);
    const first = reqs[0]![1]!.content;
    const pinnedBlock = `<mention title="@file src/tax.ts">\nsrc/tax.ts (2 lines):\n1| export const RATE = 0.2;\n2| export const ROUNDING = "half-even"; // pinned\n</mention>`;
    assert.ok(first.startsWith(`<task>\nCheck the tax rounding\n</task>\n\n${pinnedBlock}\n<mention title="@file src/other.ts">`), first.slice(0, 400));
    const compacted = reqs.filter((m) => m[1]!.content.startsWith('<pinned_state'));
    assert.ok(compacted.length > 5, `${compacted.length} compacted requests`);
    for (const m of compacted) {
      assert.ok(m[1]!.content.includes(`<pinned_context>\n${pinnedBlock}\n</pinned_context>`), 'the pinned chip verbatim');
      assert.ok(!m[1]!.content.includes('NOT_PINNED'), 'the unpinned mention is not pinned');
    }
  });
});
