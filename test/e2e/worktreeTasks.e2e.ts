// Forge: New Task in Worktree in a real VS Code (code-server 4.100.3) with the scripted model: the
// agent works in its own git worktree, the engineer's file stays as it was until the review, the
// Tasks view shows the task waiting for review (with its endpoint, steps, tokens and cost), and
// Accept writes exactly the accepted hunk's bytes into the checkout, its decisions going into the
// usage and decisions logs; then the worktree and its branch are gone and the task is done. Also:
// a window reload and Continue, and a task started with Options (sparse, a copied untracked file,
// kept as a commit).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { GREET, makeRepo, sh } from '../support/gitRepo';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, webviewFrameWith } from './harness/workbench';

const EDIT = [
  'greet.js',
  '<<<<<<< SEARCH',
  "exports.hi = () => 'hi';",
  '=======',
  "exports.hi = () => 'hello';",
  '>>>>>>> REPLACE',
  'greet.js',
  '<<<<<<< SEARCH',
  "exports.bye = () => 'bye';",
  '=======',
  "exports.bye = () => 'goodbye';",
  '>>>>>>> REPLACE',
  '',
].join('\n');
const ACCEPTED = GREET.replace("'hi'", "'hello'");

/** The file of that name under the code-server run folder (the extension's global storage). */
function findFile(dir: string, name: string): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory() && !e.isSymbolicLink() && e.name !== 'extensions' && e.name !== 'node_modules') {
      const found = findFile(p, name);
      if (found) return found;
    }
  }
  return undefined;
}

const jsonLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

const toolResults = (r: RecordedRequest): string[] => (r.body?.messages ?? []).filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => String(m.content));

