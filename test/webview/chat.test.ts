import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import type { ChatHostMessage } from '../../src/protocol/chat';
import { ChatHarness, type ChatPage } from './chatHarness';

const SHOTS = 'test-results/webview';

/** A scripted run as the host sends it. */
const RUN: ChatHostMessage[] = [
  { type: 'reset' },
  { type: 'user', text: 'Add a --verbose flag' },
  { type: 'state', running: true, taskId: 't1', title: 'Add a --verbose flag' },
  { type: 'status', text: 'Step 1 of 100' },
  { type: 'text', text: 'I will read the **CLI** first:\n\n```ts\nconst x = 1;' },
  { type: 'text', text: '\n```\n- then edit `main.ts`' },
  { type: 'toolStarted', callId: 'c1', name: 'read_file', summary: 'src/main.ts' },
  { type: 'toolFinished', callId: 'c1', ok: true, output: 'line 1\n<b>not bold</b>', durationMs: 1500 },
  { type: 'plan', items: [{ step: 'Read the CLI', status: 'done' }, { step: 'Add the flag', status: 'in_progress' }, { step: 'Test', status: 'pending' }] },
  { type: 'changeSet', id: 'cs-42', title: 'Add --verbose', files: 2, hunks: 3 },
  { type: 'usage', totalTokens: 12345, costUsd: 0.0123, contextTokens: 4000, contextWindow: 16000, contextFill: 0.25 },
];

