/**
 * The bubblewrap trial in the background (issue 11): VS Code runs it after activation in a child process
 * instead of spawnSync, and sandboxPlan() then answers from its result. Fake `bwrap` scripts count their runs.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareSandboxPlan, sandboxPlan } from '../../../src/node/sandbox/sandboxPlan';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-probe-'));
let n = 0;
/** A fake bwrap: appends a line to its count file per run, prints `stderr` and exits with `code`. */
function fakeBwrap(code: number, stderr = ''): { bwrap: string; runs: () => number } {
  const name = `bwrap-${n++}`;
  const count = path.join(dir, `${name}.count`);
  const bwrap = path.join(dir, name);
  fs.writeFileSync(bwrap, `#!/bin/sh\necho run >> '${count}'\n${stderr ? `echo '${stderr}' >&2\n` : ''}exit ${code}\n`, { mode: 0o755 });
  return { bwrap, runs: () => (fs.existsSync(count) ? fs.readFileSync(count, 'utf8').split('\n').filter(Boolean).length : 0) };
}

describe('sandbox plan: the bubblewrap trial in the background', function () {
  if (process.platform !== 'linux') return;
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a failing trial gives the same reason as the synchronous one, and sandboxPlan() does not run it again', async () => {
    const f = fakeBwrap(1, 'bwrap: No permissions to creating new namespace');
    const pending = prepareSandboxPlan({ mode: 'auto' }, { bwrap: f.bwrap });
    await Promise.all([pending, prepareSandboxPlan({ mode: 'auto' }, { bwrap: f.bwrap })]);
    const plan = sandboxPlan({ mode: 'auto' }, { bwrap: f.bwrap });
    assert.equal(plan.available, false);
    assert.equal(plan.reason, 'bubblewrap cannot create a sandbox here (bwrap: No permissions to creating new namespace)');
    assert.equal(f.runs(), 1, 'one trial for two prepares and a plan');
    const sync = fakeBwrap(1, 'bwrap: No permissions to creating new namespace');
    assert.equal(sandboxPlan({ mode: 'auto' }, { bwrap: sync.bwrap }).reason, plan.reason.replace(f.bwrap, sync.bwrap));
  });

  it('a passing trial makes the sandbox available; exit codes without a message are named', async () => {
    const ok = fakeBwrap(0);
    await prepareSandboxPlan({ mode: 'required' }, { bwrap: ok.bwrap });
    assert.deepEqual(sandboxPlan({ mode: 'required' }, { bwrap: ok.bwrap }), { available: true, backend: 'bubblewrap', bwrap: ok.bwrap, reason: `bubblewrap at ${ok.bwrap}` });
    assert.equal(ok.runs(), 1);
    const silent = fakeBwrap(3);
    await prepareSandboxPlan({ mode: 'auto' }, { bwrap: silent.bwrap });
    assert.equal(sandboxPlan({ mode: 'auto' }, { bwrap: silent.bwrap }).reason, 'bubblewrap cannot create a sandbox here (exit 3)');
  });

  it('a bwrap that cannot start gives the error, as spawnSync does', async () => {
    const missing = path.join(dir, 'not-there');
    await prepareSandboxPlan({ mode: 'auto' }, { bwrap: missing });
    assert.match(sandboxPlan({ mode: 'auto' }, { bwrap: missing }).reason, /^bubblewrap cannot create a sandbox here \(spawn .*not-there ENOENT\)$/);
  });

  it('mode "off" (without FORGE_SANDBOX_REQUIRED) and no bwrap run no trial', async () => {
    const f = fakeBwrap(0);
    await prepareSandboxPlan({ mode: 'off' }, { bwrap: f.bwrap, env: {} });
    await prepareSandboxPlan({ mode: 'auto' }, { bwrap: null });
    assert.equal(f.runs(), 0);
    await prepareSandboxPlan({ mode: 'off' }, { bwrap: f.bwrap, env: { FORGE_SANDBOX_REQUIRED: '1' } });
    assert.equal(f.runs(), 1, 'the administrator\'s "required" needs the trial');
  });
});
