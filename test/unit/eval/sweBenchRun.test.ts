/** A SWE-bench-style instance end to end: a local checkout at its base commit, the agent's fix, the test patch, the test command. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEval } from '../../../src/cli/eval/evalCommand';
import { readResults } from '../../../src/cli/eval/resultsFiles';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { captureIo } from './evalSupport';

describe('forge eval on a SWE-bench-style instance file', function () {
  this.timeout(60_000);
  let srv: ModelServer;
  let tmp: string;
  before(async () => {
    srv = await startModelServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-swe-run-'));
  });
  after(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('checks out base_commit, applies test_patch after the agent, and the diff holds only the agent\'s change', async () => {
    const repo = path.join(tmp, 'calc');
    fs.mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'calc.py'), 'def add(a, b):\n    return a - b\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(repo, 'calc.py'), 'def add(a, b):\n    return a + b  # fixed later upstream\n');
    git('commit', '-q', '-am', 'upstream fix (must not be visible at the base commit)');
    const testPatch = 'diff --git a/test_calc.py b/test_calc.py\nnew file mode 100644\n--- /dev/null\n+++ b/test_calc.py\n@@ -0,0 +1,6 @@\n+import unittest\n+from calc import add\n+\n+class T(unittest.TestCase):\n+    def test_add(self):\n+        self.assertEqual(add(2, 3), 5)\n';
    fs.writeFileSync(path.join(tmp, 'instances.json'), JSON.stringify([{ instance_id: 'local__calc-1', repo_path: 'calc', base_commit: base, problem_statement: 'add(2, 3) returns -1; it should add.', test_command: 'python3 -m unittest -q', test_patch: testPatch }]));
    srv.script([
      { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'calc.py\n<<<<<<< SEARCH\n    return a - b\n=======\n    return a + b\n>>>>>>> REPLACE\n' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'fixed' } }] },
    ]);
    const { io, err } = captureIo(tmp);
    const code = await runEval(['instances.json', '--endpoint', srv.url, '--model', 'm', '--out', 'out'], io, { env: {}, tty: false, clientOptions: { retry: { maxAttempts: 1 } } });
    assert.equal(code, 0, err.join(''));
    const [r] = readResults(path.join(tmp, 'out')).runs;
    assert.equal(r.task, 'local__calc-1');
    assert.ok(r.passed, `${r.error}\n${r.checkOutput}`);
    assert.match(r.diff, /^diff --git a\/calc\.py b\/calc\.py[\s\S]*-    return a - b\n\+    return a \+ b\n$/);
    assert.doesNotMatch(r.diff, /test_calc/);
    assert.match(srv.chatRequests[0].body.messages.find((m: any) => m.role === 'user').content, /add\(2, 3\) returns -1/);
  });
});