describe('chat view webview', function () {
  let harness: ChatHarness;
  let p: ChatPage;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    harness = await ChatHarness.start();
  });
  after(async () => harness?.close());
  beforeEach(async () => (p = await harness.open()));
  afterEach(async () => {
    assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
    assert.deepEqual(p.errors, [], 'no page errors');
    await p.close();
  });

  it('streams a scripted run: markdown reply, tool card with output, plan checklist, change-set link, usage', async () => {
    await p.send(...RUN);
    const page = p.page;
    await page.waitForSelector('.entry.assistant pre.md-code');
    assert.equal(await page.locator('.entry.user').textContent(), 'Add a --verbose flag');
    assert.equal(await page.locator('.entry.assistant strong').textContent(), 'CLI');
    assert.equal(await page.locator('.entry.assistant pre.md-code code').textContent(), 'const x = 1;');
    assert.equal(await page.locator('.entry.assistant li code').textContent(), 'main.ts');
    assert.equal(await page.locator('.tool .tool-name').textContent(), 'read_file');
    assert.equal(await page.locator('.tool .tool-arg').textContent(), 'src/main.ts');
    assert.equal(await page.locator('.tool .tool-time').textContent(), '1.5s');
    assert.equal(await page.locator('.tool-output').isVisible(), false, 'output collapsed');
    await page.locator('.tool summary').click();
    assert.equal(await page.locator('.tool-output').textContent(), 'line 1\n<b>not bold</b>');
    assert.equal(await page.locator('.tool-output b').count(), 0);
    assert.deepEqual(await page.locator('.plan-item').evaluateAll((els) => els.map((e) => e.className)), ['plan-item done', 'plan-item in_progress', 'plan-item pending']);
    assert.match((await page.locator('.usage').textContent())!, /12,345 tokens · \$0\.0123.*25%/);
    assert.equal(await page.locator('.status').getAttribute('aria-live'), 'polite');
    assert.equal(await page.locator('.status').textContent(), 'Step 1 of 100');
    await page.locator('.open-review').click();
    await page.screenshot({ path: `${SHOTS}/chat-run.png` });
    assert.deepEqual(await p.take(), [{ type: 'openReview', changeSetId: 'cs-42' }]);
    await p.send({ type: 'changeSetReviewed', id: 'cs-42', accepted: 2, rejected: 1, completed: true });
    assert.equal(await page.locator('.cs-meta').textContent(), '2 of 3 hunks accepted');
  });

  it('a partly rejected change set is the user\'s decision: a neutral card with the count; red only when writing failed', async () => {
    const page = p.page;
    await p.send(
      { type: 'state', running: true, taskId: 't1' },
      { type: 'toolStarted', callId: 'e1', name: 'propose_edits', summary: 'src/a.ts' },
      { type: 'changeSet', id: 'cs1', title: 'Edit a', files: 1, hunks: 3 },
      { type: 'changeSetReviewed', id: 'cs1', accepted: 2, rejected: 1, completed: true },
      { type: 'toolFinished', callId: 'e1', ok: false, output: 'Some changes were rejected; only the accepted hunks were applied.', durationMs: 900 },
      { type: 'toolStarted', callId: 'e2', name: 'propose_edits', summary: 'src/b.ts' },
      { type: 'changeSet', id: 'cs2', title: 'Edit b', files: 1, hunks: 1 },
      { type: 'changeSetReviewed', id: 'cs2', accepted: 1, rejected: 0, completed: true, failed: true },
      { type: 'toolFinished', callId: 'e2', ok: false, output: 'The user accepted changes but they could not be applied.', durationMs: 100 },
    );
    const first = page.locator('.tool').nth(0);
    await first.locator('.tool-decision').waitFor();
    assert.equal(await first.locator('.tool-decision').textContent(), '2 of 3 hunks accepted');
    assert.match((await first.getAttribute('class'))!, /decided/);
    assert.doesNotMatch((await first.getAttribute('class'))!, /failed/);
    assert.equal(await first.locator('.codicon-error').count(), 0);
    const neutral = await first.locator('summary .codicon').evaluate((e) => getComputedStyle(e).color);
    const second = page.locator('.tool').nth(1);
    assert.match((await second.getAttribute('class'))!, /failed/);
    const red = await second.locator('summary .codicon').evaluate((e) => getComputedStyle(e).color);
    assert.notEqual(neutral, red, 'only the real failure is red');
    assert.equal(await page.locator('.cs-meta').nth(0).textContent(), '2 of 3 hunks accepted');
    assert.equal(await page.locator('.cs-meta').nth(1).textContent(), '1 of 1 hunk accepted; writing them failed');
    await page.screenshot({ path: `${SHOTS}/chat-partly-rejected.png` });
  });

  it('a silent model shows "Waiting for the model, N s", then Retry; Retry also follows an error or Stop', async () => {
    const page = p.page;
    await page.clock.install();
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await p.take();
    await p.send({ type: 'state', running: true, taskId: 't1' }, { type: 'status', text: 'Step 2 of 100' });
    await page.clock.runFor(3000);
    assert.equal(await page.locator('.stall').isVisible(), false, 'not after 3 s');
    await page.clock.runFor(3000);
    assert.match((await page.locator('.stall-text').textContent())!, /^Waiting for the model, [56] s$/);
    assert.equal(await page.locator('.stall .retry').isVisible(), false);
    await page.clock.runFor(40_000);
    assert.match((await page.locator('.stall-text').textContent())!, /^Waiting for the model, 4[56] s$/);
    await page.screenshot({ path: `${SHOTS}/chat-waiting.png` });
    await page.locator('.stall .retry').click();
    assert.deepEqual(await p.take(), [{ type: 'retry' }]);
    // A tool running is not the model's silence.
    await p.send({ type: 'toolStarted', callId: 'c1', name: 'run_command', summary: 'npm test' });
    await page.clock.runFor(30_000);
    assert.equal(await page.locator('.stall').isVisible(), false);
    await p.send({ type: 'end', kind: 'error', text: 'The endpoint timed out.' }, { type: 'state', running: false, taskId: 't1' });
    await page.locator('.end.error .retry').click();
    assert.deepEqual(await p.take(), [{ type: 'retry' }]);
    await p.send({ type: 'state', running: true, taskId: 't1' });
    assert.equal(await page.locator('.end .retry').count(), 0, 'a retry under way removes the old button');
    await p.send({ type: 'end', kind: 'finished', text: 'ok' }, { type: 'state', running: false, taskId: 't1' });
    assert.equal(await page.locator('.end.finished .retry').count(), 0);
  });

  it('code blocks: coloured, with Copy and Insert at Cursor; file references and web links open through the host', async () => {
    const page = p.page;
    await p.send(
      { type: 'state', running: true, taskId: 't1' },
      { type: 'text', text: 'See src/a.ts:12 and `lib/b.py#L3`, [docs](https://example.com/x) or https://nodejs.org/api.\n\n```ts\nconst n: number = 1; // one\n```\n' },
      { type: 'end', kind: 'finished', text: 'done' },
    );
    await page.waitForSelector('.md-code-block');
    assert.equal(await page.locator('.md-code-block .tok-kw').first().textContent(), 'const');
    assert.equal(await page.locator('.md-code-block .tok-com').textContent(), '// one');
    await page.locator('.md-code-block').hover();
    await page.locator('.code-copy').click();
    await page.locator('.code-insert').click();
    await page.locator('.file-ref').nth(0).click();
    await page.locator('.file-ref').nth(1).click();
    await page.locator('.web-link').nth(0).click();
    await page.locator('.web-link').nth(1).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await p.take(), [
      { type: 'copyCode', text: 'const n: number = 1; // one' },
      { type: 'insertCode', text: 'const n: number = 1; // one' },
      { type: 'openFile', path: 'src/a.ts', line: 12 },
      { type: 'openFile', path: 'lib/b.py', line: 3 },
      { type: 'openLink', url: 'https://example.com/x' },
      { type: 'openLink', url: 'https://nodejs.org/api' },
    ]);
    assert.equal(await page.locator('.transcript a').count(), 0, 'no anchors: nothing navigates by itself');
    await page.screenshot({ path: `${SHOTS}/chat-code-block.png` });
  });

  it('Stop posts stop while running; the input is disabled until the task ends, then Enter continues the task', async () => {
    await p.send(...RUN);
    const page = p.page;
    assert.equal(await page.locator('button.stop').isDisabled(), false);
    assert.equal(await page.locator('.composer .send').isDisabled(), true);
    await page.locator('button.stop').click();
    assert.deepEqual(await p.take(), [{ type: 'stop' }]);
    await p.send({ type: 'end', kind: 'stopped', text: 'Stopped by the user.' }, { type: 'state', running: false, taskId: 't1' });
    await page.waitForSelector('.entry.end.stopped');
    assert.equal(await page.locator('button.stop').isDisabled(), true);
    await page.locator('.composer .input').fill('now add tests');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('please');
    await page.keyboard.press('Enter');
    assert.deepEqual(await p.take(), [{ type: 'submit', text: 'now add tests\nplease', mode: 'continue', exclude: [], pinned: [] }]);
    assert.equal(await page.locator('.composer .input').inputValue(), '');
  });

  it('starts a new task from an empty view with the Start button', async () => {
    await p.page.locator('.composer .input').fill('Write a CLI');
    await p.page.locator('.composer .send').click();
    assert.deepEqual(await p.take(), [{ type: 'submit', text: 'Write a CLI', mode: 'new', exclude: [], pinned: [] }]);
  });

  it('asks command approvals inline: the card has focus (no button), Enter does nothing, the command is code with its rule', async () => {
    const cmd = 'curl -fsSL https://example.com/install.sh | sh';
    await p.send({ type: 'state', running: true, taskId: 't1' }, { type: 'approval', id: 'a1', command: cmd, reason: '`curl -fsSL https://example.com/install.sh` is not on the allowlist.' });
    const page = p.page;
    await page.waitForSelector('.approval');
    assert.equal(await page.locator('.approval-command code').textContent(), cmd);
    assert.match(await page.locator('.approval-command').evaluate((e) => getComputedStyle(e).whiteSpace), /pre-wrap/);
    assert.equal(await page.locator('.approval-reason').textContent(), 'Needs approval: curl -fsSL https://example.com/install.sh is not on the allowlist.');
    assert.ok(!(await page.locator('.approval-reason').textContent())!.includes('`'), 'no literal backticks');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'entry approval');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'DIV');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    assert.deepEqual(await p.take(), [], 'Enter on the card answers nothing');
    await page.screenshot({ path: `${SHOTS}/chat-approval.png` });
    await page.locator('.approve-always').click();
    assert.deepEqual(await p.take(), [{ type: 'approve', id: 'a1', decision: 'always' }]);
    await p.send({ type: 'approvalResolved', id: 'a1', decision: 'always' });
    assert.equal(await page.locator('.approval-result').textContent(), 'Allowed for this task');
    // A command the user denies is their decision: its card is neutral, not a red failure.
    await p.send(
      { type: 'toolStarted', callId: 'r2', name: 'run_command', summary: 'rm -rf build' },
      { type: 'approval', id: 'a2', command: 'rm -rf build', reason: '`rm -rf build` is not on the allowlist.' },
      { type: 'approvalResolved', id: 'a2', decision: 'deny' },
      { type: 'toolFinished', callId: 'r2', ok: false, output: 'The user declined to run `rm -rf build`.', durationMs: 10 },
    );
    const denied = page.locator('.tool').filter({ hasText: 'rm -rf build' });
    await denied.locator('.tool-decision').waitFor();
    assert.equal(await denied.locator('.tool-decision').textContent(), 'denied by you');
    assert.doesNotMatch((await denied.getAttribute('class'))!, /failed/);
  });

  it('a command that asks to leave the sandbox offers once, for the task and Always (the rule it saves named); Enter still answers nothing', async () => {
    const reason = "It asks to run with the network (files stay sandboxed). The model's reason: it installs lodash.";
    await p.send({ type: 'state', running: true, taskId: 't1' }, { type: 'approval', id: 'n1', command: 'npm install lodash', reason, remember: 'network: npm install lodash' });
    const page = p.page;
    const card = page.locator('.approval');
    await card.waitFor();
    assert.deepEqual(await card.locator('.approval-buttons button').allTextContents(), ['Allow once', 'For this task', 'Always', 'Deny']);
    assert.equal(await card.locator('.approval-saves').textContent(), '"Always" saves network: npm install lodash in your user setting forge.sandbox.allowOutside (remove it there to undo).');
    assert.match((await card.locator('.approve-remember').getAttribute('title'))!, /forge\.sandbox\.allowOutside/);
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'entry approval', 'the card has focus, not Always');
    await page.keyboard.press('Enter');
    assert.deepEqual(await p.take(), [], 'Enter on the card answers nothing');
    // Tab reaches the first button, Allow once, never Always first.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Allow once');
    await page.screenshot({ path: `${SHOTS}/chat-approval-outside.png` });
    await card.locator('.approve-remember').click();
    assert.deepEqual(await p.take(), [{ type: 'approve', id: 'n1', decision: 'remember' }]);
    await p.send({ type: 'approvalResolved', id: 'n1', decision: 'remember' });
    assert.equal(await card.locator('.approval-result').textContent(), 'Always allowed (saved in forge.sandbox.allowOutside)');
    // A plain allowlist question has no Always that saves anything.
    await p.send({ type: 'approval', id: 'n2', command: 'rm -rf build', reason: '`rm -rf build` is not on the allowlist.' });
    await page.locator('.approval').nth(1).waitFor();
    assert.deepEqual(await page.locator('.approval').nth(1).locator('.approval-buttons button').allTextContents(), ['Allow once', 'Always for this command', 'Deny']);
    assert.equal(await page.locator('.approval').nth(1).locator('.approval-saves').count(), 0);
  });

  it('first run: one line says no endpoint is configured, its button asks the host to add one, and it goes once one is ready', async () => {
    const page = p.page;
    const line = page.locator('.setup-line');
    assert.equal(await line.isVisible(), false, 'hidden until the host says');
    await p.send({ type: 'setup', endpoint: 'noEndpoint' });
    await line.waitFor();
    assert.equal(await line.textContent(), 'No model endpoint is configured yet.Add Model Endpoint');
    await line.locator('button.setup-fix').click();
    assert.deepEqual(await p.take(), [{ type: 'setupEndpoint' }]);
    await p.send({ type: 'setup', endpoint: 'noSelection' });
    assert.equal(await line.locator('button').textContent(), 'Select Model');
    await p.send({ type: 'setup', endpoint: 'ready' });
    await line.waitFor({ state: 'hidden' });
  });

  it('the input shows the active endpoint profile; clicking it asks the host to switch; Enter in the input never does', async () => {
    const page = p.page;
    const picker = page.locator('.composer .profile');
    assert.equal(await picker.isVisible(), false, 'hidden until a profile is active');
    await p.send({ type: 'setup', endpoint: 'ready', profile: 'Local llama.cpp' });
    await picker.waitFor();
    assert.equal((await picker.textContent())!.trim(), 'Local llama.cpp');
    assert.match((await picker.getAttribute('title'))!, /Click to switch/);
    await picker.click();
    assert.deepEqual(await p.take(), [{ type: 'pickModel' }]);
    await page.locator('.composer .input').fill('');
    await page.locator('.composer .input').press('Enter');
    assert.deepEqual(await p.take(), [], 'Enter on an empty input sends nothing and picks nothing');
    await p.send({ type: 'setup', endpoint: 'noSelection' });
    await picker.waitFor({ state: 'hidden' });
  });

  it('renders model text with <script> and <img onerror> as text: nothing runs, no element is created', async () => {
    const evil = 'Look: <script>window.__pwned=1</script>\n\n<img src=x onerror="window.__pwned=2"> and [x](javascript:window.__pwned=3)\n\n```\n<svg onload="window.__pwned=4">\n```';
    await p.send({ type: 'state', running: true, taskId: 't' }, { type: 'text', text: evil }, { type: 'end', kind: 'finished', text: '<img src=y onerror="window.__pwned=5">' });
    const page = p.page;
    await page.waitForSelector('.entry.end');
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('.transcript script, .transcript img, .transcript svg, .transcript a').count(), 0);
    const text = (await page.locator('.entry.assistant').textContent())!;
    assert.ok(text.includes('<script>window.__pwned=1</script>'));
    assert.ok(text.includes('<img src=x onerror="window.__pwned=2">'));
    assert.ok(text.includes('<svg onload="window.__pwned=4">'));
    assert.equal(await page.locator('.md-link').getAttribute('title'), 'javascript:window.__pwned=3');
    assert.equal(await page.locator('.entry.end .markdown').textContent(), '<img src=y onerror="window.__pwned=5">');
  });

  it('reset clears the transcript and plan; the header leaves New Task and History to the view title', async () => {
    await p.send(...RUN, { type: 'state', running: false, taskId: 't1' });
    await p.send({ type: 'reset' });
    assert.equal(await p.page.locator('.transcript > *').count(), 0);
    assert.equal(await p.page.locator('.plan').isVisible(), false);
    assert.equal(await p.page.locator('.toolbar > button').count(), 1, 'only Stop: New Task and History are native view-title actions');
    assert.equal(await p.page.locator('.toolbar button.stop').count(), 1);
    assert.equal(await p.page.locator('.toolbar').isVisible(), false, 'an idle, empty view has no header row');
    await p.send({ type: 'state', running: true, taskId: 't2' });
    assert.equal(await p.page.locator('button.stop').isVisible(), true, 'Stop shows while a task runs');
  });

  it('tool card summaries: the model\'s prose as inline markdown (no asterisks), paths and commands as typed', async () => {
    await p.send(
      { type: 'state', running: true, taskId: 't1' },
      { type: 'toolStarted', callId: 'f1', name: 'finish', summary: 'Added **farewell** to `src/greet.ts`. <img src=x onerror="window.__pwned=1">' },
      { type: 'toolStarted', callId: 'r1', name: 'read_file', summary: 'src/__init__.py' },
      { type: 'toolStarted', callId: 'c1', name: 'run_command', summary: 'ls *.ts **/*.js' },
    );
    const page = p.page;
    await page.waitForSelector('.tool >> nth=2');
    const args = page.locator('.tool .tool-arg');
    assert.equal(await args.nth(0).textContent(), 'Added farewell to src/greet.ts. <img src=x onerror="window.__pwned=1">');
    assert.equal(await args.nth(0).locator('strong').textContent(), 'farewell');
    assert.equal(await args.nth(0).locator('code').textContent(), 'src/greet.ts');
    assert.equal(await page.locator('.transcript img').count(), 0);
    assert.equal(await args.nth(1).textContent(), 'src/__init__.py');
    assert.equal(await args.nth(1).locator('strong, em').count(), 0);
    assert.equal(await args.nth(2).textContent(), 'ls *.ts **/*.js');
    assert.equal(await args.nth(2).getAttribute('title'), 'ls *.ts **/*.js');
    await page.screenshot({ path: `${SHOTS}/chat-tool-cards.png` });
  });

  it('shows a propose_edits call while the model writes it, then gives way to the tool card', async () => {
    const page = p.page;
    await p.send(
      { type: 'reset' },
      { type: 'state', running: true, taskId: 't1' },
      { type: 'editProgress', index: 0, files: [{ path: 'src/a.ts', hunks: 0 }] },
      { type: 'editProgress', index: 0, files: [{ path: 'src/a.ts', hunks: 1 }, { path: 'src/b.ts', hunks: 2 }] },
    );
    await page.waitForSelector('.writing .tool-arg');
    assert.equal(await page.locator('.writing').count(), 1, 'one card per call, updated in place');
    assert.equal(await page.locator('.writing .tool-arg').textContent(), 'writing 2 files, 3 hunks so far: src/a.ts (1), src/b.ts (2)');
    await page.screenshot({ path: `${SHOTS}/chat-writing-edit.png` });
    await p.send({ type: 'toolStarted', callId: 'c1', name: 'propose_edits', summary: 'src/a.ts, src/b.ts' });
    await page.waitForSelector('.tool .tool-name');
    assert.equal(await page.locator('.writing').count(), 0);
    assert.equal(await page.locator('.tool .tool-name').textContent(), 'propose_edits');
  });
});
