/** The built-in suite is sound: every task's check fails on repo/ and passes with solution/ (real commands, real files). */
import { strict as assert } from 'node:assert';
import { selfTestTask } from '../../../src/cli/eval/selfTest';
import { builtinSuiteDir, loadSuites } from '../../../src/cli/eval/suite';

describe('the built-in eval suite', function () {
  this.timeout(120_000);
  const tasks = loadSuites([builtinSuiteDir()]);

  it('has at least 12 tasks, in Node and Python', () => {
    assert.ok(tasks.length >= 12, `${tasks.length} tasks`);
    assert.ok(tasks.some((t) => t.tags.includes('node')) && tasks.some((t) => t.tags.includes('python')));
  });

  for (const task of tasks) {
    it(`${task.id}: the check fails on repo/ and passes with solution/`, async () => {
      const r = await selfTestTask(task);
      assert.ok(r.ok, r.problem);
    });
  }
});
