/** Progress on stderr: one plain line per run when not a terminal; a redrawn bar on a terminal. */
import { strict as assert } from 'node:assert';
import { EvalProgress } from '../../../src/cli/eval/progress';
import type { EvalRun } from '../../../src/core/eval/results';

const run = (task: string, passed: boolean, error?: string): EvalRun => ({ task, contestant: 'c', endpoint: 'e', model: 'm', repeat: 1, passed, steps: 1, tokens: { input: 1, output: 1 }, costUsd: null, wallMs: 1234, toolCalls: {}, editRefusals: 0, commands: [], diff: '', transcript: null, ended: 'finished', ...(error ? { error } : {}) });

describe('eval progress', () => {
  it('writes plain lines off a terminal', () => {
    const out: string[] = [];
    const p = new EvalProgress(2, (t) => void out.push(t), false);
    p.started();
    p.finished(run('a', true), 'gpt');
    p.finished(run('b', false, 'the check exited with 1'), 'gpt');
    p.end();
    assert.deepEqual(out, ['[1/2] pass  a  gpt  1.2 s\n', '[2/2] FAIL  b  gpt  1.2 s  (the check exited with 1)\n']);
  });

  it('redraws a bar on a terminal, printing each finished run above it', () => {
    const out: string[] = [];
    const p = new EvalProgress(4, (t) => void out.push(t), true);
    p.started();
    p.finished(run('a', true), 'gpt');
    p.end();
    const text = out.join('');
    assert.match(out[0], /^\r\x1b\[2K\[\.{24}\] 0\/4 runs, 0 passed/);
    assert.match(text, /\r\x1b\[2K\[1\/4\] pass {2}a {2}gpt {2}1\.2 s\n\r\x1b\[2K\[#{6}\.{18}\] 1\/4 runs, 1 passed \(last: a\)/);
    assert.ok(text.endsWith('\r\x1b[2K'), 'the bar is cleared at the end');
  });
});