describe('e2e: a task in its own git worktree, reviewed against the checkout', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const done = toolResults(req).length;
        const text = JSON.stringify(req.body?.messages ?? []);
        // The slow task: an edit, then a request that never answers in time (the window reloads meanwhile);
        // continued, it edits again on top of its first edit, then stalls again.
        if (text.includes('Slow README task')) {
          if (done === 0) return { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'README.md\n<<<<<<< SEARCH\n# demo\n=======\n# demo, slowly\n>>>>>>> REPLACE\n' } }] };
          if (done === 1 && text.includes('Continue the task from where it stopped.')) {
            return { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'README.md\n<<<<<<< SEARCH\n# demo, slowly\n=======\n# demo, slowly, continued\n>>>>>>> REPLACE\n' } }] };
          }
          return { fault: { kind: 'stallBeforeFirstByte', ms: 60_000 } };
        }
        if (text.includes('Approval task')) {
          return done === 0 ? { toolCalls: [{ name: 'run_command', arguments: { command: 'touch approved.txt' } }] } : { toolCalls: [{ name: 'finish', arguments: { summary: 'Asked.' } }] };
        }
        // The task started with Options: it looks at its (sparse) worktree, edits lib/a.js, finishes.
        if (text.includes('Sparse commit task')) {
          if (done === 0) return { toolCalls: [{ name: 'list_dir', arguments: { path: '' } }] };
          if (done === 1) return { toolCalls: [{ name: 'propose_edits', arguments: { edit: "lib/a.js\n<<<<<<< SEARCH\nexports.a = 1;\n=======\nexports.a = 2;\n>>>>>>> REPLACE\n" } }] };
          return { toolCalls: [{ name: 'finish', arguments: { summary: 'Bumped a.' } }] };
        }
        if (JSON.stringify(req.body?.messages ?? []).includes('Pending README task')) {
          return done === 0 ? { toolCalls: [{ name: 'propose_edits', arguments: { edit: 'README.md\n<<<<<<< SEARCH\n# demo\n=======\n# demo, reviewed\n>>>>>>> REPLACE\n' } }] }
            : { toolCalls: [{ name: 'finish', arguments: { summary: 'Retitled the README.' } }] };
        }
        return done === 0 ? { text: 'Editing greet.js.', toolCalls: [{ name: 'propose_edits', arguments: { edit: EDIT, title: 'Friendlier greetings' } }] }
          : { toolCalls: [{ name: 'finish', arguments: { summary: 'Made the greetings friendlier.' } }] };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768, pricing: { inputPerMillion: 3, outputPerMillion: 15 } }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({ workspace: () => makeRepo(), settings });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  it('leaves the checkout alone until the review, then writes exactly the accepted hunk', async () => {
    const page = s.wb.page;
    const greet = join(s.workspace, 'greet.js');
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Make the greetings friendlier');
    await page.keyboard.press('Enter');

    // The task's end review is announced; until then only the worktree changed.
    const toast = page.locator(SEL.toast).filter({ hasText: /Forge proposes/ }).last();
    await toast.waitFor({ state: 'visible', timeout: 90_000 });
    const ids = readdirSync(worktrees);
    assert.equal(ids.length, 1);
    assert.match(readFileSync(join(worktrees, ids[0]!, 'greet.js'), 'utf8'), /'hello'[\s\S]*'goodbye'/, 'the agent wrote in its worktree');
    assert.ok(readFileSync(greet).equals(Buffer.from(GREET)), 'the checkout is untouched before the review');
    assert.equal(sh(s.workspace, 'status', '--porcelain'), '');

    await runPaletteCommand(page, 'Forge: Focus on Tasks View');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = pane.locator('.monaco-list-row').filter({ hasText: 'Make the greetings friendlier' });
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), /waiting for review · \d+s · 2 steps · [\d.]+k? tokens · \$0\.\d{4}/, 'state, elapsed, steps, tokens, cost');
    await row.click(); // its details: endpoint, figures, branch
    await pane.locator('.monaco-list-row').filter({ hasText: 'Scripted Server (e2e-model)' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await pane.innerText(), /2 steps · [\d.]+k? tokens · \$0\.\d{4}[\s\S]*forge\/task-/);
    // The view's badge (shown on the Forge icon of the activity bar): one task waits for the engineer.
    const forgeBadge = page.locator('.part.activitybar .action-item').filter({ has: page.locator('.action-label[aria-label^="Forge"]') }).locator('.badge-content');
    await forgeBadge.filter({ hasText: /^1$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('worktree-tasks-view-review');

    // Review from the Tasks view opens the review the task's end announced (not a second one).
    await row.hover();
    await row.locator('.action-label[aria-label="Review Worktree Task"]').click();
    const review = await webviewFrameWith(page, '.file-row[data-path="greet.js"]');
    await review.locator('.file-row[data-path="greet.js"] .name').click();
    const hunk = (pos: number) => review.locator(`.hunk[data-path="greet.js"][data-pos="${pos}"]`);
    await hunk(0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await hunk(1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
    await review.locator('.reason-input').fill('keep bye');
    await review.locator('.reason-input').press('Enter');

    const deadline = Date.now() + 30_000;
    while ((existsSync(join(worktrees, ids[0]!)) || !readFileSync(greet).equals(Buffer.from(ACCEPTED))) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(readFileSync(greet).equals(Buffer.from(ACCEPTED)), 'exactly the accepted hunk');
    assert.equal(existsSync(join(worktrees, ids[0]!)), false, 'the worktree is removed');
    await row.filter({ hasText: /done/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(sh(s.workspace, 'branch', '--list', 'forge/*'), '', 'and its branch (removed before the task shows done)');
    await s.shot('worktree-tasks-view-done');
    await forgeBadge.filter({ hasText: /^\d+$/ }).waitFor({ state: 'hidden', timeout: 10_000 }); // nothing waits now: no badge

    // Its review is in the usage log and the decisions log, as a chat task's would be.
    const usage = findFile(s.server.runDir, 'usage.jsonl');
    const decisions = findFile(s.server.runDir, 'decisions.jsonl');
    assert.ok(usage && decisions, 'both logs written');
    const reviews = jsonLines(usage!).filter((r) => r.kind === 'review' && String(r.taskId).startsWith(ids[0]!));
    assert.equal(reviews.length, 1, 'one review record for the task');
    assert.deepEqual([reviews[0]!.hunksAccepted, reviews[0]!.hunksRejected, reviews[0]!.endpoint, reviews[0]!.model], [1, 1, srv.url, 'e2e-model']);
    const tasks = jsonLines(usage!).filter((r) => r.kind === 'task' && r.taskId === ids[0]);
    assert.equal(tasks.length, 1, 'and a task record with its steps and tokens');
    assert.equal(tasks[0]!.steps, 2);
    assert.equal(tasks[0]!.hunksAccepted, 0, 'the agent\'s writes into its worktree are not the engineer\'s decisions');
    const hunks = jsonLines(decisions!).filter((r) => r.taskId === ids[0]);
    assert.deepEqual(hunks.map((h) => [h.path, h.decision, h.reason]), [['greet.js', 'accept', null], ['greet.js', 'reject', 'keep bye']]);
    assert.deepEqual(hunks[1]!.proposedLines, ["exports.bye = () => 'goodbye';"]);
  });

  it('after a window reload a running task shows stopped (window reloaded); Continue runs it again in its worktree with its history; Discard warns before losing its work', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Slow README task');
    await page.keyboard.press('Enter');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = () => pane.locator('.monaco-list-row').filter({ hasText: 'Slow README task' });
    await row().filter({ hasText: /running/ }).waitFor({ state: 'visible', timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    const edited = () => readdirSync(worktrees).some((id) => existsSync(join(worktrees, id, 'README.md')) && readFileSync(join(worktrees, id, 'README.md'), 'utf8').includes('slowly'));
    while (!edited() && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(edited(), 'the task wrote in its worktree');
    const id = readdirSync(worktrees)[0]!;

    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator(SEL.workbench).waitFor({ state: 'visible', timeout: 90_000 });
    await runPaletteCommand(page, 'Forge: Focus on Tasks View');
    await row().filter({ hasText: /stopped \(window reloaded\)/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await pane.innerText(), /Make the greetings friendlier[\s\S]*done/, 'the finished task is still listed');
    await s.shot('worktree-tasks-view-reloaded');

    // Continue: the same worktree, the saved messages (the first edit's result), and the continue message.
    const before = srv.requests.length;
    await row().hover();
    await row().locator('.action-label[aria-label="Continue Worktree Task"]').click();
    await row().filter({ hasText: /running/ }).waitFor({ state: 'visible', timeout: 30_000 });
    const continued = () => readFileSync(join(worktrees, id, 'README.md'), 'utf8') === '# demo, slowly, continued\n';
    const until = Date.now() + 30_000;
    while (!continued() && Date.now() < until) await page.waitForTimeout(200);
    assert.ok(continued(), 'the continued task edited on top of its first edit, in the same worktree');
    const resumed = srv.requests.slice(before).find((r) => JSON.stringify(r.body?.messages ?? []).includes('Continue the task from where it stopped.'));
    assert.ok(resumed, 'the continued run sent the saved history with the continue message');
    assert.equal(toolResults(resumed!).length, 1, 'with the first run\'s tool result');
    await s.shot('worktree-tasks-view-continued');
    await row().hover();
    await row().locator('.action-label[aria-label="Stop Worktree Task"]').click();
    await row().filter({ hasText: /stopped/ }).waitFor({ state: 'visible', timeout: 30_000 });

    await row().hover();
    await row().locator('.action-label[aria-label="Discard Worktree Task"]').click();
    const warn = page.locator(SEL.toast).filter({ hasText: /unreviewed work/ }).last();
    await warn.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await warn.innerText(), /README\.md/);
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo\n');
    assert.ok(existsSync(join(worktrees, id)), 'nothing removed before the engineer confirms');
    await warn.getByRole('button', { name: 'Discard and Lose the Work' }).click();
    await row().filter({ hasText: /done \(discarded\)/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(existsSync(join(worktrees, id)), false);
    assert.equal(sh(s.workspace, 'branch', '--list', 'forge/*'), '');
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo\n', 'the checkout never changed');
  });

  it('a review left pending keeps the worktree and says where; Review reopens that review, and once decided the worktree goes', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Pending README task');
    await page.keyboard.press('Enter');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = () => pane.locator('.monaco-list-row').filter({ hasText: 'Pending README task' });
    await row().filter({ hasText: /waiting for review/ }).waitFor({ state: 'visible', timeout: 60_000 });
    const id = readdirSync(worktrees)[0]!;
    const review = async () => {
      await row().hover();
      await row().locator('.action-label[aria-label="Review Worktree Task"]').click();
      return webviewFrameWith(page, '.hunk[data-path="README.md"]');
    };
    let frame = await review();
    await frame.getByRole('button', { name: /^Done/ }).click();
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Keep Pending', exact: true }).click();
    const kept = page.locator(SEL.toast).filter({ hasText: /still has hunks to review/ }).last();
    await kept.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok((await kept.innerText()).includes(join(worktrees, id)), 'the message says where the worktree is');
    await row().filter({ hasText: /review pending/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(existsSync(join(worktrees, id)));
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo\n');

    frame = await review();
    await frame.locator('.hunk-state').filter({ hasText: /^Pending$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('.hunk').first().getByRole('button', { name: 'Accept hunk', exact: true }).click();
    await frame.locator('.review-summary').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(readFileSync(join(s.workspace, 'README.md'), 'utf8'), '# demo, reviewed\n');
    await row().hover();
    await row().locator('.action-label[aria-label="Review Worktree Task"]').click();
    await row().filter({ hasText: /done/ }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(existsSync(join(worktrees, id)), false);
  });

  it('runs two tasks at once; Stop ends one with its worktree kept; the other is refused where your file changed since', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    const start = async (text: string) => {
      await runPaletteCommand(page, 'Forge: New Task in Worktree');
      await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator(SEL.quickInput).fill(text);
      await page.keyboard.press('Enter');
    };
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = (t: string) => pane.locator('.monaco-list-row').filter({ hasText: t });
    await start('Slow README task again');
    await row('Slow README task again').filter({ hasText: /running/ }).waitFor({ state: 'visible', timeout: 30_000 });
    // greet.js in the checkout holds the hunk accepted in the first test: the task's base text is gone.
    await start('Second greetings task');
    await row('Second greetings task').filter({ hasText: /your files changed/ }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await page.locator(SEL.toast).filter({ hasText: /greet\.js changed in your checkout/ }).last().innerText()), /nothing was written/);
    assert.ok(readFileSync(join(s.workspace, 'greet.js')).equals(Buffer.from(ACCEPTED)), 'nothing written over your file');
    assert.match(await row('Slow README task again').innerText(), /running/, 'the other task still runs');
    assert.equal(readdirSync(worktrees).length, 2);
    await s.shot('worktree-tasks-view-two');

    await row('Slow README task again').hover();
    await row('Slow README task again').locator('.action-label[aria-label="Stop Worktree Task"]').click();
    await row('Slow README task again').filter({ hasText: /stopped/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(readdirSync(worktrees).length, 2, 'a stopped task keeps its worktree to Review or Discard');
  });

  it('Options: a sparse task with a copied untracked file and a setup command, its work kept as a commit on its branch', async () => {
    const page = s.wb.page;
    mkdirSync(join(s.workspace, 'lib'), { recursive: true });
    mkdirSync(join(s.workspace, 'docs'), { recursive: true });
    writeFileSync(join(s.workspace, 'lib', 'a.js'), 'exports.a = 1;\n');
    writeFileSync(join(s.workspace, 'docs', 'b.md'), '# b\n');
    sh(s.workspace, 'add', '-A');
    sh(s.workspace, 'commit', '-qm', 'lib and docs');
    writeFileSync(join(s.workspace, '.env'), 'TOKEN=local\n');
    const head = sh(s.workspace, 'rev-parse', 'HEAD').trim();
    const branches = () => sh(s.workspace, 'branch', '--list', '--format=%(refname:short)', 'forge/*').split('\n').filter(Boolean);
    const before = branches();

    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    const widget = page.locator('.quick-input-widget');
    await widget.filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Sparse commit task');
    await widget.getByRole('button', { name: 'Options...' }).click();
    const option = (label: string) => page.locator(SEL.quickInputRow).filter({ hasText: label }).first();
    await option('Sparse paths').click();
    await widget.filter({ hasText: /Folders \(or patterns\) to check out/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator(SEL.quickInput).fill('lib');
    await page.waitForTimeout(500); // the path is checked against the base commit
    await page.keyboard.press('Enter');
    await option('Untracked files to copy').click();
    await option('.env').waitFor({ state: 'visible', timeout: 10_000 });
    await option('.env').click();
    await page.keyboard.press('Enter');
    await option('Setup command').click();
    await widget.filter({ hasText: /before the task starts, through the command sandbox/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator(SEL.quickInput).fill('echo set up > setup.log');
    await page.keyboard.press('Enter');
    await option('When the task finishes').click();
    await option('Keep as a commit on its branch').click();
    await option('Start Task').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await page.locator(SEL.quickInputRow).filter({ hasText: 'Sparse paths' }).innerText(), /lib/);
    await s.shot('worktree-task-options');
    assert.doesNotMatch(await page.locator('.quick-input-list .monaco-list-row.focused').innerText(), /Start Task/, 'Enter would not start the task');
    await option('Start Task').click();

    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = pane.locator('.monaco-list-row').filter({ hasText: 'Sparse commit task' });
    await row.filter({ hasText: /kept as commit/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await row.click(); // its details: the note names the commit and the branch
    await pane.locator('.monaco-list-row').filter({ hasText: /^kept as commit [0-9a-f]{12} on forge\/task-/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('worktree-tasks-view-commit');
    const listed = srv.requests.map(toolResults).flat().find((t) => t.includes('(workspace root)') && t.includes('lib/'));
    assert.ok(listed, 'the task listed its worktree');
    assert.match(listed!, /\.env/, 'the untracked file it was given');
    assert.doesNotMatch(listed!, /docs\//, 'only the sparse paths are checked out');
    const added = branches().filter((b) => !before.includes(b));
    assert.equal(added.length, 1, 'the task\'s branch stays');
    const branch = added[0]!;
    assert.equal(sh(s.workspace, 'rev-parse', `${branch}^`).trim(), head, 'one commit on the base');
    assert.equal(sh(s.workspace, 'diff', '--name-only', head, branch).trim(), 'lib/a.js\nsetup.log', 'the task\'s work (and what its setup command made), not the copied .env');
    assert.equal(sh(s.workspace, 'show', `${branch}:setup.log`), 'set up\n', 'the setup command ran in the worktree');
    assert.equal(sh(s.workspace, 'show', `${branch}:lib/a.js`), 'exports.a = 2;\n');
    assert.equal(readFileSync(join(s.workspace, 'lib', 'a.js'), 'utf8'), 'exports.a = 1;\n', 'your files are unchanged');
    assert.equal(existsSync(join(s.workspace, '.git', 'forge', 'worktrees', branch.slice('forge/'.length))), false, 'the worktree is removed');
  });

  it('a task waiting for an approval says so, with the badge and a notification naming it; Clear Finished leaves the unfinished ones', async () => {
    const page = s.wb.page;
    await runPaletteCommand(page, 'Forge: New Task in Worktree');
    await page.locator('.quick-input-widget').filter({ hasText: /What should the agent do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('Approval task');
    await page.keyboard.press('Enter');
    const ask = page.locator(SEL.toast).filter({ hasText: /Forge wants to run: touch approved\.txt/ }).last();
    await ask.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await ask.innerText(), /task "Approval task"/, 'the notification names the task');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = pane.locator('.monaco-list-row').filter({ hasText: 'Approval task' });
    await row.filter({ hasText: /waiting for approval/ }).waitFor({ state: 'visible', timeout: 10_000 });
    // Waiting for you: this approval, and the review of "Second greetings task" (your file changed since it started).
    const forgeBadge = page.locator('.part.activitybar .action-item').filter({ has: page.locator('.action-label[aria-label^="Forge"]') }).locator('.badge-content');
    await forgeBadge.filter({ hasText: /^2$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('worktree-tasks-view-approval');
    await ask.getByRole('button', { name: 'Deny' }).click();
    await row.filter({ hasText: /done/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await forgeBadge.filter({ hasText: /^1$/ }).waitFor({ state: 'visible', timeout: 10_000 });

    await pane.locator('.pane-header').hover();
    await pane.locator('.pane-header .action-label[aria-label="Clear Finished Worktree Tasks"]').click();
    await row.waitFor({ state: 'hidden', timeout: 10_000 });
    const left = await pane.locator('.monaco-list-row').allInnerTexts();
    assert.ok(left.some((t) => t.includes('Second greetings task')) && left.some((t) => t.includes('Slow README task again')), 'tasks with a worktree stay');
    assert.ok(!left.some((t) => /Make the greetings friendlier|Sparse commit task|Pending README task/.test(t)), 'the finished ones are gone');
  });

  it('a stopped task whose worktree is gone says after a reload that it cannot be continued, and offers no Continue', async () => {
    const page = s.wb.page;
    const worktrees = join(s.workspace, '.git', 'forge', 'worktrees');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Tasks' }) });
    const row = () => pane.locator('.monaco-list-row').filter({ hasText: 'Slow README task again' });
    await row().hover();
    assert.equal(await row().locator('.action-label[aria-label="Continue Worktree Task"]').count(), 1, 'Continue while its worktree is there');
    const gone = readdirSync(worktrees).find((id) => readFileSync(join(worktrees, id, 'README.md'), 'utf8').includes('slowly'));
    assert.ok(gone);
    sh(s.workspace, 'worktree', 'remove', '--force', join(worktrees, gone!));

    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator(SEL.workbench).waitFor({ state: 'visible', timeout: 90_000 });
    await runPaletteCommand(page, 'Forge: Focus on Tasks View');
    await row().filter({ hasText: /cannot continue: its worktree is gone/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await row().hover();
    assert.equal(await row().locator('.action-label[aria-label="Continue Worktree Task"]').count(), 0, 'no Continue');
    await row().click();
    await pane.locator('.monaco-list-row').filter({ hasText: /^cannot continue: its worktree is gone$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('worktree-tasks-view-cannot-continue');
  });
});
