/**
 * `forge run` against a real llama-server (tiny random model): the stuck-loop guard, a tool call
 * cut off by the output limit that the task and `--resume` survive, and a window too small for
 * the prompt (-c 512) explained instead of a raw HTTP 400. Seeds pick repeatable scenarios.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTask } from '../../src/cli/run/runTaskCommand';
import { startLlamaServer, type LlamaServer, type LlamaServerOptions } from './support/llamaServer';

/** Seeds found with this model and Forge's prompt (see docs/testing.md). */
export const SEED_STUCK = Number(process.env.FORGE_SEED_STUCK ?? 2);
export const SEED_CUT = Number(process.env.FORGE_SEED_CUT ?? 3);

interface Run { code: number; out: string; taskId?: string; state: string }

async function forgeRun(server: LlamaServer, args: string[], state: string, root: string): Promise<Run> {
  const out: string[] = [];
  const io = { cwd: root, stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), readStdin: async () => '' };
  const code = await runTask(['--endpoint', server.url, '--model', 'tiny', '--yes', '--state', state, ...args], io, { env: {}, prompt: async () => '' });
  const text = out.join('');
  return { code, out: text, taskId: text.match(/^(?:Task|Resuming) (\S+)/m)?.[1], state };
}

describe('real llama-server: forge run', () => {
  let root: string;
  let state: string;
  let server: LlamaServer | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-real-'));
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-real-state-'));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'teh quick brown fox\n');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });
  const start = async (o: LlamaServerOptions) => (server = await startLlamaServer(o));

  it('a stuck model (the same failing call again and again: here a call cut off the same way) is stopped by the loop guard', async () => {
    const s = await start({ seed: SEED_STUCK, maxTokens: 24 });
    const r = await forgeRun(s, ['--max-steps', '12', 'Fix the typo in notes.txt'], state, root);
    assert.match(r.out, /Forge is stuck: it repeated the same failing \w+ call three times/, r.out);
    assert.equal(r.code, 1);
  });

  it('a tool call cut off mid-JSON by the output limit: the task goes on, and --resume works', async () => {
    const s = await start({ seed: SEED_CUT, maxTokens: 24 });
    const first = await forgeRun(s, ['--max-steps', '3', 'Fix the typo in notes.txt'], state, root);
    // Before the fix, the request after a cut-off call was refused: HTTP 500 "Failed to parse tool call arguments as JSON".
    assert.doesNotMatch(first.out, /HTTP 500|Failed to parse/, first.out);
    const saved = JSON.parse(fs.readFileSync(path.join(state, fs.readdirSync(state).find((f) => f.includes(first.taskId!))!), 'utf8'));
    const messages = (saved.state ?? saved).messages as any[];
    assert.ok(messages.some((m) => m.role === 'tool' && /cut off/.test(m.content)), 'a cut-off call was answered');
    assert.match(first.out, /Limit reached: Stopped after 3 steps/, first.out);
    const resumed = await forgeRun(s, ['--max-steps', '5', '--resume', first.taskId!], state, root);
    assert.doesNotMatch(resumed.out, /HTTP 500|Failed to parse|Error:/, resumed.out);
    assert.match(resumed.out, /^Resuming /m);
    assert.match(resumed.out, /Limit reached: Stopped after 5 steps|Stopped: Forge is stuck|Done:/, resumed.out);
  });

  it('a window too small for the prompt (-c 512) is explained, not a raw HTTP 400', async () => {
    const s = await start({ ctx: 512, maxTokens: 32 });
    const r = await forgeRun(s, ['Fix the typo in notes.txt'], state, root);
    assert.match(r.out, /Error: The conversation does not fit the model's context window of 512 tokens: the prompt needs about \d+ tokens/, r.out);
    assert.doesNotMatch(r.out, /refused the request/);
    assert.equal(r.code, 1);
  });
});
