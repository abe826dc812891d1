import { strict as assert } from 'node:assert';
import { DEFAULT_TASK_OPTIONS, isPlain, optionsFromSettings, parsePathList, pathProblem } from '../../../src/core/tasks/worktreeTaskOptions';

describe('worktree task options', () => {
  it('reads the settings, leaving a wrong value at its default and naming it', () => {
    const ok = optionsFromSettings({ baseRef: ' main ', sparsePaths: ['src/', './docs'], copyFiles: ['.env'], setupCommand: 'npm ci', result: 'commit' });
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.options, { base: 'main', sparse: ['src', 'docs'], copy: ['.env'], setup: 'npm ci', result: 'commit' });
    assert.equal(isPlain(ok.options), false);

    const bad = optionsFromSettings({ baseRef: 3, sparsePaths: 'src', copyFiles: ['/etc/passwd', '../x', 'ok.txt'], result: 'merge' });
    assert.deepEqual(bad.options, { ...DEFAULT_TASK_OPTIONS, copy: ['ok.txt'] });
    assert.equal(bad.problems.length, 5);
    assert.match(bad.problems.join('\n'), /baseRef must be a string[\s\S]*sparsePaths must be a list[\s\S]*"\/etc\/passwd" is absolute[\s\S]*"\.\.\/x" leaves the repository[\s\S]*result must be "review" or "commit"/);
    assert.equal(isPlain(optionsFromSettings({}).options), true);
  });

  it('parses a typed list: commas when there is one, else spaces; no duplicates', () => {
    assert.deepEqual(parsePathList('src, docs/ ,src'), ['src', 'docs']);
    assert.deepEqual(parsePathList('kernel/sched include/linux'), ['kernel/sched', 'include/linux']);
    assert.deepEqual(parsePathList('  '), []);
    assert.deepEqual(parsePathList('my folder, ./b'), ['my folder', 'b']);
  });

  it('refuses absolute paths and paths that leave the repository', () => {
    assert.equal(pathProblem('src/app'), undefined);
    assert.match(pathProblem('C:\\x')!, /absolute/);
    assert.match(pathProblem('a/../../b')!, /leaves/);
    assert.match(pathProblem(' ')!, /empty/);
  });
});
